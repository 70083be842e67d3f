"""An editor moves a task to another cell of the matrix in the page editor; a moderator approves.

The task stays the same item: its id is kept, a coordinator's tick in a self-assessment in
progress stays on it, and the edition comparison ("Wat is er veranderd") calls it moved, from
which cell to which. Edition 2026 is made from 2025 as "Nieuwe editie maken" does (same ids),
published and made current; the task moves in 2026.
"""

import re
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from . import test_checklist_flow as checklist
from . import test_editor_flow as editor_flow
from .conftest import PHONE

pytestmark = pytest.mark.e2e

TASK = "Aanspreekpunt voor vrijwilligers zijn."
FROM_CELL = "uitvoerend-basis"
TO_CELL = "tactisch_strategisch-basis"
TO_LABEL = "Tactisch en strategisch niveau — Basistaken"
MATCHEN_2026 = "/editie-2026/vrijwilligers-begeleiden/matchen/"


def matrix_tasks(page_or_revision):
    """{(level, kind): [(id, text)]} of a page's or revision's task matrix."""
    from framework_pages.body import matrix_cells

    return {
        cell: [(e["id"], e["value"]["text"]) for e in entries]
        for cell, entries in matrix_cells(page_or_revision.body.raw_data).items()
    }


@pytest.fixture
def edition_2026(site_content):
    """Edition 2026 as a copy of 2025, published and current; its 2.3 and the task's id."""
    from wagtail.models import Site

    from framework_pages.exchange.editions import copy_edition, publish_edition
    from framework_pages.models import FrameworkPage, TaakgebiedPage
    from home.models import PortalSettings

    copy_edition(FrameworkPage.objects.get(edition_label="2025"), "2026")
    edition = FrameworkPage.objects.get(edition_label="2026")
    publish_edition(edition)
    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    settings.current_edition = edition
    settings.save()
    section = TaakgebiedPage.objects.descendant_of(edition).get(number="2.3")
    (task_id,) = [
        uid for uid, text in matrix_tasks(section)[("uitvoerend", "basis")] if text == TASK
    ]
    return SimpleNamespace(section_id=section.id, task_id=task_id)


def open_step(page):
    page.get_by_role("link", name=re.compile(r"2\.3 Matchen$")).first.click()
    expect(page).to_have_url(checklist.STEP_URL)


def task_in_cell(page, cell, text):
    return (
        page.locator(f'[data-task-matrix-cell="{cell}"]')
        .locator("[data-streamfield-child]:visible")
        .filter(has=page.locator(".c-sf-block__title", has_text=text))
    )


def test_a_task_moved_to_another_cell_stays_the_same_item(
    browser_context, demo_accounts, edition_2026, audit, screenshot, settings
):
    from framework_pages.models import TaakgebiedPage

    # No autosave: what is submitted is what the editor moved, with no save racing the submit.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0

    # A coordinator ticks the task in a self-assessment and leaves it unfinished.
    coordinator = browser_context().new_page()
    coordinator.goto(MATCHEN_2026)
    coordinator.get_by_role("link", name="Zelfscan voor dit onderdeel").click()
    scope = coordinator.get_by_role("group", name="Wat wil je invullen?")
    expect(scope.get_by_role("radio", name=re.compile(r"^2\.3 Matchen\b"))).to_be_checked()
    checklist.submit(coordinator, "Start de zelfscan")
    expect(coordinator).to_have_url(checklist.OVERVIEW_URL)
    private_link = coordinator.url
    open_step(coordinator)
    checklist.choice(coordinator, TASK, checklist.TICK_TASK).check()
    checklist.save_step(coordinator)

    # The editor sees the matrix as its grid, the task collapsed to its text, and moves it.
    editor = editor_flow.log_in(browser_context(), *editor_flow.EDITOR)
    editor.goto(f"/admin/pages/{edition_2026.section_id}/edit/")
    task = task_in_cell(editor, FROM_CELL, TASK)
    expect(task).to_have_count(1)
    expect(task.get_by_label("Taak*", exact=True)).to_be_hidden()
    editor_flow.open_task(editor, TASK)
    task.get_by_label("Verplaats naar een ander vak").select_option(label=TO_LABEL)
    expect(task_in_cell(editor, FROM_CELL, TASK)).to_have_count(0)
    moved = task_in_cell(editor, TO_CELL, TASK)
    expect(moved).to_have_count(1)
    expect(
        editor.locator(f'[data-task-matrix-cell="{TO_CELL}"]').get_by_role("status")
    ).to_have_text(f"‘{TASK}’ is hierheen verplaatst, naar {TO_LABEL}.")
    screenshot(editor, "matrix-moved")
    editor_flow.choose_action(editor, re.compile(r"^Stuur door naar"))
    expect(editor.get_by_role("status")).to_contain_text("ter goedkeuring ingediend")

    # Submitted, not live: the public page still has it in its old cell.
    visitor = browser_context().new_page()
    visitor.goto(MATCHEN_2026)
    expect(editor_flow.matrix_cell(visitor, "Uitvoerend niveau", "Basistaken")).to_contain_text(
        TASK
    )

    # The moderator approves and publishes.
    moderator = editor_flow.log_in(browser_context(), *editor_flow.MODERATOR)
    moderator.goto(f"/admin/pages/{edition_2026.section_id}/edit/")
    expect(task_in_cell(moderator, TO_CELL, TASK)).to_have_count(1)
    editor_flow.choose_action(moderator, "Goedkeuren en publiceren")
    expect(moderator.get_by_role("status")).to_contain_text("Pagina 'Matchen' is gewijzigd")

    # Live, in its new cell, with the id it had.
    visitor.reload()
    new_cell = editor_flow.matrix_cell(visitor, "Tactisch en strategisch niveau", "Basistaken")
    expect(new_cell.get_by_role("listitem").filter(has_text=TASK)).to_have_count(1)
    expect(editor_flow.matrix_cell(visitor, "Uitvoerend niveau", "Basistaken")).not_to_contain_text(
        TASK
    )
    live = TaakgebiedPage.objects.get(pk=edition_2026.section_id)
    tasks = matrix_tasks(live)
    assert (edition_2026.task_id, TASK) in tasks[("tactisch_strategisch", "basis")]
    assert all(uid != edition_2026.task_id for uid, _text in tasks[("uitvoerend", "basis")])

    # The coordinator comes back: the tick is still on the task.
    coordinator.goto(private_link)
    open_step(coordinator)
    expect(checklist.choice(coordinator, TASK, checklist.TICK_TASK)).to_be_checked()

    # What changed from 2025 to 2026: the task moved, from which cell to which.
    visitor.goto("/editie-2026/wat-is-er-veranderd/?met=2025")
    change = visitor.get_by_role("listitem").filter(has_text=TASK)
    expect(change).to_have_count(1)
    expect(change).to_contain_text("Verplaatst")
    expect(change).to_contain_text(
        "van 2.3 Matchen (Uitvoerend niveau — Basistaken) naar "
        "2.3 Matchen (Tactisch en strategisch niveau — Basistaken)"
    )
    expect(change).not_to_contain_text("Verwijderd")
    audit(visitor)


EDIT_PAGE_HEIGHTS = """() => {
  const main = document.querySelector('main#main');
  const matrix = [...document.querySelectorAll(
    '[data-streamfield-stream-container] > [data-streamfield-child]')]
    .find(c => c.querySelector('input[name$="-type"]').value === 'task_matrix');
  return {page: main.scrollHeight, matrix: matrix.offsetHeight};
}"""
# Collapse every panel inside the body's blocks (the four top-level blocks stay open).
COLLAPSE_INSIDE_BLOCKS = """() => {
  const stream = document.querySelector('[data-streamfield-stream-container]');
  const top = new Set([...stream.children].filter(c => c.matches('[data-streamfield-child]'))
    .map(c => c.querySelector('[data-panel-toggle]')));
  [...stream.querySelectorAll('[data-panel-toggle][aria-expanded="true"]')].reverse()
    .forEach(t => { if (!top.has(t)) t.click(); });
}"""


def test_the_matrix_of_2_3_is_one_screen_in_the_editor(browser_context, demo_accounts, screenshot):
    """The 2.3 edit page at 1280 px (Wagtail scrolls inside main#main, so the page's height is
    its scrollHeight): before the grid, as opened 20,007 px with the matrix 5,715 px; with
    every panel inside the blocks collapsed 4,055 px, the matrix then two closed rows (532 px)
    showing no task. Now the matrix shows its twelve tasks in its grid in well under 1,200 px,
    opened or collapsed; screenshots at 1280 and 360 px."""
    from framework_pages.models import TaakgebiedPage

    section_id = TaakgebiedPage.objects.get(number="2.3").id
    for name, size in (("desktop", {"width": 1280, "height": 900}), ("phone", PHONE)):
        context = browser_context(viewport=size)
        editor = editor_flow.log_in(context, *editor_flow.EDITOR)
        editor.goto(f"/admin/pages/{section_id}/edit/")
        expect(editor.locator("[data-task-matrix-cell] .c-sf-block__title")).to_have_count(12)
        opened = editor.evaluate(EDIT_PAGE_HEIGHTS)
        editor.evaluate(COLLAPSE_INSIDE_BLOCKS)
        collapsed = editor.evaluate(EDIT_PAGE_HEIGHTS)
        print(f"2.3 edit page at {size['width']} px: opened {opened}, collapsed {collapsed}")
        editor.locator(".task-matrix-row").first.evaluate("e => e.scrollIntoView()")
        screenshot(editor, f"matrix-edit-{name}")
        if name == "desktop":
            assert opened["matrix"] < 1200 and collapsed["matrix"] < 1200
            assert opened["page"] < 15_000
        # Nothing wider than the screen.
        assert editor.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
