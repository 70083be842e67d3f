"""An editor changes a task, previews it, submits it; a moderator approves; the public page shows it.

Wagtail's default moderation workflow ("Redactionele goedkeuring") applies to every page: the editor
(group Editors) cannot publish, the moderator (group Moderators) approves and so publishes.
"""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

MATCHEN = "/editie-2025/vrijwilligers-begeleiden/matchen/"
OLD_TASK = "Aanspreekpunt voor vrijwilligers zijn."
NEW_TASK = "Is het vaste aanspreekpunt voor nieuwe en ervaren vrijwilligers."
EDITOR = ("redacteur", "demo-redacteur-2025")
MODERATOR = ("moderator", "demo-moderator-2025")


@pytest.fixture
def section_id(site_content):
    """Task area 2.3, looked up before any browser runs (the server shares the database)."""
    from framework_pages.models import TaakgebiedPage

    return TaakgebiedPage.objects.get(number="2.3").id


def log_in(context, username, password):
    page = context.new_page()
    page.goto("/admin/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    # Wagtail 8.0.1 leaves this label untranslated ("Password").
    page.get_by_label(re.compile(r"\b(Wachtwoord|Password)\b")).fill(password)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return page


def textarea_with_value(page, value):
    """The one StreamField text area whose current text is `value` (once the editor has built it)."""
    page.wait_for_function(
        "value => [...document.querySelectorAll('textarea')].some(area => area.value === value)",
        arg=value,
    )
    names = page.locator("textarea").evaluate_all(
        "(areas, value) => areas.filter(area => area.value === value).map(area => area.name)",
        value,
    )
    assert len(names) == 1, f"{len(names)} tekstvakken met ‘{value}’: {names}"
    return page.locator(f'textarea[name="{names[0]}"]')


def open_task(page, text):
    """Open a task of the matrix, which the editor shows collapsed to its text."""
    task = page.locator("[data-task-matrix-cell] [data-streamfield-child]:visible").filter(
        has=page.locator(".c-sf-block__title", has_text=text)
    )
    expect(task).to_have_count(1)
    task.locator("[data-panel-toggle]").first.click(position={"x": 8, "y": 8})
    return task


def matrix_cell(page, level, kind):
    row = (
        page.get_by_role("table", name="Taken")
        .locator("tr")
        .filter(has=page.get_by_role("rowheader", name=level, exact=True))
    )
    return row.locator(f'td[data-label="{kind}"]')


def choose_action(page, name):
    """An action from the menu under the footer's main button (Bewaar concept)."""
    page.get_by_role("button", name="Meer acties").click()
    action = page.get_by_role("button", name=name)
    expect(action).to_be_visible()
    action.click()


def test_editor_change_is_published_after_moderator_approval(
    browser_context, demo_accounts, section_id, audit, screenshot
):
    # The editor edits the task "Aanspreekpunt voor vrijwilligers zijn." in the task matrix.
    editor = log_in(browser_context(), *EDITOR)
    editor.goto(f"/admin/pages/{section_id}/edit/")
    expect(editor.get_by_role("heading", name="Matchen", level=1)).to_be_visible()
    open_task(editor, OLD_TASK)
    task = textarea_with_value(editor, OLD_TASK)
    expect(task).to_have_accessible_name(re.compile(r"^Taak"))
    task.fill(NEW_TASK)

    # The preview panel shows the change, as a publication and as the self-assessment.
    editor.get_by_role("button", name="Toon/verberg voorvertoning").click()
    preview = editor.frame_locator("iframe.w-preview__iframe:not(.w-preview__proxy)")
    expect(preview.get_by_role("table", name="Taken")).to_contain_text(NEW_TASK)
    expect(preview.get_by_role("table", name="Taken")).not_to_contain_text(OLD_TASK)
    editor.get_by_label("Voorbeeldmodus").select_option(label="Zelfscan")
    # The real step form: each item with "van toepassing" and "ontwikkelpunt".
    row = preview.locator("li.checklist-item", has_text=NEW_TASK)
    expect(row.get_by_role("checkbox", name="Van toepassing")).to_be_visible()
    expect(row.get_by_role("checkbox", name="Ontwikkelpunt")).to_be_visible()
    screenshot(editor, "editor-preview")

    # Submitted for moderation, not published.
    choose_action(editor, re.compile(r"^Stuur door naar Redactionele goedkeuring"))
    expect(editor.get_by_role("status")).to_contain_text(
        "Pagina 'Matchen' is ter goedkeuring ingediend"
    )
    visitor = browser_context().new_page()
    visitor.goto(MATCHEN)
    expect(matrix_cell(visitor, "Uitvoerend niveau", "Basistaken")).to_contain_text(OLD_TASK)
    expect(visitor.get_by_role("main")).not_to_contain_text(NEW_TASK)

    # The moderator finds the page awaiting review on the dashboard, checks it and approves.
    moderator = log_in(browser_context(), *MODERATOR)
    awaiting = moderator.locator("section, .w-panel").filter(
        has=moderator.get_by_role("heading", name="In afwachting van jouw beoordeling")
    )
    awaiting.first.get_by_role("link", name="Matchen", exact=True).click()
    expect(moderator).to_have_url(re.compile(rf"/admin/pages/{section_id}/edit/"))
    open_task(moderator, NEW_TASK)
    expect(textarea_with_value(moderator, NEW_TASK)).to_be_visible()
    choose_action(moderator, "Goedkeuren en publiceren")
    expect(moderator.get_by_role("status")).to_contain_text("Pagina 'Matchen' is gewijzigd")
    screenshot(moderator, "moderator-approved")

    # Anyone now reads the new task on the public page.
    visitor.reload()
    cell = matrix_cell(visitor, "Uitvoerend niveau", "Basistaken")
    expect(cell.get_by_role("listitem").filter(has_text=NEW_TASK)).to_have_count(1)
    expect(visitor.get_by_role("main")).not_to_contain_text(OLD_TASK)
    audit(visitor)


def test_admin_loads_nothing_from_other_hosts(browser_context, demo_accounts, monitor):
    """No avatars from gravatar.com or anything else from another host, also in the admin."""
    page = log_in(browser_context(), *EDITOR)
    expect(page.get_by_role("button", name="redacteur")).to_be_visible()
    page.wait_for_load_state("networkidle")
    monitor.assert_only_own_host()
    monitor.assert_no_console_errors()
