"""The self-assessment generated from the published pages: tick, save, resume, results, privacy."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from checklists.models import Answer, SelfAssessment, hash_token
from framework_pages.items import COMPETENTIE, TASK, section_items

from .conftest import multiply_matrix, publish_matrix_change, tick_data

pytestmark = pytest.mark.django_db


def items_of(page, type_):
    return [i for i in section_items(page) if i.type == type_]


def test_start_gives_a_private_unguessable_link(client, section, start_assessment):
    token = start_assessment(section)
    assert len(token) >= 43  # 32 random bytes, url-safe: 256 bits
    assessment = SelfAssessment.objects.get()
    assert assessment.token_hash == hash_token(token) and token not in assessment.token_hash
    response = client.get(f"/zelfscan/{token}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "die link is de sleutel" in html.lower()
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "same-origin"


def test_start_refuses_an_unknown_scope_with_a_clear_message(client, edition):
    response = client.post("/zelfscan/", {"scope": 999999})
    assert response.status_code == 400
    assert "bestaat niet in de huidige editie" in response.content.decode()
    assert not SelfAssessment.objects.exists()


def test_the_form_is_generated_from_the_published_page(client, section, start_assessment):
    token = start_assessment(section)
    html = client.get(f"/zelfscan/{token}/stap/1/").content.decode()
    for item in section_items(section):
        assert f'name="i-{item.uid}-c"' in html
        assert f'name="i-{item.uid}-o"' in html
    assert "Van toepassing" in html and "Beheers ik" in html and "Ontwikkelpunt" in html


def test_ticks_are_saved_and_shown_again_when_resuming(client, section, start_assessment):
    token = start_assessment(section)
    task = items_of(section, TASK)[0]
    competency = items_of(section, COMPETENTIE)[0]
    response = client.post(
        f"/zelfscan/{token}/stap/1/",
        {
            **tick_data(section, checked={task.uid, competency.uid}, development={task.uid}),
            "save": "",
        },
    )
    assert response.status_code == 302
    # Another browser with the same link sees the same ticks.
    from django.test import Client

    html = Client().get(f"/zelfscan/{token}/stap/1/").content.decode()
    assert f'name="i-{task.uid}-c" checked' in html
    assert f'name="i-{task.uid}-o" checked' in html
    assert f'name="i-{competency.uid}-c" checked' in html
    assert f'name="i-{competency.uid}-o" checked' not in html
    answers = Answer.objects.filter(assessment__token_hash=hash_token(token))
    assert answers.count() == len(section_items(section))  # every item shown is kept, ticked or not


def test_one_token_cannot_read_or_change_another_assessment(client, section, start_assessment):
    first = start_assessment(section)
    second = start_assessment(section)
    task = items_of(section, TASK)[0]
    client.post(f"/zelfscan/{first}/stap/1/", tick_data(section, checked={task.uid}))
    html = client.get(f"/zelfscan/{second}/stap/1/").content.decode()
    assert f'name="i-{task.uid}-c" checked' not in html
    assert client.get(f"/zelfscan/{second}x/").status_code == 404
    assert client.get("/zelfscan/" + "A" * 43 + "/resultaat/").status_code == 404
    assert client.get("/zelfscan/" + "A" * 43 + "/export.json").status_code == 404


def test_unknown_or_tampered_item_keys_are_refused_and_nothing_saved(
    client, section, start_assessment
):
    token = start_assessment(section)
    task = items_of(section, TASK)[0]
    data = tick_data(section, checked={task.uid})
    data["i-00000000-0000-0000-0000-000000000000-c"] = "on"
    response = client.post(f"/zelfscan/{token}/stap/1/", data)
    assert response.status_code == 400
    assert "Er is niets opgeslagen" in response.content.decode()
    assert not Answer.objects.exists()
    # A revision of another page is not a revision of this step.
    other = section.get_prev_sibling().specific
    data = tick_data(section, checked={task.uid})
    data["revision"] = other.live_revision_id
    response = client.post(f"/zelfscan/{token}/stap/1/", data)
    assert response.status_code == 400
    assert not Answer.objects.exists()


def test_an_editors_change_shows_in_the_next_form_and_old_answers_keep_their_text(
    client, section, start_assessment
):
    token = start_assessment(section)
    task = items_of(section, TASK)[0]
    client.post(f"/zelfscan/{token}/stap/1/", tick_data(section, checked={task.uid}))
    client.post(f"/zelfscan/{token}/afronden/")

    # The editor rewords the task and removes another one, then publishes.
    removed = items_of(section, TASK)[1]

    def reword_and_remove(cell):
        for entry in cell:
            if entry["id"] == task.uid:
                entry["value"]["text"] = "Herschreven taak"
        return [e for e in cell if e["id"] != removed.uid]

    publish_matrix_change(section, reword_and_remove)

    new_token = start_assessment(section)
    html = client.get(f"/zelfscan/{new_token}/stap/1/").content.decode()
    assert "Herschreven taak" in html and task.text not in html
    assert f"i-{removed.uid}-c" not in html

    # The earlier, finished assessment still shows what was ticked, as it was worded then.
    answer = Answer.objects.get(assessment__token_hash=hash_token(token), item_uid=task.uid)
    assert answer.checked and answer.text == task.text
    export = json.loads(client.get(f"/zelfscan/{token}/export.json").content)
    assert any(a["tekst"] == task.text and a["aangevinkt"] for a in export["antwoorden"])


def test_removed_items_that_were_ticked_show_as_no_longer_in_the_profile(
    client, section, start_assessment
):
    token = start_assessment(section)
    task = items_of(section, TASK)[0]
    client.post(f"/zelfscan/{token}/stap/1/", tick_data(section, checked={task.uid}))
    publish_matrix_change(section, lambda cell: [e for e in cell if e["id"] != task.uid])
    html = client.get(f"/zelfscan/{token}/resultaat/").content.decode()
    assert "niet meer in het profiel" in html
    assert task.text in html


def test_a_shared_competency_is_one_answer_across_sections(client, edition, start_assessment):
    from framework_pages.models import HoofdtaakPage

    hoofdtaak = HoofdtaakPage.objects.child_of(edition).get(number="2")
    token = start_assessment(hoofdtaak)
    sections = list(hoofdtaak.get_children().live().specific().order_by("path"))
    first, second = sections[0], sections[1]
    shared = next(
        c
        for c in items_of(first, COMPETENTIE)
        if c.uid in {i.uid for i in items_of(second, COMPETENTIE)}
    )
    client.post(f"/zelfscan/{token}/stap/1/", tick_data(first, checked={shared.uid}))
    html = client.get(f"/zelfscan/{token}/stap/2/").content.decode()
    assert f'name="i-{shared.uid}-c" checked' in html
    assert f"al beantwoord bij {first.number}" in html
    assert Answer.objects.filter(item_uid=shared.uid).count() == 1


def test_whole_framework_is_a_guided_sequence_with_progress(client, edition, start_assessment):
    token = start_assessment(edition)
    html = client.get(f"/zelfscan/{token}/stap/4/").content.decode()
    assert "Onderdeel 4 van 14" in html
    first = client.get(f"/zelfscan/{token}/stap/1/")
    assert first.status_code == 200
    assert client.get(f"/zelfscan/{token}/stap/15/").status_code == 404
    assert client.get(f"/zelfscan/{token}/stap/0/").status_code == 404


def test_save_and_next_goes_to_the_next_step(client, edition, start_assessment):
    from framework_pages.models import TaakgebiedPage

    token = start_assessment(edition)
    first = TaakgebiedPage.objects.descendant_of(edition).live().order_by("path").first()
    response = client.post(f"/zelfscan/{token}/stap/1/", {**tick_data(first), "next": ""})
    assert response["Location"] == f"/zelfscan/{token}/stap/2/"
    assert "1 van 14 onderdelen ingevuld" in client.get(f"/zelfscan/{token}/").content.decode()


def test_autosave_answers_json(client, section, start_assessment):
    token = start_assessment(section)
    response = client.post(
        f"/zelfscan/{token}/stap/1/", tick_data(section), headers={"X-Requested-With": "fetch"}
    )
    assert response.status_code == 200 and response.json()["saved"] is True


def test_results_count_per_quadrant_and_area(client, section, start_assessment):
    token = start_assessment(section)
    tasks = items_of(section, TASK)
    basis_uitvoerend = [t for t in tasks if t.quadrant == "uitvoerend:basis"]
    competencies = items_of(section, COMPETENTIE)
    client.post(
        f"/zelfscan/{token}/stap/1/",
        tick_data(
            section,
            checked={basis_uitvoerend[0].uid, competencies[0].uid},
            development={tasks[-1].uid},
        ),
    )
    html = client.get(f"/zelfscan/{token}/resultaat/").content.decode()
    # The section's heat map: that quadrant's cell (one section: no separate total).
    assert html.count(f">1/{len(basis_uitvoerend)}</td>") == 1
    assert competencies[0].area_name in html


def test_result_lists_development_points_under_their_section_escaped(
    client, section, start_assessment
):
    token = start_assessment(section)
    first, second = items_of(section, TASK)[:2]
    client.post(
        f"/zelfscan/{token}/stap/1/", tick_data(section, development={first.uid, second.uid})
    )
    # A stored text is shown as text, whatever it contains.
    Answer.objects.filter(item_uid=second.uid).update(text="Rollen <b>vastleggen</b> & delen")
    html = client.get(f"/zelfscan/{token}/resultaat/").content.decode()
    heading = f'<p class="dev-section">{section.number} {section.title}</p><ul class="dev-list">'
    assert html.count(heading) == 1
    points = html.split(heading, 1)[1].split("</ul>", 1)[0]
    assert f"<li>{first.text}</li>" in points
    assert "<li>Rollen &lt;b&gt;vastleggen&lt;/b&gt; &amp; delen</li>" in points


def test_development_plan_lists_development_points_and_saves_notes(
    client, section, start_assessment
):
    token = start_assessment(section)
    task = items_of(section, TASK)[0]
    client.post(f"/zelfscan/{token}/stap/1/", tick_data(section, development={task.uid}))
    html = client.get(f"/zelfscan/{token}/ontwikkelplan/").content.decode()
    assert task.text in html
    answer = Answer.objects.get(item_uid=task.uid)
    response = client.post(
        f"/zelfscan/{token}/ontwikkelplan/",
        {f"p{answer.pk}-note": "Cursus volgen", f"p{answer.pk}-date": "2027-03-01"},
    )
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.plan_note == "Cursus volgen" and str(answer.plan_date) == "2027-03-01"
    response = client.post(f"/zelfscan/{token}/ontwikkelplan/", {f"p{answer.pk}-date": "morgen"})
    assert response.status_code == 400 and "geldige datum" in response.content.decode()


def test_manager_fills_a_separate_copy_and_the_comparison_shows_differences(
    client, section, start_assessment
):
    from django.test import Client

    token = start_assessment(section)
    task, other = items_of(section, TASK)[:2]
    client.post(f"/zelfscan/{token}/stap/1/", tick_data(section, checked={task.uid}))
    html = client.post(f"/zelfscan/{token}/uitnodigen/").content.decode()
    invite_link = html.split("/zelfscan/uitnodiging/")[1].split('"')[0]
    manager_client = Client()
    response = manager_client.post(f"/zelfscan/uitnodiging/{invite_link}")
    manager_token = response["Location"].split("/")[2]
    assert manager_token != token
    manager_client.post(
        f"/zelfscan/{manager_token}/stap/1/", tick_data(section, checked={task.uid, other.uid})
    )
    # The manager's answers never touch the coordinator's.
    coordinator = SelfAssessment.objects.get(token_hash=hash_token(token))
    assert list(coordinator.answers.filter(checked=True).values_list("item_uid", flat=True)) == [
        __import__("uuid").UUID(task.uid)
    ]
    for viewer, viewer_token in ((client, token), (manager_client, manager_token)):
        html = viewer.get(f"/zelfscan/{viewer_token}/vergelijking/").content.decode()
        assert "Er is 1 verschil op" in html
        assert "compare-item differs" in html and other.text in html
    # Revoked invitations no longer work.
    client.post(f"/zelfscan/{token}/uitnodiging-intrekken/")
    assert Client().get(f"/zelfscan/uitnodiging/{invite_link}").status_code == 404


def test_compare_with_an_earlier_assessment(client, section, start_assessment):
    earlier = start_assessment(section)
    later = start_assessment(section)
    task = items_of(section, TASK)[0]
    client.post(f"/zelfscan/{earlier}/stap/1/", tick_data(section))
    client.post(f"/zelfscan/{later}/stap/1/", tick_data(section, checked={task.uid}))
    html = client.post(
        f"/zelfscan/{later}/vergelijk-eerder/", {"link": f"http://x/zelfscan/{earlier}/"}
    ).content.decode()
    assert "Er is 1 verschil op" in html
    response = client.post(f"/zelfscan/{later}/vergelijk-eerder/", {"link": "onzin"})
    assert response.status_code == 400 and "geen zelfscan te vinden" in response.content.decode()


def test_owner_exports_csv_and_json_and_deletes_for_good(client, section, start_assessment):
    token = start_assessment(section)
    task = items_of(section, TASK)[0]
    client.post(f"/zelfscan/{token}/stap/1/", tick_data(section, checked={task.uid}))
    csv_response = client.get(f"/zelfscan/{token}/export.csv")
    assert csv_response["Content-Type"].startswith("text/csv")
    assert task.text in csv_response.content.decode("utf-8-sig")
    data = json.loads(client.get(f"/zelfscan/{token}/export.json").content)
    assert len(data["antwoorden"]) == len(section_items(section))
    assert client.post(f"/zelfscan/{token}/verwijderen/").status_code == 302
    assert not SelfAssessment.objects.exists() and not Answer.objects.exists()
    assert client.get(f"/zelfscan/{token}/").status_code == 404


def test_retention_removes_only_abandoned_anonymous_assessments(section, start_assessment, client):
    old, finished, recent = (start_assessment(section) for _ in range(3))
    long_ago = timezone.now() - timezone.timedelta(days=400)
    SelfAssessment.objects.filter(token_hash__in=[hash_token(old), hash_token(finished)]).update(
        updated_at=long_ago
    )
    SelfAssessment.objects.filter(token_hash=hash_token(finished)).update(finished_at=long_ago)
    out = io.StringIO()
    call_command("purge_abandoned_assessments", stdout=out)
    assert "1 verlaten" in out.getvalue()
    remaining = set(SelfAssessment.objects.values_list("token_hash", flat=True))
    assert remaining == {hash_token(finished), hash_token(recent)}


@pytest.mark.parametrize("multiplier", [1, 5])
def test_query_counts_do_not_grow_with_content(client, section, start_assessment, multiplier):
    """Checklist GET ≤ 12, save ≤ 15, result ≤ 15 queries, whatever the number of items."""
    multiply_matrix(section, multiplier)
    token = start_assessment(section)
    counts = {}
    for name, call in (
        ("GET", lambda: client.get(f"/zelfscan/{token}/stap/1/")),
        (
            "POST",
            lambda: client.post(
                f"/zelfscan/{token}/stap/1/",
                tick_data(section, checked={i.uid for i in section_items(section)[:3]}),
            ),
        ),
        ("result", lambda: client.get(f"/zelfscan/{token}/resultaat/")),
    ):
        with CaptureQueriesContext(connection) as queries:
            response = call()
        assert response.status_code in (200, 302)
        counts[name] = len(queries)
    print(f"queries with {multiplier}x items ({len(section_items(section))} items): {counts}")
    assert counts["GET"] <= 12 and counts["POST"] <= 15 and counts["result"] <= 15
