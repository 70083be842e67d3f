"""Issue 12 for the self-assessment: drafts never leave the admin, and personal data is neither
lost, kept too long nor exposed. One test per attack that worked before."""

import io
import json
import logging
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from checklists.models import Answer, SelfAssessment, hash_token
from framework_pages.items import COMPETENTIE, TASK, section_items
from framework_pages.models import HoofdtaakPage

from .conftest import page_form, tick_data
from .test_carry_forward import edition_2026  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

DRAFT_TEXT = "GEHEIME CONCEPTTAAK die nog niet is goedgekeurd"


def assessment_of(token):
    return SelfAssessment.objects.get(token_hash=hash_token(token))


def stored(token):
    return {
        str(uid): (checked, development)
        for uid, checked, development in Answer.objects.filter(
            assessment__token_hash=hash_token(token)
        ).values_list("item_uid", "checked", "development")
    }


def first_of(page, type_):
    return next(i for i in section_items(page) if i.type == type_)


# --- drafts never leave the admin ------------------------------------------------------------


@pytest.fixture
def draft_revision(section):
    """An editor's unpublished draft of 2.3 with a new task: its revision id."""
    page = section.get_latest_revision_as_object()
    raw = list(page.body.raw_data)
    for block in raw:
        if block["type"] == "task_matrix":
            block["value"]["uitvoerend"]["basis"].append(
                {
                    "type": "item",
                    "id": "0f0f0f0f-0000-4000-8000-000000000001",
                    "value": {"text": DRAFT_TEXT, "note": ""},
                }
            )
    page.body = raw
    revision = page.save_revision()
    section.refresh_from_db()
    assert section.live_revision_id != revision.pk
    return revision


@pytest.mark.parametrize("autosave", [False, True], ids=["form", "autosave"])
def test_a_drafts_revision_id_never_shows_or_stores_the_draft(
    client, section, start_assessment, draft_revision, autosave
):
    token = start_assessment(section)
    data = {"revision": draft_revision.pk, "i-0f0f0f0f-0000-4000-8000-000000000001-c": "on"}
    headers = {"X-Requested-With": "fetch"} if autosave else {}
    response = client.post(f"/zelfscan/{token}/stap/1/", data, headers=headers)
    assert response.status_code == 400
    assert DRAFT_TEXT not in response.content.decode()
    assert "Er is niets opgeslagen" in response.content.decode()
    assert not Answer.objects.exists()
    export = client.get(f"/zelfscan/{token}/export.json").content.decode()
    assert DRAFT_TEXT not in export


@pytest.mark.parametrize("action", ["not_done", "undo_not_done"])
def test_not_done_with_a_drafts_revision_id_never_shows_or_stores_the_draft(
    client, section, start_assessment, draft_revision, action
):
    token = start_assessment(section)
    response = client.post(
        f"/zelfscan/{token}/stap/1/", {"revision": draft_revision.pk, action: ""}
    )
    assert response.status_code == 400
    assert DRAFT_TEXT not in response.content.decode()
    assert "Er is niets opgeslagen" in response.content.decode()
    assert not Answer.objects.exists()
    assert DRAFT_TEXT not in client.get(f"/zelfscan/{token}/export.json").content.decode()


def test_a_form_loaded_before_a_publish_still_saves(client, section, start_assessment):
    """The revision the portal served this person stays valid after an editor publishes."""
    from .conftest import publish_matrix_change

    token = start_assessment(section)
    fields, _ = page_form(client.get(f"/zelfscan/{token}/stap/1/").content.decode())
    publish_matrix_change(section, lambda cell: cell)  # a new live revision
    task = first_of(section, TASK)
    response = client.post(f"/zelfscan/{token}/stap/1/", {**fields, f"i-{task.uid}-c": "on"})
    assert response.status_code == 302
    assert stored(token)[task.uid] == (True, False)


# --- retention -----------------------------------------------------------------------------


def test_purge_keeps_a_managers_own_copy_and_recent_plans_and_counts_what_it_deleted(
    client, section, start_assessment, django_user_model
):
    long_ago = timezone.now() - timezone.timedelta(days=400)
    coordinator = start_assessment(section)
    task = first_of(section, TASK)
    client.post(f"/zelfscan/{coordinator}/stap/1/", tick_data(section, development={task.uid}))
    invite = client.post(f"/zelfscan/{coordinator}/uitnodigen/").content.decode()
    invite_path = re.search(r"/zelfscan/uitnodiging/[^/\"]+/", invite).group(0)
    manager_user = django_user_model.objects.create_user("leidinggevende")
    manager_client = Client()
    manager_client.force_login(manager_user)
    manager = manager_client.post(invite_path)["Location"].split("/")[2]
    manager_client.post(f"/zelfscan/{manager}/afronden/")
    planned = start_assessment(section)  # abandoned, except that its plan was edited today
    client.post(f"/zelfscan/{planned}/stap/1/", tick_data(section, development={task.uid}))
    SelfAssessment.objects.update(updated_at=long_ago)
    Answer.objects.update(updated_at=long_ago)
    answer = Answer.objects.get(assessment=assessment_of(planned), item_uid=task.uid)
    plan = client.get(f"/zelfscan/{planned}/ontwikkelplan/").content.decode()
    fields, _ = page_form(plan)
    fields[f"p{answer.pk}-note"] = "Cursus volgen"
    assert client.post(f"/zelfscan/{planned}/ontwikkelplan/", fields).status_code == 302

    before = SelfAssessment.objects.count()
    out = io.StringIO()
    call_command("purge_abandoned_assessments", stdout=out)
    deleted = before - SelfAssessment.objects.count()
    assert deleted == 1  # only the coordinator's abandoned anonymous scan
    assert out.getvalue().startswith(f"{deleted} ")
    assert SelfAssessment.objects.filter(token_hash=hash_token(manager)).exists()
    assert SelfAssessment.objects.filter(token_hash=hash_token(planned)).exists()
    assert not SelfAssessment.objects.filter(token_hash=hash_token(coordinator)).exists()


def test_a_visit_counts_as_activity(client, section, start_assessment):
    token = start_assessment(section)
    SelfAssessment.objects.update(updated_at=timezone.now() - timezone.timedelta(days=400))
    assert client.get(f"/zelfscan/{token}/resultaat/").status_code == 200
    call_command("purge_abandoned_assessments", stdout=io.StringIO())
    assert SelfAssessment.objects.filter(token_hash=hash_token(token)).exists()


# --- two tabs, one competency on two steps -------------------------------------------------


def autosave(http, token, number, fields):
    response = http.post(
        f"/zelfscan/{token}/stap/{number}/", fields, headers={"X-Requested-With": "fetch"}
    )
    assert response.status_code == 200, response.content.decode()[:300]
    return response.json()


def test_two_tabs_of_one_step_keep_each_others_ticks(client, section, start_assessment):
    token = start_assessment(section)
    url = f"/zelfscan/{token}/stap/1/"
    tab_a, _ = page_form(client.get(url).content.decode())
    tab_b, _ = page_form(client.get(url).content.decode())
    first, second = [i for i in section_items(section) if i.type == TASK][:2]
    autosave(client, token, 1, {**tab_a, f"i-{first.uid}-c": "on"})
    autosave(client, token, 1, {**tab_b, f"i-{second.uid}-c": "on"})  # tab B never saw A's tick
    answers = stored(token)
    assert answers[first.uid] == (True, False)
    assert answers[second.uid] == (True, False)


def test_a_competency_on_two_steps_keeps_the_earlier_steps_tick(client, edition, start_assessment):
    hoofdtaak = HoofdtaakPage.objects.child_of(edition).get(number="2")
    token = start_assessment(hoofdtaak)
    first, second = list(hoofdtaak.get_children().live().specific().order_by("path"))[:2]
    shared = next(
        c
        for c in section_items(first)
        if c.type == COMPETENTIE and c.uid in {i.uid for i in section_items(second)}
    )
    step_two, _ = page_form(client.get(f"/zelfscan/{token}/stap/2/").content.decode())
    step_one, _ = page_form(client.get(f"/zelfscan/{token}/stap/1/").content.decode())
    autosave(client, token, 1, {**step_one, f"i-{shared.uid}-c": "on"})
    other = first_of(second, TASK)
    result = autosave(client, token, 2, {**step_two, f"i-{other.uid}-c": "on"})
    assert result["saved"] is True
    assert stored(token)[shared.uid] == (True, False)
    assert stored(token)[other.uid] == (True, False)


def test_a_real_conflict_in_the_plan_is_shown_and_nothing_is_lost(
    client, section, start_assessment
):
    token = start_assessment(section)
    task = first_of(section, TASK)
    client.post(f"/zelfscan/{token}/stap/1/", tick_data(section, development={task.uid}))
    answer = Answer.objects.get(item_uid=task.uid)
    url = f"/zelfscan/{token}/ontwikkelplan/"
    tab_a, _ = page_form(client.get(url).content.decode())
    tab_b, _ = page_form(client.get(url).content.decode())
    tab_a[f"p{answer.pk}-note"] = "Cursus volgen"
    assert client.post(url, tab_a).status_code == 302
    tab_b[f"p{answer.pk}-note"] = "Meelopen met een collega"
    response = client.post(url, tab_b)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Cursus volgen" in html and "Meelopen met een collega" in html
    answer.refresh_from_db()
    assert answer.plan_note == "Cursus volgen"
    # A save that changes only another field of the same point is no conflict.
    tab_c, _ = page_form(client.get(url).content.decode())
    tab_d, _ = page_form(client.get(url).content.decode())
    tab_c[f"p{answer.pk}-support"] = "Mijn leidinggevende"
    assert client.post(url, tab_c).status_code == 302
    tab_d[f"p{answer.pk}-date"] = "2027-03-01"
    assert client.post(url, tab_d).status_code == 302
    answer.refresh_from_db()
    assert (answer.plan_note, answer.plan_support, str(answer.plan_date)) == (
        "Cursus volgen",
        "Mijn leidinggevende",
        "2027-03-01",
    )


# --- the manager's access ------------------------------------------------------------------


def invite_and_accept(client, token, manager_client=None):
    html = client.post(f"/zelfscan/{token}/uitnodigen/").content.decode()
    path = re.search(r"/zelfscan/uitnodiging/[^/\"]+/", html).group(0)
    manager_client = manager_client or Client()
    response = manager_client.post(path)
    assert response.status_code == 302
    return path, response["Location"].split("/")[2]


def test_an_invite_works_once(client, section, start_assessment):
    token = start_assessment(section)
    path, _manager = invite_and_accept(client, token)
    intruder = Client()
    assert intruder.get(path).status_code == 404
    assert intruder.post(path).status_code == 404
    assert assessment_of(token).manager_assessments.count() == 1


def test_revoking_ends_an_accepted_managers_access(client, section, start_assessment):
    token = start_assessment(section)
    task = first_of(section, TASK)
    client.post(f"/zelfscan/{token}/stap/1/", tick_data(section, checked={task.uid}))
    manager_client = Client()
    _path, manager = invite_and_accept(client, token, manager_client)
    assert manager_client.get(f"/zelfscan/{manager}/vergelijking/").status_code == 200
    client.post(f"/zelfscan/{token}/uitnodiging-intrekken/")
    response = manager_client.get(f"/zelfscan/{manager}/vergelijking/")
    assert response.status_code == 404
    assert task.text not in response.content.decode()
    # The manager keeps their own copy.
    assert manager_client.get(f"/zelfscan/{manager}/").status_code == 200


def test_deleting_the_coordinators_data_keeps_the_managers_copy_and_says_so(
    client, section, start_assessment
):
    token = start_assessment(section)
    manager_client = Client()
    _path, manager = invite_and_accept(client, token, manager_client)
    page = client.get(f"/zelfscan/{token}/verwijderen/").content.decode()
    assert "leidinggevende" in page and "blijft" in page
    client.post(f"/zelfscan/{token}/verwijderen/")
    assert not SelfAssessment.objects.filter(token_hash=hash_token(token)).exists()
    assert manager_client.get(f"/zelfscan/{manager}/").status_code == 200


def test_a_managers_copy_carried_forward_still_compares(client, section, start_assessment, request):
    token = start_assessment(section)
    manager_client = Client()
    _path, manager = invite_and_accept(client, token, manager_client)
    request.getfixturevalue("edition_2026")  # then a newer edition is published
    response = manager_client.post(f"/zelfscan/{manager}/meenemen/")
    assert response.status_code == 302
    carried = response["Location"].split("/")[2]
    assert manager_client.get(f"/zelfscan/{carried}/vergelijking/").status_code == 200


# --- tokens never in the logs --------------------------------------------------------------


@pytest.fixture
def portal_log():
    """What the portal's configured log handlers write, as text."""
    stream = io.StringIO()
    handlers = [
        handler
        for handler in logging.getLogger().handlers
        if type(handler) is logging.StreamHandler  # the portal's, not pytest's own
    ]
    assert handlers, "de logging van portal/settings heeft geen handler"
    old = [handler.setStream(stream) for handler in handlers]
    yield stream
    for handler, previous in zip(handlers, old, strict=True):
        handler.setStream(previous)


def test_tokens_are_masked_in_the_request_log(client, section, start_assessment, portal_log):
    token = start_assessment(section)
    client.post(f"/zelfscan/{token}/stap/1/", {"revision": "x"})  # 400
    client.get(f"/zelfscan/{token}/stap/99/")  # 404
    html = client.post(f"/zelfscan/{token}/uitnodigen/").content.decode()
    invite = re.search(r"/zelfscan/uitnodiging/([^/\"]+)/", html).group(1)
    Client().post(f"/zelfscan/uitnodiging/{invite}/")
    Client().get(f"/zelfscan/uitnodiging/{invite}/")  # 404: used
    log = portal_log.getvalue()
    assert "Bad Request" in log and "Not Found" in log
    assert token not in log and invite not in log


def test_gunicorn_access_log_masks_tokens():
    from gunicorn.config import Config

    from portal.log_masking import TokenMaskingLogger

    token = "A1b2" * 11
    logger = TokenMaskingLogger(Config())

    class Response:
        status, status_code, headers, sent, response_length = "200 OK", 200, [], 10, 10

    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/zelfscan/{token}/stap/1/",
        "PATH_INFO": f"/zelfscan/{token}/stap/1/",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"https://portal.example/zelfscan/{token}/",
    }
    headers = [("REFERER", environ["HTTP_REFERER"])]
    atoms = logger.atoms(Response(), headers, environ, timezone.timedelta(seconds=0.01))
    text = json.dumps(atoms)
    assert token not in text
    assert "/zelfscan/" in atoms["r"] and "/stap/1/" in atoms["U"]
