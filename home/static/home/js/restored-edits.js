/* Work the server refused stays marked as unsaved.
 *
 * When a save is refused (a 400 for a form that is too large, a 403, a 500, no connection)
 * the browser's Back button returns to the editor and restores what was typed. Wagtail then
 * takes that restored form as its unchanged starting point, so leaving would not warn and the
 * work could be lost. A submit marks the form in this tab's sessionStorage; a page that loads
 * normally (a successful save redirects, an invalid one renders again) clears the mark; a page
 * reached by Back with the mark still set is told it has unsaved changes, as Wagtail does
 * itself when it renders a form with errors.
 */
// Editor scripts run in the page head, before the form exists.
document.addEventListener('DOMContentLoaded', () => {
  const form = document.querySelector('form[data-controller~="w-unsaved"]');
  if (!form) return;
  const key = `portal:submitted:${window.location.pathname}`;
  const [navigation] = performance.getEntriesByType('navigation');
  const restored = navigation && navigation.type === 'back_forward';

  if (restored && sessionStorage.getItem(key)) {
    form.setAttribute('data-w-unsaved-force-value', 'true');
    // The browser restores the fields after "load", before "pageshow"; the collapsed blocks
    // still show their old titles, which Wagtail refreshes when a panel toggles.
    window.addEventListener('pageshow', () => {
      form.querySelectorAll('[data-panel-toggle]').forEach((toggle) => {
        const expanded = toggle.getAttribute('aria-expanded') === 'true';
        toggle.dispatchEvent(
          new CustomEvent('wagtail:panel-toggle', { bubbles: true, detail: { expanded } }),
        );
      });
    });
  }
  sessionStorage.removeItem(key);
  form.addEventListener('submit', () => sessionStorage.setItem(key, '1'));
});
