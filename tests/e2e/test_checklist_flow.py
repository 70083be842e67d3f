"""The self-assessment (zelfscan) as a coordinator and a manager click through it in a browser.

Start from a task area, tick and save, resume with the private link in a fresh browser, finish,
see the result, invite a manager who fills in a separate copy, and compare both. Every
self-assessment page is checked with axe-core (WCAG 2.1 A/AA), for console errors and for
requests to other hosts. A second test covers the JavaScript autosave.
"""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

MATCHEN = "/editie-2025/vrijwilligers-begeleiden/matchen/"
SCOPE = "2.3 Matchen"
# Items of task area 2.3 (Matchen), as the step page shows them.
TASK = "Aanspreekpunt voor vrijwilligers zijn."
EXTRA_TASK = "Wervingsproces opzetten en beheren"
COMPETENCY = (
    "Kan luisteren, is empathisch en toont oprechte interesse in vrijwilligers/actieve inwoners"
)
OTHER_COMPETENCY = "Kan privacy bewaken en ziet toe op informatieveiligheid"

TICK_TASK = "Van toepassing"
TICK_COMPETENCY = "Beheers ik"
DEVELOPMENT = "Ontwikkelpunt"
MANAGER_TICK_COMPETENCY = "Beheerst de coördinator"

OVERVIEW_URL = re.compile(r"/zelfscan/[A-Za-z0-9_-]{43,}/$")
STEP_URL = re.compile(r"/zelfscan/[A-Za-z0-9_-]{43,}/stap/1/$")
RESULT_URL = re.compile(r"/zelfscan/[A-Za-z0-9_-]{43,}/resultaat/$")
COMPARE_URL = re.compile(r"/zelfscan/[A-Za-z0-9_-]{43,}/vergelijking/$")


@pytest.fixture
def dialogs():
    """Dialogs the pages opened (a `beforeunload` prompt would block a navigation)."""
    return []


@pytest.fixture
def open_page(browser_context, dialogs):
    """A page in a NEW browser context: no cookies, as another browser or another person."""

    def new_page():
        page = browser_context().new_page()

        def on_dialog(dialog):
            dialogs.append(f"{dialog.type}: {dialog.message} ({page.url})")
            dialog.accept()

        page.on("dialog", on_dialog)
        return page

    return new_page


def item_row(page, text):
    """The row of one task or competency on a step page, found by its exact text."""
    return page.locator("li.checklist-item").filter(has=page.get_by_text(text, exact=True))


def choice(page, text, label):
    """A checkbox of an item: its label is the choice, the item's text describes it."""
    checkbox = item_row(page, text).get_by_role("checkbox", name=label, exact=True)
    expect(checkbox).to_have_count(1)
    return checkbox


def submit(page, name):
    """Click a form's button, as a user would; the form's POST must be accepted."""
    with page.expect_response(
        lambda response: (
            response.request.method == "POST" and response.request.resource_type == "document"
        )
    ) as posted:
        page.get_by_role("button", name=name, exact=True).click()
    response = posted.value
    assert response.status < 400, (
        f"{name!r}: POST {response.url} gaf {response.status}\n"
        + page.locator("body").inner_text()[:500]
    )
    return response


def checklist_nav(page, name):
    return page.get_by_role("navigation", name="Zelfscan").get_by_role(
        "link", name=name, exact=True
    )


def compare_row(page, text):
    return page.locator("li.compare-item").filter(
        has=page.locator(".compare-text").get_by_text(text, exact=True)
    )


def start_from_task_area(page, audit):
    """Task area page → "Zelfscan voor dit onderdeel" → start page → the new overview."""
    page.goto(MATCHEN)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Matchen")
    page.get_by_role("link", name="Zelfscan voor dit onderdeel").click()

    expect(page).to_have_url(re.compile(r"/zelfscan/\?onderdeel=\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Zelfscan")
    scope = page.get_by_role("group", name="Wat wil je invullen?")
    # The task area the visitor came from is preselected; keep it.
    expect(scope.get_by_role("radio", name=SCOPE, exact=True)).to_be_checked()
    expect(scope.get_by_role("radio", checked=True)).to_have_count(1)
    audit(page)

    submit(page, "Start de zelfscan")
    expect(page).to_have_url(OVERVIEW_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Jouw zelfscan: {SCOPE}")
    expect(page.get_by_role("status").filter(has_text="Je zelfscan is aangemaakt")).to_be_visible()
    link = page.get_by_role("textbox", name="Persoonlijke link")
    expect(link).to_have_attribute("readonly", "")
    private_link = link.input_value()
    assert OVERVIEW_URL.search(private_link), private_link
    assert private_link == page.url
    expect(page.get_by_text("0 van 1 onderdelen ingevuld")).to_be_visible()
    audit(page)
    return private_link


def begin_first_step(page, audit, label="Begin"):
    page.get_by_role("link", name=f"{label}: {SCOPE}").click()
    expect(page).to_have_url(STEP_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text(SCOPE)
    expect(page.get_by_text("Onderdeel 1 van 1")).to_be_visible()
    audit(page)


def save_step(page):
    submit(page, "Opslaan")
    expect(page).to_have_url(STEP_URL)
    expect(page.get_by_role("status").filter(has_text="Opgeslagen.")).to_be_visible()


def test_coordinator_resumes_finishes_and_compares_with_the_manager(open_page, audit, dialogs):
    # The coordinator starts from the task area and keeps the private link.
    coordinator = open_page()
    private_link = start_from_task_area(coordinator, audit)

    begin_first_step(coordinator, audit)
    choice(coordinator, TASK, TICK_TASK).check()
    choice(coordinator, COMPETENCY, TICK_COMPETENCY).check()
    choice(coordinator, EXTRA_TASK, DEVELOPMENT).check()
    save_step(coordinator)
    audit(coordinator)
    coordinator.context.close()

    # Later, in another browser (no cookies): the private link is the only key.
    coordinator = open_page()
    coordinator.goto(private_link)
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(f"Jouw zelfscan: {SCOPE}")
    expect(coordinator.get_by_text("1 van 1 onderdelen ingevuld")).to_be_visible()
    steps = coordinator.get_by_role("list").filter(has=coordinator.get_by_role("link", name=SCOPE))
    expect(steps.get_by_text("ingevuld", exact=True)).to_be_visible()
    audit(coordinator)

    coordinator.get_by_role("link", name=SCOPE, exact=True).click()
    expect(coordinator).to_have_url(STEP_URL)
    expect(choice(coordinator, TASK, TICK_TASK)).to_be_checked()
    expect(choice(coordinator, TASK, DEVELOPMENT)).not_to_be_checked()
    expect(choice(coordinator, COMPETENCY, TICK_COMPETENCY)).to_be_checked()
    expect(choice(coordinator, COMPETENCY, DEVELOPMENT)).not_to_be_checked()
    expect(choice(coordinator, EXTRA_TASK, TICK_TASK)).not_to_be_checked()
    expect(choice(coordinator, EXTRA_TASK, DEVELOPMENT)).to_be_checked()
    expect(coordinator.get_by_role("checkbox", checked=True)).to_have_count(3)
    audit(coordinator)

    # The development plan lists the one ontwikkelpunt.
    checklist_nav(coordinator, "Ontwikkelplan").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Ontwikkelplan")
    expect(coordinator.get_by_role("group", name=EXTRA_TASK)).to_be_visible()
    expect(coordinator.locator("fieldset.plan-item")).to_have_count(1)
    audit(coordinator)

    # Finish: the result page shows the chart and the tables.
    checklist_nav(coordinator, "Overzicht").click()
    expect(coordinator).to_have_url(private_link)
    submit(coordinator, "Zelfscan afronden")
    expect(coordinator).to_have_url(RESULT_URL)
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(f"Resultaat: {SCOPE}")
    expect(coordinator.get_by_role("status")).to_contain_text("Je zelfscan is afgerond")
    profile = coordinator.get_by_role("group", name="Profiel per onderdeel")
    expect(profile.get_by_role("listitem").filter(has_text=SCOPE)).to_contain_text(
        re.compile(r"taken [1-9]\d*%\s*competenties [1-9]\d*%")
    )
    # The task matrix in the framework's own four cells: the one ticked task is basic, operational.
    matrix = coordinator.get_by_role("table", name=SCOPE, exact=True)
    expect(matrix.get_by_role("row")).to_have_count(3)
    expect(
        matrix.get_by_role("row", name=re.compile("^Uitvoerend niveau")).get_by_role("cell")
    ).to_have_text([re.compile(r"^1/\d+$"), re.compile(r"^0/\d+$")])
    expect(
        coordinator.get_by_role(
            "table",
            name="Elke competentie telt één keer, ook als ze bij meer taakgebieden hoort",
        )
    ).to_be_visible()
    # No manager yet: nothing to compare with.
    expect(coordinator.get_by_role("link", name="Vergelijk met je leidinggevende")).to_have_count(0)
    audit(coordinator)

    # Invite the manager from the overview.
    checklist_nav(coordinator, "Overzicht").click()
    expect(coordinator.get_by_text("1 van 1 onderdelen ingevuld · afgerond")).to_be_visible()
    expect(coordinator.get_by_role("button", name="Zelfscan afronden")).to_have_count(0)
    submit(coordinator, "Maak een uitnodigingslink voor je leidinggevende")
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(
        "Uitnodiging voor je leidinggevende"
    )
    invite_link = coordinator.get_by_role("textbox", name="Uitnodigingslink").input_value()
    assert re.search(r"/zelfscan/uitnodiging/[A-Za-z0-9_-]{43,}/$", invite_link), invite_link
    audit(coordinator)

    # The manager, in a browser of their own, accepts and fills in a separate copy.
    manager = open_page()
    manager.goto(invite_link)
    expect(manager.get_by_role("heading", level=1)).to_have_text(
        "Je bent uitgenodigd als leidinggevende"
    )
    expect(manager.get_by_role("main")).to_contain_text(SCOPE)
    audit(manager)
    submit(manager, "Begin met invullen")
    expect(manager).to_have_url(OVERVIEW_URL)
    assert manager.url != private_link
    expect(manager.get_by_role("heading", level=1)).to_have_text(
        f"Invulling over de coördinator: {SCOPE}"
    )
    audit(manager)

    begin_first_step(manager, audit)
    # A fresh copy: none of the coordinator's ticks.
    expect(manager.get_by_role("checkbox", checked=True)).to_have_count(0)
    choice(manager, TASK, TICK_TASK).check()  # the same as the coordinator
    choice(manager, EXTRA_TASK, TICK_TASK).check()  # coordinator: only an ontwikkelpunt
    choice(manager, OTHER_COMPETENCY, MANAGER_TICK_COMPETENCY).check()  # coordinator: not ticked
    save_step(manager)  # and COMPETENCY stays unticked, unlike the coordinator's
    audit(manager)

    checklist_nav(manager, "Overzicht").click()
    manager.get_by_role("link", name="Vergelijk met de zelfscan van de coördinator").click()
    expect(manager).to_have_url(COMPARE_URL)
    expect(manager.get_by_role("heading", level=1)).to_have_text(
        "Vergelijking: Coördinator en leidinggevende"
    )
    assert_differences(manager)
    audit(manager)

    # The coordinator's result page now links to the same comparison.
    coordinator.get_by_role("link", name="Terug naar je zelfscan").click()
    expect(coordinator).to_have_url(private_link)
    checklist_nav(coordinator, "Resultaat").click()
    expect(coordinator).to_have_url(RESULT_URL)
    coordinator.get_by_role("link", name="Vergelijk met je leidinggevende").click()
    expect(coordinator).to_have_url(COMPARE_URL)
    assert coordinator.url.startswith(private_link)
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(
        "Vergelijking: Coördinator en leidinggevende"
    )
    assert_differences(coordinator)
    audit(coordinator)

    assert not dialogs, "Onverwachte dialoogvensters:\n" + "\n".join(dialogs)


def assert_differences(page):
    expect(
        page.get_by_text(re.compile(r"^Er zijn 3 verschillen op \d+ onderdelen\."))
    ).to_be_visible()
    section = page.get_by_role("region", name=re.compile(f"^{re.escape(SCOPE)}"))
    expect(section.get_by_role("heading", level=2)).to_contain_text("3 verschillen")
    differing = section.locator("li.compare-item.differs")
    expect(differing).to_have_count(3)
    for text, coordinator, manager in [
        (COMPETENCY, "✓ ja", "– nee"),
        (EXTRA_TASK, "– nee, ontwikkelpunt", "✓ ja"),
        (OTHER_COMPETENCY, "– nee", "✓ ja"),
    ]:
        row = compare_row(page, text)
        expect(row).to_have_count(1)
        expect(row).to_have_class(re.compile(r"\bdiffers\b"))
        expect(row.locator(".compare-answer")).to_have_text(
            [f"Coördinator: {coordinator}", f"Leidinggevende: {manager}"]
        )
        # Highlighted, not only marked in the text.
        expect(row).to_have_css("background-color", "rgb(255, 242, 214)")
    # The same answers are folded away, one click further.
    same = compare_row(page, TASK)
    expect(same).to_have_count(1)
    expect(same).to_be_hidden()
    section.get_by_text(re.compile("onderdelen met hetzelfde antwoord")).click()
    expect(same).to_be_visible()
    expect(same).not_to_have_class(re.compile(r"\bdiffers\b"))


def test_ticks_are_saved_automatically_without_a_button(open_page, audit, dialogs):
    page = open_page()
    start_from_task_area(page, audit)
    begin_first_step(page, audit)
    status = page.locator("form[data-autosave]").get_by_role("status")
    expect(status).to_have_text("")

    checkbox = choice(page, COMPETENCY, TICK_COMPETENCY)
    with page.expect_response(
        lambda response: (
            response.request.method == "POST"
            and response.request.header_value("x-requested-with") == "fetch"
        )
    ) as autosave:
        checkbox.check()
    assert autosave.value.ok
    assert autosave.value.json()["saved"] is True
    expect(status).to_have_text(re.compile(r"^Opgeslagen om \d{2}:\d{2}:\d{2}\.$"))
    # Saved in the background: still the same page, no "Opgeslagen." message of a form post.
    expect(page).to_have_url(STEP_URL)
    expect(page.locator("ul.messages")).to_have_count(0)
    audit(page)

    page.reload()
    expect(choice(page, COMPETENCY, TICK_COMPETENCY)).to_be_checked()
    expect(page.get_by_role("checkbox", checked=True)).to_have_count(1)
    checklist_nav(page, "Overzicht").click()
    expect(page.get_by_text("1 van 1 onderdelen ingevuld")).to_be_visible()

    assert not dialogs, "Onverwachte dialoogvensters:\n" + "\n".join(dialogs)
