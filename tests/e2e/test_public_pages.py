"""What a visitor sees: home page, the framework from overview to competency, search, the phone view."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.e2e

OVERVIEW = "/editie-2025/"
MATCHEN = "/editie-2025/vrijwilligers-begeleiden/matchen/"
# A task in the cell "Uitvoerend niveau" × "Basistaken" of task area 2.3.
MATCHEN_TASK = "Aanspreekpunt voor vrijwilligers zijn."
# A task in the cell "Uitvoerend niveau" × "Aanvullende taken" of task area 2.3.
MATCHEN_EXTRA_TASK = "Wervingsproces opzetten en beheren"

SCROLL_WIDTH = "() => document.documentElement.scrollWidth"


def matrix_cell(page, level, kind):
    """The matrix cell for a level (row header) and kind (column, the cell's data-label)."""
    row = (
        page.get_by_role("table", name="Taken")
        .locator("tr")
        .filter(has=page.get_by_role("rowheader", name=level, exact=True))
    )
    return row.locator(f'td[data-label="{kind}"]')


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone-360", "desktop-1280"])
def test_home_page_is_accessible_and_fits_the_screen(browser_context, audit, viewport):
    page = browser_context(viewport=viewport).new_page()
    page.goto("/")

    expect(page).to_have_title(re.compile("Beroepsprofiel coördinator vrijwilligerswerk"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Naar editie 2025")).to_be_visible()
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()
    # Nothing wider than the screen: no sideways scrolling, also not on a 360 px phone.
    assert page.evaluate(SCROLL_WIDTH) <= viewport["width"]
    audit(page)


def test_reader_goes_from_home_to_a_task_area_and_a_competency(page, audit):
    page.goto("/")
    audit(page)

    page.get_by_role("link", name="Naar editie 2025").click()
    expect(page).to_have_url(re.compile(f"{OVERVIEW}$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("2025")
    contents = page.get_by_role("heading", name="Inhoud", exact=True)
    expect(contents).to_be_visible()
    audit(page)

    page.get_by_role("link", name=re.compile(r"^2\.3\s*Matchen$")).click()
    expect(page).to_have_url(re.compile(f"{MATCHEN}$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Matchen")

    # The task matrix is a real table: two column headers and two row headers.
    matrix = page.get_by_role("table", name="Taken")
    expect(matrix).to_be_visible()
    expect(matrix.locator('thead th[scope="col"]')).to_have_text(
        ["Basistaken", "Aanvullende taken"]
    )
    expect(matrix.locator('tbody th[scope="row"]')).to_have_text(
        ["Uitvoerend niveau", "Tactisch en strategisch niveau"]
    )
    expect(matrix.get_by_role("columnheader", name="Basistaken")).to_be_visible()
    expect(matrix.get_by_role("rowheader", name="Uitvoerend niveau")).to_be_visible()
    # A known task sits in its own cell.
    expect(matrix_cell(page, "Uitvoerend niveau", "Basistaken")).to_contain_text(MATCHEN_TASK)
    expect(matrix_cell(page, "Uitvoerend niveau", "Aanvullende taken")).to_contain_text(
        MATCHEN_EXTRA_TASK
    )
    audit(page)

    # Next and previous task area.
    pager = page.get_by_role("navigation", name="Vorige en volgende")
    pager.get_by_role("link", name=re.compile(r"^Volgende: 2\.4 Begeleiden")).click()
    expect(page).to_have_url(re.compile(r"/editie-2025/vrijwilligers-begeleiden/begeleiden/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Begeleiden")
    audit(page)

    pager.get_by_role("link", name=re.compile(r"^← Vorige: 2\.3 Matchen")).click()
    expect(page).to_have_url(re.compile(f"{MATCHEN}$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Matchen")

    # A competency of this task area lists the task areas that use it, this one included.
    competencies = page.get_by_role("region", name="Bijbehorende competenties")
    competency_link = competencies.get_by_role("link").first
    competency_text = competency_link.inner_text().strip()
    assert competency_text
    competency_link.click()
    expect(page).to_have_url(re.compile(r"/editie-2025/competenties/[0-9a-f-]{36}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(competency_text)
    expect(
        page.get_by_role("heading", name="Taakgebieden waarin deze competentie voorkomt")
    ).to_be_visible()
    expect(
        page.get_by_role("main").get_by_role("link", name=re.compile(r"Matchen$"))
    ).to_be_visible()
    audit(page)

    page.get_by_role("main").get_by_role("link", name=re.compile(r"Matchen$")).click()
    expect(page).to_have_url(re.compile(f"{MATCHEN}$"))


def test_reader_searches_the_framework(page, audit):
    page.goto(OVERVIEW)
    search = page.get_by_role("search")
    search.get_by_role("searchbox", name="Zoek in taken en competenties").fill("werving")
    search.get_by_role("button", name="Zoeken").click()

    expect(page).to_have_url(re.compile(r"/editie-2025/zoeken/\?q=werving$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Zoeken in het beroepsprofiel")
    # The query stays in the box, and the task areas about recruitment are found.
    expect(page.get_by_role("searchbox", name="Zoekterm")).to_have_value("werving")
    results = page.get_by_role("main").get_by_role("listitem").get_by_role("link")
    expect(results.filter(has_text="Matchen")).to_have_count(1)
    audit(page)

    results.filter(has_text="Matchen").click()
    expect(page).to_have_url(re.compile(f"{MATCHEN}$"))
    expect(page.get_by_role("table", name="Taken")).to_contain_text(MATCHEN_EXTRA_TASK)


def test_matrix_reflows_into_labelled_lists_on_a_phone(browser_context, audit):
    page = browser_context(viewport=PHONE).new_page()
    page.goto(MATCHEN)
    matrix = page.get_by_role("table", name="Taken")
    expect(matrix).to_be_visible()

    cells = matrix.locator("tbody td")
    expect(cells).to_have_count(4)
    styles = cells.evaluate_all(
        """cells => cells.map(td => ({
            label: td.dataset.label,
            display: getComputedStyle(td).display,
            before: getComputedStyle(td, '::before').content,
            beforeDisplay: getComputedStyle(td, '::before').display,
            width: td.getBoundingClientRect().width,
        }))"""
    )
    assert [s["label"] for s in styles] == ["Basistaken", "Aanvullende taken"] * 2
    for style in styles:
        # Each cell is a full-width block, headed by its column name.
        assert style["display"] == "block", style
        assert style["before"] == f'"{style["label"]}"', style
        assert style["beforeDisplay"] == "block", style
        assert style["width"] <= PHONE["width"], style
    # The row headers head their blocks; the column header row is only there for screen readers.
    expect(matrix.get_by_role("rowheader", name="Uitvoerend niveau")).to_be_visible()
    header_box = matrix.locator("thead").bounding_box()
    assert header_box is None or header_box["x"] + header_box["width"] <= 0
    expect(matrix_cell(page, "Uitvoerend niveau", "Basistaken")).to_contain_text(MATCHEN_TASK)
    assert page.evaluate(SCROLL_WIDTH) <= PHONE["width"]
    audit(page)

    # On a wide screen the same matrix is a table again.
    page.set_viewport_size(DESKTOP)
    expect(cells.first).to_have_css("display", "table-cell")
