"""The whole coordinator journey on a phone (360 px) and a desktop (1280 px), axe on every page.

A whole-framework scan by the short route, the result, a manager who fills in differently and
the comparison, a plan whose target dates survive two saves, its print page, every way of
keeping the link (the e-mail arrives at a real local SMTP server), and deleting. No page
scrolls sideways at 360 px.

``make screenshots`` runs this test with SCREENSHOTS_DIR=docs/screenshots: the result, the
comparison and the plan at both widths, as a coordinator sees them.
"""

import os
import re
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.e2e

SHOTS = Path(os.environ.get("SCREENSHOTS_DIR") or "/tmp")
OVERVIEW_URL = re.compile(r"/zelfscan/[A-Za-z0-9_-]{43,}/$")
TARGET_DATE = "2026-06-30"


@pytest.fixture(params=[PHONE, DESKTOP], ids=["360", "1280"])
def viewport(request):
    return request.param


@pytest.fixture
def person(browser_context, viewport):
    """A new browser (no cookies) at the test's width, that may use the clipboard."""

    def new():
        context = browser_context(viewport=viewport)
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        return page

    return new


@pytest.fixture
def look(audit, viewport):
    """axe, console and hosts (``audit``), and at 360 px: nothing scrolls sideways and no text
    is smaller than 12 px."""

    def check(page):
        audit(page)
        if viewport == PHONE:
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{page.url} is {width} px breed op een telefoon"
            small = page.evaluate(
                """() => [...document.querySelectorAll('body *')].filter(e => {
                    const text = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
                    return text && e.offsetParent !== null && parseFloat(getComputedStyle(e).fontSize) < 12;
                }).map(e => e.tagName + ': ' + e.textContent.trim().slice(0, 40))"""
            )
            assert not small, f"{page.url}: tekst kleiner dan 12 px: {small[:5]}"

    return check


def shoot(page, name, viewport):
    page.screenshot(path=str(SHOTS / f"{name}-{viewport['width']}.png"), full_page=True)


def post(page, name):
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.request.resource_type == "document"
    ) as posted:
        page.get_by_role("button", name=name, exact=True).first.click()
    assert posted.value.status < 400, f"{name}: {posted.value.status} {page.url}"


def visible_checkboxes(page):
    return page.locator("form[data-autosave] input[type=checkbox]:visible").count()


def keep_the_link(page, look, smtp_server, kind="scan"):
    """Each way of keeping a link: copy, QR code, the file, the e-mail."""
    section = page.locator("section.keep-link")
    link = section.locator("input.link-field").input_value()
    section.get_by_role("button", name="Kopieer de link").click()
    expect(section.get_by_text("Gekopieerd.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == link
    expect(section.locator("svg.qr-code")).to_be_visible()
    with page.expect_download() as download:
        section.get_by_role("button", name="Download als klein bestand").click()
    assert link in Path(download.value.path()).read_text(encoding="utf-8")
    before = len(smtp_server)
    section.get_by_role("textbox", name=re.compile("e-mail", re.I)).fill("iemand@example.org")
    post(page, "Versturen")
    expect(page.get_by_role("status").first).to_contain_text("Dat adres bewaren we niet")
    assert len(smtp_server) == before + 1
    message = smtp_server[-1]
    assert message["To"] == "iemand@example.org"
    assert link in message.get_body().get_content()
    look(page)
    return link


def test_whole_framework_journey(person, look, smtp_server, viewport):
    coordinator = person()
    coordinator.goto("/zelfscan/")
    scopes = coordinator.get_by_role("group", name="Wat wil je invullen?")
    expect(scopes.get_by_role("radio", checked=True)).to_have_count(0)  # no silent default
    expect(scopes).to_contain_text(
        re.compile(r"Het hele beroepsprofiel\s*\d+ vragen · ongeveer \d+ minuten")
    )
    look(coordinator)
    scopes.get_by_role("radio", name=re.compile("^Het hele beroepsprofiel")).check()
    post(coordinator, "Start de zelfscan")
    expect(coordinator).to_have_url(OVERVIEW_URL)
    expect(coordinator.get_by_text("0 van 14 onderdelen ingevuld")).to_be_visible()
    private_link = keep_the_link(coordinator, look, smtp_server)
    assert private_link == coordinator.url

    # Finishing now asks first and says what is missing.
    post(coordinator, "Zelfscan afronden")
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Zelfscan afronden?")
    expect(coordinator.locator("ul.missing li")).to_have_count(14)
    look(coordinator)
    coordinator.get_by_role("link", name="Verder invullen").click()

    # The short route: 14 steps; a competency answered before is folded, not asked again.
    shown = folded = 0
    for number in range(1, 15):
        expect(coordinator.get_by_text(f"Onderdeel {number} van 14")).to_be_visible()
        form = coordinator.locator("form[data-autosave]")
        count = visible_checkboxes(coordinator)
        shown += count
        summaries = form.locator("details.folded > summary")
        folded += summaries.count()
        if summaries.count():
            expect(summaries.first).to_contain_text("al beantwoord bij")
        if number == 3:  # the task area not done, in one undoable action
            post(coordinator, "Dit taakgebied doe ik niet")
            expect(coordinator.get_by_role("button", name="Ongedaan maken")).to_be_visible()
            post(coordinator, "Ongedaan maken")
            expect(
                coordinator.get_by_role("button", name="Dit taakgebied doe ik niet")
            ).to_be_visible()
        boxes = form.locator("input[type=checkbox]:visible")
        for i in range(0, min(count, 12), 3):  # some ticks: tasks apply, competencies mastered
            boxes.nth(i).check()
        if count > 4:
            boxes.nth(1).check()  # an ontwikkelpunt
        mastered = form.locator(
            "fieldset:has(legend:text-matches('^Competenties')) li:visible input[name$='-c']"
        )
        for i in range(0, mastered.count(), 2):  # every other competency asked here
            mastered.nth(i).check()
        if number == 2:
            look(coordinator)
            post(coordinator, "Vorige")
            expect(coordinator.get_by_text("Onderdeel 1 van 14")).to_be_visible()
            post(coordinator, "Opslaan en volgende")
            expect(coordinator.get_by_text("Onderdeel 2 van 14")).to_be_visible()
        if number in (1, 14):
            look(coordinator)
        post(coordinator, "Opslaan en volgende" if number < 14 else "Opslaan en naar het overzicht")
    print(f"\nZichtbare selectievakjes, hele beroepsprofiel met de korte route: {shown}")
    assert folded >= 10 and shown < 884 * 0.7, (folded, shown)
    expect(coordinator.get_by_text("14 van 14 onderdelen ingevuld")).to_be_visible()
    post(coordinator, "Zelfscan afronden")  # complete: no question asked

    # The result in the framework's own terms.
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(re.compile("^Resultaat"))
    expect(coordinator.locator("table.heatmap")).to_have_count(15)  # all together + 14
    expect(coordinator.get_by_text("Meer ‘van toepassing’ is niet beter")).to_be_visible()
    expect(coordinator.get_by_role("heading", name="Je sterkste gebieden")).to_be_visible()
    expect(coordinator.locator(".profile-row")).to_have_count(14)
    expect(coordinator.locator(".profile-scale")).to_contain_text("100%")
    look(coordinator)
    shoot(coordinator, "resultaat", viewport)

    # The manager: invited once, fills in differently.
    coordinator.get_by_role("link", name="Overzicht").click()
    post(coordinator, "Maak een uitnodigingslink voor je leidinggevende")
    invite_link = coordinator.locator("section.keep-link input.link-field").input_value()
    expect(coordinator.locator("section.keep-link svg.qr-code")).to_be_visible()
    look(coordinator)
    manager = person()
    manager.goto(invite_link)
    look(manager)
    post(manager, "Begin met invullen")
    expect(manager.get_by_role("heading", level=1)).to_contain_text("Invulling over de coördinator")
    manager_link = manager.url
    manager.get_by_role("link", name=re.compile("^Begin")).click()
    expect(manager.locator(".banner--manager")).to_contain_text("over de coördinator")
    expect(manager.get_by_role("checkbox", name="Beheerst de coördinator").first).to_be_visible()
    boxes = manager.locator("form[data-autosave] input[type=checkbox]:visible")
    for i in range(1, min(boxes.count(), 20), 4):
        boxes.nth(i).check()
    look(manager)
    post(manager, "Opslaan en volgende")
    assert manager.request.get(invite_link).status == 404  # used once

    # The comparison: differences per section, the rest one click away; the agenda.
    coordinator.goto(private_link + "vergelijking/")
    expect(coordinator.locator(".compare-summary")).to_contain_text("verschillen op")
    first = coordinator.locator("section.compare-section").first
    expect(first.locator("li.compare-item.differs").first).to_be_visible()
    expect(first.locator("details li.compare-item").first).to_be_hidden()
    first.locator("details > summary").click()
    expect(first.locator("details li.compare-item").first).to_be_visible()
    first.locator("details > summary").click()
    look(coordinator)
    shoot(coordinator, "vergelijking", viewport)
    coordinator.get_by_role("link", name="Gespreksagenda om af te drukken").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Gespreksagenda")
    look(coordinator)

    # The plan: what, how, who, when; the date is kept through two saves.
    coordinator.goto(private_link + "ontwikkelplan/")
    point = coordinator.locator("fieldset.plan-item").first
    point.get_by_label("Wat wil je bereiken?").fill("Zelf een intake leiden")
    point.get_by_label("Hoe ga je dat doen?").fill("Twee keer meekijken, dan zelf")
    point.get_by_label("Wie helpt je daarbij?").fill("Mijn leidinggevende")
    point.get_by_label("Streefdatum").fill(TARGET_DATE)
    post(coordinator, "Ontwikkelplan opslaan")
    expect(point.get_by_label("Streefdatum")).to_have_value(TARGET_DATE)
    post(coordinator, "Ontwikkelplan opslaan")
    expect(point.get_by_label("Streefdatum")).to_have_value(TARGET_DATE)
    look(coordinator)
    shoot(coordinator, "ontwikkelplan", viewport)
    with coordinator.expect_download() as download:
        coordinator.get_by_role("link", name=re.compile(r"\.ics")).click()
    events = Calendar.from_ical(Path(download.value.path()).read_bytes()).walk("VEVENT")
    assert [str(e.decoded("dtstart")) for e in events] == [TARGET_DATE]
    coordinator.get_by_label(re.compile("^Naam op de afdruk")).fill("Sam de Vries")
    coordinator.get_by_role("button", name="Afdrukversie openen").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Ontwikkelplan: Sam de Vries")
    expect(coordinator.locator("li.plan-point")).to_have_count(1)  # only the filled point
    assert coordinator.locator("script").count() == 0
    look(coordinator)
    shoot(coordinator, "ontwikkelplan-afdruk", viewport)

    # Delete: destructive, and it says what happens to the manager's copy.
    coordinator.goto(private_link + "verwijderen/")
    expect(coordinator.locator(".danger-zone")).to_contain_text(
        "eigen invulling over jouw functie blijft bestaan"
    )
    button = coordinator.get_by_role("button", name="Ja, verwijder mijn zelfscan")
    expect(button).to_have_css("background-color", "rgb(170, 0, 0)")
    look(coordinator)
    post(coordinator, "Ja, verwijder mijn zelfscan")
    assert coordinator.request.get(private_link).status == 404
    assert manager.goto(manager_link).status == 200  # the manager's own copy stays
