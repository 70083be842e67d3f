/* Work the server refused stays marked as unsaved.
 *
 * When a save is refused (a 400 for a form that is too large, a 403, a 500, no connection)
 * the browser's Back button returns to the editor and restores what was typed. Wagtail then
 * takes that restored form as its unchanged starting point, so leaving would not warn and the
 * work could be lost. A submit marks its form in this tab's sessionStorage. Any admin page
 * that loads normally clears every mark: a save that succeeded redirected to one (the editor
 * again, or the explorer after publishing), and an invalid one rendered again, which Wagtail
 * itself marks unsaved. The refusal pages are not admin pages, so a mark survives exactly a
 * refused submit. An editor reached by Back with its mark still set is told it has unsaved
 * changes, as Wagtail does itself when it renders a form with errors.
 */
// Admin scripts run in the page head, before the form exists.
document.addEventListener('DOMContentLoaded', () => {
  const prefix = 'portal:submitted:';
  const key = prefix + window.location.pathname;
  const [navigation] = performance.getEntriesByType('navigation');
  const restored = navigation && navigation.type === 'back_forward';
  const form = document.querySelector('form[data-controller~="w-unsaved"]');

  if (restored && form && sessionStorage.getItem(key)) {
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
  if (restored) {
    sessionStorage.removeItem(key);
  } else {
    Object.keys(sessionStorage)
      .filter((name) => name.startsWith(prefix))
      .forEach((name) => sessionStorage.removeItem(name));
  }
  if (form) form.addEventListener('submit', () => sessionStorage.setItem(key, '1'));
});
