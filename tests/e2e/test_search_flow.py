"""Searching as a coordinator does: suggestions while typing, the results with the items that
matched, and the link that opens an item on its page, scrolled to and marked."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.e2e

SEARCH = "/editie-2025/zoeken/"
MATCHEN = "/editie-2025/vrijwilligers-begeleiden/matchen/"
TASK = "Wervingsproces opzetten en beheren"
SHOTS = "/tmp/shots-search"
SCROLL_WIDTH = "() => document.documentElement.scrollWidth"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone-360", "desktop-1280"])
def test_suggestions_while_typing_lead_to_the_item_on_its_page(browser_context, audit, viewport):
    page = browser_context(viewport=viewport).new_page()
    page.goto(SEARCH)
    box = page.get_by_role("searchbox", name="Zoekterm")
    box.press_sequentially("wervingsp")

    suggestions = page.locator("#search-suggestions")
    suggestion = suggestions.get_by_role("link", name=re.compile(TASK))
    expect(suggestion).to_be_visible()
    expect(suggestion.locator("mark")).to_have_text("Wervingsproces")
    audit(page)
    assert page.evaluate(SCROLL_WIDTH) <= viewport["width"]
    page.screenshot(path=f"{SHOTS}/suggestions-{viewport['width']}.png", full_page=True)

    suggestion.click()
    expect(page).to_have_url(re.compile(f"{MATCHEN}#item-[0-9a-f-]{{36}}$"))
    item = page.locator(":target")
    expect(item).to_have_text(TASK)
    expect(item).to_be_in_viewport()
    expect(item).to_have_css("outline-style", "solid")  # marked
    audit(page)
    page.screenshot(path=f"{SHOTS}/item-{viewport['width']}.png")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone-360", "desktop-1280"])
def test_results_name_the_items_that_matched(browser_context, audit, viewport):
    page = browser_context(viewport=viewport).new_page()
    page.goto(SEARCH)
    page.get_by_role("searchbox", name="Zoekterm").fill("werven")
    page.get_by_role("button", name="Zoeken").click()

    expect(page).to_have_url(re.compile(r"zoeken/\?q=werven$"))
    hits = page.get_by_role("list").filter(has=page.locator(".search-hit")).get_by_role("listitem")
    hit = hits.filter(has_text=TASK)
    expect(hit).to_contain_text("Taak · 2.3 Matchen · Uitvoerend niveau — Aanvullende taken")
    expect(hit.locator("mark")).to_have_text("Wervingsproces")
    expect(page.get_by_role("heading", name="Taakgebieden")).to_be_visible()
    audit(page)
    assert page.evaluate(SCROLL_WIDTH) <= viewport["width"]
    page.screenshot(path=f"{SHOTS}/results-{viewport['width']}.png", full_page=True)

    hit.get_by_role("link").click()
    expect(page.locator(":target")).to_have_text(TASK)


def test_the_form_works_without_javascript(browser_context):
    page = browser_context(java_script_enabled=False).new_page()
    page.goto(SEARCH)
    page.get_by_role("searchbox", name="Zoekterm").fill("verklaring omtrent gedrag")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.locator(".search-hit").filter(has_text="VOG")).to_have_count(1)
    expect(page.locator("#search-suggestions")).to_be_empty()


def test_the_edition_overview_suggests_while_typing_too(page, audit):
    page.goto("/editie-2025/")
    page.get_by_role("searchbox", name="Zoek in taken en competenties").press_sequentially("vog")
    suggestion = page.locator("#search-suggestions").get_by_role("link", name=re.compile("VOG"))
    expect(suggestion).to_be_visible()
    audit(page)
