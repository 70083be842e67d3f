"""A role profile's whole journey on a phone (360 px), axe on every page.

A manager makes a functieprofiel of 2.3 and shares its code; a coordinator starts a scan from
it with consent, finishes, sees the gap to the position and puts two items on the plan; a
second coordinator connects without consent; the manager's team view counts only the first;
the job description prints and downloads as a Word file. The gap, the team view and the job
description are photographed at 360 and 1280 px (SCREENSHOTS_DIR, default /tmp).
"""

import io
import os
import re
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE
from .test_coordinator_journey import post

pytestmark = pytest.mark.e2e

SHOTS = Path(os.environ.get("SCREENSHOTS_DIR") or "/tmp")
OWNER_URL = re.compile(r"/zelfscan/[A-Za-z0-9_-]{43,}/$")
TITLE = "Coördinator vrijwilligers zorg en welzijn"


@pytest.fixture
def look(audit):
    """axe, console and hosts (``audit``), and nothing scrolls sideways at 360 px."""

    def check(page):
        audit(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"], f"{page.url} is {width} px breed"

    return check


def shoot(page, name):
    """The page at both widths, then back to the phone."""
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        page.screenshot(path=str(SHOTS / f"{name}-{size['width']}.png"), full_page=True)
    page.set_viewport_size(PHONE)


def scan_from_share(page, look, share_link, consent, name=""):
    page.goto(share_link)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Functieprofiel: {TITLE}")
    look(page)
    if consent:
        shoot(page, "functieprofiel-gedeeld")
        page.get_by_role("checkbox", name=re.compile("^Ja, tel mijn zelfscan mee")).check()
        page.get_by_role("textbox", name="Naam in het teamoverzicht").fill(name)
    post(page, "Start een zelfscan bij deze functie")
    expect(page).to_have_url(OWNER_URL)
    expect(page.locator("main p", has_text="Gekoppeld aan het functieprofiel")).to_be_visible()
    look(page)
    page.get_by_role("link", name=re.compile("^Begin")).click()


def test_role_profile_journey(browser_context, look):
    manager = browser_context(viewport=PHONE).new_page()
    manager.goto("/zelfscan/functieprofiel/")
    look(manager)
    shoot(manager, "functieprofiel-nieuw")
    manager.get_by_role("textbox", name="Titel van de functie").fill(TITLE)
    manager.get_by_role("textbox", name="Organisatie (niet verplicht)").fill("Stichting Samen")
    manager.get_by_role("radio", name=re.compile(r"^2\.3 ")).check()
    post(manager, "Maak het functieprofiel")
    expect(manager).to_have_url(OWNER_URL)
    expect(manager.get_by_role("heading", level=1)).to_have_text(f"Functieprofiel: {TITLE}")
    look(manager)
    manager.get_by_role("link", name=re.compile("^Begin")).click()
    belongs = manager.get_by_role("checkbox", name="Hoort bij deze functie")
    for i in range(3):
        belongs.nth(i).check()
    needed = manager.get_by_role("checkbox", name="Nodig voor deze functie")
    needed.nth(0).check()
    needed.nth(1).check()
    expect(manager.get_by_role("checkbox", name="Ontwikkelpunt")).to_have_count(0)
    # The autosave works with one checkbox per row as it does with two.
    expect(manager.locator("p[role=status][data-save-status]")).to_contain_text("Opgeslagen om")
    look(manager)
    shoot(manager, "functieprofiel-stap")
    post(manager, "Opslaan en naar het overzicht")
    post(manager, "Maak een deellink voor coördinatoren")
    share_link = manager.locator("section.keep-link input.link-field").input_value()
    assert "/zelfscan/functieprofiel/" in share_link
    expect(manager.locator("section.keep-link svg.qr-code")).to_be_visible()
    look(manager)
    shoot(manager, "functieprofiel-deellink")
    owner_link = manager.locator("a", has_text="Terug naar het functieprofiel").get_attribute(
        "href"
    )

    # The first coordinator: consents, finishes, sees the gap, puts two items on the plan.
    anna = browser_context(viewport=PHONE).new_page()
    scan_from_share(anna, look, share_link, consent=True, name="Anna")
    applies = anna.get_by_role("checkbox", name="Van toepassing")
    applies.nth(1).check()
    applies.nth(5).check()
    post(anna, "Opslaan en naar het overzicht")
    post(anna, "Zelfscan afronden")
    gap = anna.locator("section.gap")
    expect(gap.get_by_role("heading", level=2)).to_have_text(f"Verschil met de functie ‘{TITLE}’")
    expect(gap).to_contain_text("2 taken van de functie doe je (nog) niet")
    expect(gap).to_contain_text("1 taak doe je buiten de functie")
    expect(gap).to_contain_text("2 competenties die de functie vraagt beheers je (nog) niet")
    expect(gap).to_contain_text("iets anders dan de vergelijking met je leidinggevende")
    look(anna)
    shoot(anna, "functieprofiel-verschil")
    anna.emulate_media(media="print")  # the gap prints, without its buttons
    expect(gap.get_by_role("heading", level=3).first).to_be_visible()
    expect(gap.locator(".gap-action")).to_have_count(4)  # in the page, not on paper
    expect(gap.locator(".gap-action").first).to_be_hidden()
    anna.screenshot(path=str(SHOTS / "functieprofiel-verschil-afdruk.png"), full_page=True)
    anna.emulate_media(media="screen")
    to_plan = re.compile("^Zet op je ontwikkelplan")
    for _ in range(2):
        with anna.expect_navigation():
            anna.locator("section.gap").get_by_role("button", name=to_plan).first.click()
        expect(anna.get_by_role("status").first).to_contain_text("Op je ontwikkelplan gezet")
    expect(anna.locator("section.gap .gap-item .status--done")).to_have_count(2)
    look(anna)
    anna.get_by_role("link", name="Naar je ontwikkelplan").click()
    expect(anna.locator("textarea[name$='-note']")).to_have_count(2)
    look(anna)

    # The second coordinator connects without consent.
    bram = browser_context(viewport=PHONE).new_page()
    scan_from_share(bram, look, share_link, consent=False)
    bram.get_by_role("checkbox", name="Van toepassing").nth(0).check()
    post(bram, "Opslaan en naar het overzicht")
    post(bram, "Zelfscan afronden")
    expect(bram.locator("section.gap")).to_be_visible()

    # The manager's team view counts only Anna.
    manager.goto(owner_link)
    expect(
        manager.get_by_text("Er zijn 2 zelfscans aan dit functieprofiel gekoppeld.")
    ).to_be_visible()
    manager.get_by_role("link", name="Team", exact=True).click()
    expect(manager.get_by_text("1 coördinator telt mee")).to_be_visible()
    expect(manager.get_by_text("1 gekoppelde zelfscan telt niet mee")).to_be_visible()
    expect(manager.get_by_text("Meetellend: Anna")).to_be_visible()
    look(manager)
    shoot(manager, "functieprofiel-team")

    # The job description prints and downloads.
    manager.get_by_role("link", name="Functieomschrijving", exact=True).click()
    expect(manager.get_by_role("heading", level=1)).to_have_text(TITLE)
    look(manager)
    shoot(manager, "functieomschrijving")
    pdf = manager.pdf()  # what printing gives (Chromium's own print to PDF)
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000
    with manager.expect_download() as download:
        manager.get_by_role("link", name="Download als Word-bestand (.docx)").click()
    document = Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == TITLE and "Stichting Samen" in texts
    assert sum(p.style.name == "List Bullet" for p in document.paragraphs) == 5
