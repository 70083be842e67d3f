"""Issue 13: the self-assessment made for real use (the parts a test client can check; the
browser journey is tests/e2e/test_coordinator_journey.py)."""

import re

import pytest
from django.test import Client
from icalendar import Calendar

from checklists.models import Answer, SelfAssessment, hash_token
from framework_pages.items import COMPETENTIE, TASK, section_items
from framework_pages.models import HoofdtaakPage

from .conftest import page_form, tick_data

pytestmark = pytest.mark.django_db


def first_of(page, type_):
    return next(i for i in section_items(page) if i.type == type_)


def with_plan(client, section, start_assessment):
    token = start_assessment(section)
    first, second = [i for i in section_items(section) if i.type == TASK][:2]
    client.post(
        f"/zelfscan/{token}/stap/1/", tick_data(section, development={first.uid, second.uid})
    )
    return token, Answer.objects.get(item_uid=first.uid), Answer.objects.get(item_uid=second.uid)


def test_a_target_date_goes_round_trip_through_the_plan(client, section, start_assessment):
    token, answer, _other = with_plan(client, section, start_assessment)
    url = f"/zelfscan/{token}/ontwikkelplan/"
    fields, _ = page_form(client.get(url).content.decode())
    fields[f"p{answer.pk}-date"] = "2026-06-30"
    assert client.post(url, fields).status_code == 302
    html = client.get(url).content.decode()
    # What a date input can show: the ISO date, not 30-06-2026.
    assert f'name="p{answer.pk}-date" value="2026-06-30"' in html
    fields, _ = page_form(html)
    assert client.post(url, fields).status_code == 302  # saved again as the page shows it
    answer.refresh_from_db()
    assert str(answer.plan_date) == "2026-06-30"


def test_numbers_and_choices_go_round_trip_unlocalised(
    client, section, edition, start_assessment, settings
):
    settings.USE_THOUSAND_SEPARATOR = True
    token = start_assessment(section)
    html = client.get(f"/zelfscan/{token}/stap/1/").content.decode()
    assert f'name="revision" value="{section.live_revision_id}"' in html
    start = client.get(f"/zelfscan/?onderdeel={section.pk}").content.decode()
    assert f'value="{section.pk}" checked' in start
    response = client.post("/zelfscan/", {"scope": "x"})
    assert (
        response.status_code == 400
        and "Kies een onderdeel uit de lijst" in response.content.decode()
    )


def test_the_start_page_gives_sizes_and_chooses_nothing_for_you(client, edition):
    html = client.get("/zelfscan/").content.decode()
    assert " checked" not in html
    whole = re.search(
        r"Het hele beroepsprofiel</span>\s*<span class=\"scope-size\"[^>]*>(\d+) vragen · ongeveer (\d+) minuten",
        html,
    )
    assert whole, html[:2000]
    asked, minutes = map(int, whole.groups())
    assert 200 < asked < 442  # each competency once: fewer questions than the 442 checkboxes
    assert minutes >= 10
    assert "2.3 Matchen" in html


def test_the_short_route_folds_competencies_answered_on_an_earlier_step(
    client, edition, start_assessment
):
    hoofdtaak = HoofdtaakPage.objects.child_of(edition).get(number="2")
    token = start_assessment(hoofdtaak)
    first, second = list(hoofdtaak.get_children().live().specific().order_by("path"))[:2]
    shared = [
        c.uid
        for c in section_items(first)
        if c.type == COMPETENTIE and c.uid in {i.uid for i in section_items(second)}
    ]
    before = client.get(f"/zelfscan/{token}/stap/2/").content.decode()
    assert "al beantwoord bij" not in before
    client.post(f"/zelfscan/{token}/stap/1/", tick_data(first))
    html = client.get(f"/zelfscan/{token}/stap/2/").content.decode()
    folded = html.split("<details", 1)[1]
    assert re.search(rf"\d+ competenties? al beantwoord bij {first.number}", html)
    assert "bekijken of wijzigen" in html
    # Still in the form, one click away, not asked again above.
    assert all(f'name="i-{uid}-c"' in folded for uid in shared)


def test_a_task_area_not_done_in_one_action_and_undone(client, section, start_assessment):
    token = start_assessment(section)
    tasks = [i for i in section_items(section) if i.type == TASK]
    competency = first_of(section, COMPETENTIE)
    client.post(
        f"/zelfscan/{token}/stap/1/",
        tick_data(section, checked={tasks[0].uid, competency.uid}, development={tasks[1].uid}),
    )
    fields, _ = page_form(client.get(f"/zelfscan/{token}/stap/1/").content.decode())
    url = f"/zelfscan/{token}/stap/1/"
    response = client.post(
        url, {k: fields[k] for k in ("revision", "revision_key")} | {"not_done": ""}
    )
    assert response.status_code == 302
    stored = dict(Answer.objects.values_list("item_uid", "checked"))
    assert not any(stored[__import__("uuid").UUID(t.uid)] for t in tasks)
    assert Answer.objects.get(item_uid=competency.uid).checked  # competencies untouched
    assert "Ongedaan maken" in client.get(url).content.decode()
    client.post(url, {k: fields[k] for k in ("revision", "revision_key")} | {"undo_not_done": ""})
    assert Answer.objects.get(item_uid=tasks[0].uid).checked
    assert Answer.objects.get(item_uid=tasks[1].uid).development


def test_finishing_a_half_empty_scan_asks_and_says_what_is_missing(
    client, edition, start_assessment
):
    hoofdtaak = HoofdtaakPage.objects.child_of(edition).get(number="2")
    token = start_assessment(hoofdtaak)
    first = hoofdtaak.get_children().live().specific().order_by("path").first()
    client.post(f"/zelfscan/{token}/stap/1/", tick_data(first))
    response = client.post(f"/zelfscan/{token}/afronden/")
    html = response.content.decode()
    assert response.status_code == 200 and "Toch afronden" in html
    assert "2.2" in html and "2.1 " not in html.split('class="missing"')[1].split("</ul>")[0]
    assert not SelfAssessment.objects.get(token_hash=hash_token(token)).is_finished
    assert client.post(f"/zelfscan/{token}/afronden/", {"confirm": ""}).status_code == 302
    assert SelfAssessment.objects.get(token_hash=hash_token(token)).is_finished


def test_the_progress_bar_counts_answered_steps_not_the_position(client, edition, start_assessment):
    token = start_assessment(edition)
    html = client.get(f"/zelfscan/{token}/stap/5/").content.decode()
    assert "Onderdeel 5 van 14 · 0 van 14 ingevuld" in html
    assert 'value="0"' in html.split("<progress", 1)[1].split(">", 1)[0]
    assert 'name="previous"' in html  # "Vorige"
    assert html.count("data-save-status") == 2  # the save status at the top and the bottom


def test_compare_earlier_keeps_the_link_and_says_what_is_wrong(client, section, start_assessment):
    token = start_assessment(section)
    invite = client.post(f"/zelfscan/{token}/uitnodigen/").content.decode()
    invite_link = re.search(
        r'value="(http://testserver/zelfscan/uitnodiging/[^"]+)"', invite
    ).group(1)
    response = client.post(f"/zelfscan/{token}/vergelijk-eerder/", {"link": invite_link})
    html = response.content.decode()
    assert response.status_code == 400
    assert "uitnodigingslink voor een leidinggevende" in html
    assert f'value="{invite_link}"' in html  # what was typed is kept
    manager = Client().post(invite_link.removeprefix("http://testserver"))["Location"]
    html = client.post(
        f"/zelfscan/{token}/vergelijk-eerder/", {"link": f"http://testserver{manager}"}
    ).content.decode()
    assert "invulling van een leidinggevende" in html
    html = client.post(f"/zelfscan/{token}/vergelijk-eerder/", {"link": token}).content.decode()
    assert "link van deze zelfscan zelf" in html


def test_the_manager_is_addressed_as_the_manager(client, section, start_assessment):
    token = start_assessment(section)
    invite = client.post(f"/zelfscan/{token}/uitnodigen/").content.decode()
    path = re.search(r"/zelfscan/uitnodiging/[^/\"]+/", invite).group(0)
    manager = Client()
    manager_token = manager.post(path)["Location"].split("/")[2]
    for url in ("", "stap/1/", "ontwikkelplan/"):
        html = manager.get(f"/zelfscan/{manager_token}/{url}").content.decode()
        assert "over de coördinator" in html, url
    assert (
        "Beheerst de coördinator"
        in manager.get(f"/zelfscan/{manager_token}/stap/1/").content.decode()
    )
    assert (
        "Beheerst de coördinator" not in client.get(f"/zelfscan/{token}/stap/1/").content.decode()
    )


def test_the_link_by_email_arrives_once_and_the_address_is_kept_nowhere(
    client, section, start_assessment, smtp_server
):
    from django.contrib.sessions.models import Session

    token = start_assessment(section)
    address = "coordinator.bewaar.niet@example.org"
    response = client.post(f"/zelfscan/{token}/link/e-mail/", {"which": "scan", "address": address})
    assert response.status_code == 302
    assert len(smtp_server) == 1
    assert smtp_server[0]["To"] == address
    assert f"http://testserver/zelfscan/{token}/" in smtp_server[0].get_body().get_content()
    assert address not in client.get(response["Location"]).content.decode()
    stored = [str(v) for a in SelfAssessment.objects.values() for v in a.values()]
    stored += [s.session_data for s in Session.objects.all()]
    assert not any(address in value for value in stored)
    bad = client.post(f"/zelfscan/{token}/link/e-mail/", {"which": "scan", "address": "geen adres"})
    assert bad.status_code == 400 and "geldig e-mailadres" in bad.content.decode()
    assert len(smtp_server) == 1


def test_a_link_as_a_small_file_and_a_qr_code(client, section, start_assessment):
    token = start_assessment(section)
    overview = client.get(f"/zelfscan/{token}/").content.decode()
    assert 'class="qr-code"' in overview and "<path" in overview
    response = client.post(f"/zelfscan/{token}/link/bestand/", {"which": "scan"})
    assert response["Content-Disposition"].startswith("attachment")
    assert f"/zelfscan/{token}/" in response.content.decode()
    # An invitation's file only with the invitation's own token.
    refused = client.post(f"/zelfscan/{token}/link/bestand/", {"which": "invite", "invite": "x"})
    assert refused.status_code == 404


def test_the_plan_prints_only_filled_points_and_downloads_dates(client, section, start_assessment):
    token, answer, other = with_plan(client, section, start_assessment)
    url = f"/zelfscan/{token}/ontwikkelplan/"
    fields, _ = page_form(client.get(url).content.decode())
    fields.update({f"p{answer.pk}-note": "Intake leiden", f"p{answer.pk}-date": "2026-06-30"})
    client.post(url, fields)
    html = client.get(f"{url}afdrukken/?naam=Sam").content.decode()
    assert "Ontwikkelplan: Sam" in html and "Intake leiden" in html
    assert answer.text in html and other.text not in html
    assert "<script" not in html
    assert not SelfAssessment.objects.filter(scope_title__contains="Sam").exists()
    response = client.get(f"{url}streefdata.ics")
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e.decoded("dtstart")) for e in events] == ["2026-06-30"]
    assert answer.text in str(events[0]["summary"])


def test_the_csv_says_ja_and_nee(client, section, start_assessment):
    token = start_assessment(section)
    task = first_of(section, TASK)
    client.post(f"/zelfscan/{token}/stap/1/", tick_data(section, checked={task.uid}))
    text = client.get(f"/zelfscan/{token}/export.csv").content.decode("utf-8-sig")
    assert ";ja;nee;" in text and "True" not in text and "False" not in text


def test_every_private_page_is_never_cached(client, section, start_assessment):
    token, _answer, _other = with_plan(client, section, start_assessment)
    for url in (
        "",
        "stap/1/",
        "resultaat/",
        "ontwikkelplan/",
        "ontwikkelplan/afdrukken/",
        "ontwikkelplan/streefdata.ics",
        "verwijderen/",
        "vergelijk-eerder/",
    ):
        response = client.get(f"/zelfscan/{token}/{url}")
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url
