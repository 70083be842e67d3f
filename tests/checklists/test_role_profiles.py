"""Role profiles (functieprofielen): what a position asks, the gap to it, the team that covers
it, the job description, and the keys that keep them apart."""

import io
import re
import uuid

import pypdf
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document

from checklists.models import ProfileConnection, RoleProfile, SelfAssessment
from framework_pages.items import section_items
from framework_pages.vocabulary import COMPETENTIE, TASK, quadrant_label
from portal import pdf

from .conftest import multiply_matrix, tick_data
from .test_carry_forward import NEW_TEXT
from .test_carry_forward import edition_2026 as edition_2026  # a fixture
from .test_query_budget import BUDGETS

pytestmark = pytest.mark.django_db

SHARE_LINK = re.compile(r"/zelfscan/functieprofiel/([A-Za-z0-9_-]{40,})/")


def items_of(section, kind):
    return [item for item in section_items(section) if item.type == kind]


@pytest.fixture
def make_profile(client, section):
    """A role profile of 2.3 with the given items ticked; returns (owner token, share token)."""

    def make(checked=(), http=client, title="Coördinator vrijwilligers zorg"):
        response = http.post(
            "/zelfscan/functieprofiel/",
            {"title": title, "organisation": "Stichting Samen", "scope": section.pk},
        )
        assert response.status_code == 302, response.content.decode()[:800]
        token = re.match(r"^/zelfscan/([^/]+)/$", response["Location"]).group(1)
        assert (
            http.post(f"/zelfscan/{token}/stap/1/", tick_data(section, checked)).status_code == 302
        )
        shared = http.post(f"/zelfscan/{token}/delen/")
        assert shared.status_code == 200
        return token, SHARE_LINK.search(shared.content.decode()).group(1)

    return make


def start_from_share(client, share, consent=False, name=""):
    data = {"name": name, **({"consent": "on"} if consent else {})}
    response = client.post(f"/zelfscan/functieprofiel/{share}/", data)
    assert response.status_code == 302, response.content.decode()[:800]
    return re.match(r"^/zelfscan/([^/]+)/$", response["Location"]).group(1)


def test_a_profile_is_filled_with_the_same_steps_and_asks_what_the_position_needs(
    client, section, make_profile
):
    task, competency = items_of(section, TASK)[0], items_of(section, COMPETENTIE)[0]
    token, _share = make_profile({task.uid, competency.uid})
    profile = RoleProfile.objects.get()
    assert profile.title == "Coördinator vrijwilligers zorg"
    assert profile.answers.role == SelfAssessment.Role.PROFILE
    assert set(profile.answers.answers.filter(checked=True).values_list("item_uid", flat=True)) == {
        uuid.UUID(task.uid),
        uuid.UUID(competency.uid),
    }
    step = client.get(f"/zelfscan/{token}/stap/1/").content.decode()
    assert "Hoort bij deze functie" in step and "Nodig voor deze functie" in step
    assert "Ontwikkelpunt" not in step and "Beheers ik" not in step
    assert "Dit taakgebied hoort niet bij deze functie" in step
    overview = client.get(f"/zelfscan/{token}/").content.decode()
    assert "Functieprofiel: Coördinator vrijwilligers zorg" in overview
    assert client.get(f"/zelfscan/{token}/")["Cache-Control"] == "private, no-store"


def test_bad_input_gets_a_dutch_message_and_makes_nothing(client, section):
    response = client.post("/zelfscan/functieprofiel/", {"title": "", "scope": section.pk})
    assert response.status_code == 400
    assert "Geef de functie een titel" in response.content.decode()
    response = client.post("/zelfscan/functieprofiel/", {"title": "x" * 151, "scope": section.pk})
    assert "ten hoogste 150 tekens" in response.content.decode()
    # A pasted control character would make the Word document unreadable: refused, in Dutch.
    response = client.post(
        "/zelfscan/functieprofiel/", {"title": "Co\x0bördinator", "scope": section.pk}
    )
    assert response.status_code == 400 and "onzichtbaar stuurteken" in response.content.decode()
    assert not RoleProfile.objects.exists() and not SelfAssessment.objects.exists()


def test_a_share_code_opens_no_owner_view_and_an_owner_link_no_share_view(
    client, section, make_profile
):
    token, share = make_profile()
    for path in (
        "",
        "stap/1/",
        "team/",
        "functieomschrijving/",
        "functieomschrijving.docx",
        "functieomschrijving.pdf",
        "delen/",
    ):
        assert client.get(f"/zelfscan/{share}/{path}").status_code in (404, 405), path
    assert client.get(f"/zelfscan/functieprofiel/{token}/").status_code == 404
    # Whoever holds the share code cannot replace or revoke it: only the owner link can.
    for path in ("delen/", "delen-intrekken/"):
        assert client.post(f"/zelfscan/{share}/{path}").status_code == 404, path
    assert client.get(f"/zelfscan/functieprofiel/{share}/").status_code == 200
    # A scan's own link is not a profile's owner link.
    scan = start_from_share(client, share)
    assert client.get(f"/zelfscan/{scan}/team/").status_code == 404
    assert client.get(f"/zelfscan/{scan}/functieomschrijving.docx").status_code == 404
    # Only hashes are stored.
    profile = RoleProfile.objects.get()
    assert share not in profile.share_token_hash and token not in profile.answers.token_hash


def test_a_wrong_or_revoked_code_says_so_in_dutch_and_changes_nothing(
    client, section, make_profile
):
    token, share = make_profile()
    own = SelfAssessment.begin(section, section.edition)[1]
    response = client.post(f"/zelfscan/{own}/functieprofiel/", {"code": share[:-2] + "xx"})
    assert response.status_code == 400
    assert "geen functieprofiel te vinden" in response.content.decode()
    assert not ProfileConnection.objects.exists()
    client.post(f"/zelfscan/{token}/delen-intrekken/")
    response = client.get(f"/zelfscan/functieprofiel/{share}/")
    assert (
        response.status_code == 404 and "geen functieprofiel te vinden" in response.content.decode()
    )
    response = client.post(f"/zelfscan/functieprofiel/{share}/", {"consent": "on", "name": "An"})
    assert response.status_code == 404
    pasted = f"http://testserver/zelfscan/functieprofiel/{share}/"
    assert client.post(f"/zelfscan/{own}/functieprofiel/", {"code": pasted}).status_code == 400
    assert SelfAssessment.objects.count() == 2 and not ProfileConnection.objects.exists()


def test_connecting_later_by_pasting_the_link_and_disconnecting(client, section, make_profile):
    _token, share = make_profile()
    own = SelfAssessment.begin(section, section.edition)[1]
    pasted = f"https://portaal.example/zelfscan/functieprofiel/{share}/"
    response = client.post(f"/zelfscan/{own}/functieprofiel/", {"code": pasted})
    assert response.status_code == 302
    connected = ProfileConnection.objects.get()
    assert not connected.consent and connected.name == ""
    assert "Verschil met de functie" in client.get(f"/zelfscan/{own}/resultaat/").content.decode()
    client.post(f"/zelfscan/{own}/functieprofiel/loskoppelen/")
    assert not ProfileConnection.objects.exists()
    assert (
        "Verschil met de functie" not in client.get(f"/zelfscan/{own}/resultaat/").content.decode()
    )


def test_the_gap_lists_exactly_the_items_that_differ(client, section, make_profile):
    tasks, competencies = items_of(section, TASK), items_of(section, COMPETENTIE)
    # The position: tasks 0 and 1, competencies 0 and 1. The coordinator: tasks 1 and 2,
    # competency 1.
    _token, share = make_profile(
        {tasks[0].uid, tasks[1].uid, competencies[0].uid, competencies[1].uid}
    )
    scan = start_from_share(client, share)
    client.post(
        f"/zelfscan/{scan}/stap/1/",
        tick_data(section, {tasks[1].uid, tasks[2].uid, competencies[1].uid}),
    )
    response = client.get(f"/zelfscan/{scan}/resultaat/")
    gap = response.context["gap"]
    [here] = gap.shown_sections
    assert [i.uid for i in here.not_done] == [tasks[0].uid]
    assert [i.uid for i in here.outside] == [tasks[2].uid]
    assert [i.uid for i in here.not_mastered] == [competencies[0].uid]
    assert (gap.not_done, gap.outside, gap.not_mastered) == (1, 1, 1)
    assert gap.quadrants[tasks[0].quadrant][1] == 1
    html = response.content.decode()
    assert "1 taak van de functie doe je (nog) niet" in html
    assert "vergelijking met je leidinggevende" in html  # the two are told apart in words


def test_a_gap_item_goes_on_the_plan_in_one_click(client, section, make_profile):
    tasks, competencies = items_of(section, TASK), items_of(section, COMPETENTIE)
    _token, share = make_profile({tasks[0].uid, competencies[0].uid})
    scan = start_from_share(client, share)
    client.post(f"/zelfscan/{scan}/stap/1/", tick_data(section))
    for item in (tasks[0], competencies[0]):
        response = client.post(f"/zelfscan/{scan}/op-ontwikkelplan/", {"item": item.uid})
        assert response.status_code == 302 and response["Location"].endswith("#verschil")
    plan = client.get(f"/zelfscan/{scan}/ontwikkelplan/").content.decode()
    assert tasks[0].text in plan and competencies[0].text in plan
    assert "op je ontwikkelplan" in client.get(f"/zelfscan/{scan}/resultaat/").content.decode()
    response = client.post(f"/zelfscan/{scan}/op-ontwikkelplan/", {"item": str(uuid.uuid4())})
    assert response.status_code == 302
    assert (
        SelfAssessment.objects.get(token_hash__isnull=False, role="coordinator")
        .answers.filter(development=True)
        .count()
        == 2
    )


@pytest.mark.parametrize("multiplier", [1, 5])
def test_the_result_with_a_gap_stays_within_the_query_budget(
    client, section, make_profile, multiplier
):
    """The result with the gap: the result's own budget (test_query_budget) plus four (the
    connection with its profile, the profile's ticks, the scan's ticks, the profile's row), the
    same for five times the content (measured: 7 at both sizes)."""
    multiply_matrix(section, multiplier)
    tasks = items_of(section, TASK)
    _token, share = make_profile({t.uid for t in tasks[::2]})
    scan = start_from_share(client, share)
    client.post(f"/zelfscan/{scan}/stap/1/", tick_data(section, {t.uid for t in tasks[::3]}))
    client.get(f"/zelfscan/{scan}/resultaat/")  # content derived once per publish
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/zelfscan/{scan}/resultaat/")
    gap = response.context["gap"]
    assert gap.not_done == len([t for i, t in enumerate(tasks) if i % 2 == 0 and i % 3])
    print(f"result with gap, {multiplier}x content: {len(queries)} queries")
    assert len(queries) <= BUDGETS["result"] + 4


def test_only_consenting_coordinators_are_counted_or_named(client, section, make_profile):
    tasks = items_of(section, TASK)
    token, share = make_profile({tasks[0].uid, tasks[1].uid})
    anna = start_from_share(client, share, consent=True, name="Anna")
    bram = start_from_share(client, share, consent=False, name="Bram")
    client.post(f"/zelfscan/{anna}/stap/1/", tick_data(section, {tasks[0].uid}))
    client.post(f"/zelfscan/{bram}/stap/1/", tick_data(section, {tasks[0].uid, tasks[1].uid}))
    response = client.get(f"/zelfscan/{token}/team/")
    coverage = response.context["coverage"]
    assert [c.name for c in coverage.consenting] == ["Anna"] and coverage.declined == 1
    assert [(row[1].uid, row[2]) for row in coverage.tasks] == [
        (tasks[0].uid, ["Anna"]),
        (tasks[1].uid, []),
    ]
    assert [row[1].uid for row in coverage.uncovered] == [tasks[1].uid]
    html = response.content.decode()
    assert "Bram" not in html and "1 gekoppelde zelfscan telt niet mee" in html
    assert ProfileConnection.objects.get(name="").consent is False  # Bram's name not even kept
    # Consent is revocable: then Anna is no longer counted either.
    client.post(f"/zelfscan/{anna}/functieprofiel/", {"name": "Anna"})
    coverage = client.get(f"/zelfscan/{token}/team/").context["coverage"]
    assert coverage.consenting == [] and coverage.declined == 2
    assert "Anna" not in client.get(f"/zelfscan/{token}/team/").content.decode()


def test_consent_needs_a_chosen_name(client, section, make_profile):
    _token, share = make_profile()
    response = client.post(f"/zelfscan/functieprofiel/{share}/", {"consent": "on", "name": " "})
    assert response.status_code == 400
    assert "Kies een naam waaronder je meetelt" in response.content.decode()
    assert SelfAssessment.objects.filter(role="coordinator").count() == 0


def test_the_job_description_prints_and_downloads_as_docx(client, section, make_profile):
    tasks, competencies = items_of(section, TASK), items_of(section, COMPETENTIE)
    token, _share = make_profile({tasks[0].uid, competencies[0].uid})
    printed = client.get(f"/zelfscan/{token}/functieomschrijving/").content.decode()
    assert "Coördinator vrijwilligers zorg" in printed and tasks[0].text in printed
    assert tasks[1].text not in printed and "<script" not in printed
    response = client.get(f"/zelfscan/{token}/functieomschrijving.docx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(response.content))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Title", "Coördinator vrijwilligers zorg")
    assert ("Normal", "Stichting Samen") in paragraphs
    assert any("editie 2025" in text for _style, text in paragraphs)
    assert ("Heading 2", str(quadrant_label(tasks[0].level, tasks[0].kind))) in paragraphs
    assert ("List Bullet", tasks[0].text) in paragraphs
    assert ("Heading 2", competencies[0].area_name) in paragraphs
    assert ("List Bullet", competencies[0].text) in paragraphs
    assert all(text != tasks[1].text for _style, text in paragraphs)
    assert document.core_properties.title == "Coördinator vrijwilligers zorg"


@pytest.mark.skipif(not pdf.available(), reason="Pango ontbreekt: make pdf-libs")
def test_the_job_description_downloads_as_a_pdf_only_for_its_owner(client, section, make_profile):
    tasks, competencies = items_of(section, TASK), items_of(section, COMPETENTIE)
    token, share = make_profile({tasks[0].uid, competencies[0].uid})
    printed = client.get(f"/zelfscan/{token}/functieomschrijving/").content.decode()
    assert f'href="/zelfscan/{token}/functieomschrijving.pdf"' in printed
    response = client.get(f"/zelfscan/{token}/functieomschrijving.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Coördinator vrijwilligers zorg" in text and "Stichting Samen" in text
    assert " ".join(tasks[0].text.split()) in text
    assert " ".join(competencies[0].text.split()) in text
    assert " ".join(tasks[1].text.split()) not in text
    assert "Druk deze pagina af" not in text  # the document, not the page's controls
    # The share code and a scan's own link open no job description.
    assert client.get(f"/zelfscan/{share}/functieomschrijving.pdf").status_code == 404
    scan = start_from_share(client, share)
    assert client.get(f"/zelfscan/{scan}/functieomschrijving.pdf").status_code == 404


def test_owner_exports_and_deletes_the_profile_and_connected_scans_stay(
    client, section, make_profile
):
    token, share = make_profile()
    scan = start_from_share(client, share, consent=True, name="Anna")
    data = client.get(f"/zelfscan/{token}/export.json").json()
    assert data["functieprofiel"] == {
        "titel": "Coördinator vrijwilligers zorg",
        "organisatie": "Stichting Samen",
    }
    assert data["rol"] == "profile"
    assert (
        client.get(f"/zelfscan/{scan}/export.json").json()["gekoppeld_functieprofiel"][
            "naam_in_teamoverzicht"
        ]
        == "Anna"
    )
    assert "Gekoppelde zelfscans" in client.get(f"/zelfscan/{token}/verwijderen/").content.decode()
    client.post(f"/zelfscan/{token}/verwijderen/")
    assert not RoleProfile.objects.exists() and not ProfileConnection.objects.exists()
    assert client.get(f"/zelfscan/{scan}/resultaat/").status_code == 200


def test_creating_profiles_is_rate_limited(client, section, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "profile": (0, 3600)}
    response = client.post("/zelfscan/functieprofiel/", {"title": "X", "scope": section.pk})
    assert response.status_code == 429 and "functieprofiel" in response.content.decode()
    assert not SelfAssessment.objects.exists()


def test_a_profile_carries_into_a_new_edition_by_item_identity(
    client, section, make_profile, request
):
    tasks = items_of(section, TASK)
    token, _share = make_profile({tasks[0].uid, tasks[1].uid, tasks[2].uid})
    edition_2026 = request.getfixturevalue("edition_2026")  # 2026 made current after
    response = client.post(f"/zelfscan/{token}/meenemen/")
    assert response.status_code == 302
    new_token = re.match(r"^/zelfscan/([^/]+)/meegenomen/$", response["Location"]).group(1)
    carried = client.get(f"/zelfscan/{new_token}/meegenomen/").content.decode()
    assert NEW_TEXT in carried  # what changed for this position: the reworded task
    new = RoleProfile.objects.get(answers__edition=edition_2026)
    assert (new.title, new.organisation) == ("Coördinator vrijwilligers zorg", "Stichting Samen")
    ticked = {
        str(u) for u in new.answers.answers.filter(checked=True).values_list("item_uid", flat=True)
    }
    assert ticked == {tasks[0].uid, tasks[2].uid}  # the removed task is gone, the others kept
    assert RoleProfile.objects.count() == 2  # the old profile stays as it was
    assert "Functieprofiel: Coördinator" in client.get(f"/zelfscan/{new_token}/").content.decode()


def test_statistics_count_positions_apart_from_peoples_scans(client, section):
    from checklists.statistics import edition_statistics

    from .test_statistics import finished_assessments

    finished_assessments(section, 10, role="profile")
    assert edition_statistics(section.edition).too_small  # "all roles": people's scans only
    stats = edition_statistics(section.edition, "profile")
    assert stats.assessments == 10 and stats.items
    admin = get_user_model().objects.create_superuser("stats", "stats@example.org", "x")
    client.force_login(admin)
    html = client.get("/admin/checklists/selfassessment/?rol=profile").content.decode()
    assert "hoe vaak organisaties een taak bij de functie rekenen" in html
    assert "Gebaseerd op 10 afgeronde" in html


def test_an_abandoned_profile_is_purged_and_its_connected_scans_stay(client, make_profile):
    from django.core.management import call_command
    from django.utils import timezone

    token, share = make_profile()
    scan = start_from_share(client, share, consent=True, name="Anna")
    client.post(f"/zelfscan/{scan}/afronden/", {"confirm": "1"})
    long_ago = timezone.now() - timezone.timedelta(days=400)
    profile = RoleProfile.objects.get()
    SelfAssessment.objects.filter(pk=profile.pk).update(updated_at=long_ago)
    profile.answers.answers.update(updated_at=long_ago)
    call_command("purge_abandoned_assessments", stdout=io.StringIO())
    assert not RoleProfile.objects.exists() and not ProfileConnection.objects.exists()
    assert client.get(f"/zelfscan/{token}/").status_code == 404
    assert client.get(f"/zelfscan/{scan}/resultaat/").status_code == 200
