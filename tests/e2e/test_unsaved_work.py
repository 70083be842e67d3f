"""An editor never loses unsaved work without warning: leaving the page editor with changes
asks first (Wagtail's unsaved-changes warning), and a save the server refuses as too large
(400) shows the Dutch error page, from which the browser's Back button returns to the
editor with the text still in it."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE
from .test_editor_flow import (
    EDITOR,
    MODERATOR,
    OLD_TASK,
    choose_action,
    log_in,
    open_task,
    textarea_with_value,
)

pytestmark = pytest.mark.e2e

NEW_TASK = "Een tekst die nog niet is opgeslagen en niet verloren mag gaan."
# Wagtail takes the form's starting state ("watch-edits") 2 s after its unsaved-changes check
# connects, and it connects twice while the editor starts; edits before the last one count as
# the starting state. A person edits later than that, this test would be faster.
WATCHING = (
    "document.addEventListener('w-unsaved:watch-edits', () => {"
    " window.unsavedWatching = performance.now(); });"
)
WATCHED = "() => window.unsavedWatching && performance.now() - window.unsavedWatching > 1000"


@pytest.fixture
def section_id(site_content):
    from framework_pages.models import TaakgebiedPage

    return TaakgebiedPage.objects.get(number="2.3").id


def test_a_refused_save_warns_and_keeps_the_editors_text(
    browser_context, demo_accounts, section_id, settings, screenshot, monitor
):
    # Every post of the page editor (autosave and save) is over the limit; logging in is not.
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    editor = log_in(browser_context(), *EDITOR)
    edit_url = f"/admin/pages/{section_id}/edit/"
    editor.add_init_script(WATCHING)
    editor.goto(edit_url)
    editor.wait_for_function(WATCHED)
    open_task(editor, OLD_TASK)  # the matrix shows its tasks collapsed to their text
    task = textarea_with_value(editor, OLD_TASK)
    expect(task).to_be_visible()
    task.click()
    task.press("Control+A")
    editor.keyboard.type(NEW_TASK)
    expect(textarea_with_value(editor, NEW_TASK)).to_be_visible()

    # The autosave is refused too: the footer says it is paused and why, so the work is not saved.
    footer = editor.locator(".footer__save-warning")
    expect(footer).to_be_visible()
    expect(footer).to_contain_text("Automatisch opslaan is gepauzeerd")
    expect(footer).to_contain_text("te veel velden; er is niets opgeslagen")
    screenshot(editor, "unsaved-footer")

    # Leaving asks first (the browser's "leave site?" prompt); staying keeps the text.
    prompts = []

    def stay(dialog):
        prompts.append(dialog.type)
        dialog.dismiss()

    editor.on("dialog", stay)
    editor.get_by_role("link", name="Matchen").first.evaluate("a => a.click()")
    editor.wait_for_timeout(500)
    assert prompts == ["beforeunload"]
    expect(editor).to_have_url(re.compile(re.escape(edit_url) + "$"))
    expect(textarea_with_value(editor, NEW_TASK)).to_be_visible()
    editor.remove_listener("dialog", stay)

    # Saving is refused as too large: a Dutch page that says what happened and what to do.
    editor.get_by_role("button", name="Bewaar concept").click()
    expect(editor.get_by_role("heading", level=1)).to_have_text("Het formulier is niet verwerkt")
    expect(editor.get_by_role("main")).to_contain_text("Er is niets opgeslagen.")
    expect(editor.get_by_role("main")).to_contain_text("knop Terug (Vorige) van je browser")
    for name, size in (("400-desktop", DESKTOP), ("400-phone", PHONE)):
        editor.set_viewport_size(size)
        editor.screenshot(path=f"/tmp/shots-cleaning/{name}.png", full_page=True)
    assert editor.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    editor.set_viewport_size(DESKTOP)

    # Back in the editor, the text is still there (in the task, whose title shows it), and it
    # is still marked unsaved: leaving asks first again.
    editor.go_back()
    expect(editor).to_have_url(re.compile(re.escape(edit_url) + "$"))
    open_task(editor, NEW_TASK)
    expect(textarea_with_value(editor, NEW_TASK)).to_be_visible()
    expect(footer).to_be_visible()
    expect(footer).to_contain_text("Automatisch opslaan is gepauzeerd")
    editor.on("dialog", stay)
    editor.get_by_role("link", name="Matchen").first.evaluate("a => a.click()")
    editor.wait_for_timeout(500)
    assert prompts == ["beforeunload", "beforeunload"]
    expect(textarea_with_value(editor, NEW_TASK)).to_be_visible()
    editor.remove_listener("dialog", stay)

    # The browser logs each refused post (autosave and save) as a failed request; nothing else.
    refused = f"status of 400 (Bad Request) ({monitor.base_url}{edit_url})"
    others = [e for e in monitor.console_errors if refused not in e]
    monitor.console_errors.clear()
    assert others == []


def test_back_to_a_published_page_is_not_marked_unsaved(
    browser_context, demo_accounts, section_id, monitor
):
    # Publishing leads to the explorer, not the editor: that page clears the submit's mark, so
    # Back to the editor later shows saved work as saved and leaving it asks nothing.
    moderator = log_in(browser_context(), *MODERATOR)
    edit_url = f"/admin/pages/{section_id}/edit/"
    moderator.add_init_script(WATCHING)
    moderator.goto(edit_url)
    moderator.wait_for_function(WATCHED)
    choose_action(moderator, "Publiceren")
    expect(moderator).not_to_have_url(re.compile(re.escape(edit_url) + "$"))
    moderator.go_back()
    expect(moderator).to_have_url(re.compile(re.escape(edit_url) + "$"))
    moderator.wait_for_function(WATCHED)
    assert (
        moderator.locator("form#page-edit-form").get_attribute("data-w-unsaved-force-value")
        == "false"
    )
    prompts = []
    moderator.on("dialog", lambda dialog: (prompts.append(dialog.type), dialog.dismiss()))
    moderator.get_by_role("link", name="Matchen").first.evaluate("a => a.click()")
    moderator.wait_for_timeout(500)
    assert prompts == []
