"""The association's anonymous statistics: aggregates only, never for small groups."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from checklists.models import SelfAssessment
from checklists.saving import save_step
from checklists.statistics import edition_statistics
from framework_pages.items import TASK, section_items

pytestmark = pytest.mark.django_db
URL = "/admin/checklists/selfassessment/"


def finished_assessments(section, count, role="coordinator", tick_first=True):
    items = section_items(section)
    first_task = next(i for i in items if i.type == TASK)
    for _ in range(count):
        assessment = SelfAssessment(
            edition=section.edition,
            edition_label="2025",
            scope_page=section,
            scope_title="2.3 Matchen",
            role=role,
            finished_at=timezone.now(),
        )
        assessment.set_token()
        assessment.save()
        answers = {i.uid: (tick_first and i.uid == first_task.uid, False) for i in items}
        save_step(assessment, section, items, answers, section.live_revision_id)
    return first_task


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("stats", "stats@example.org", "x")
    client.force_login(user)
    return client


def test_no_numbers_for_groups_smaller_than_ten(admin_client, section):
    finished_assessments(section, 9)
    html = admin_client.get(URL).content.decode()
    assert "pas getoond vanaf 10" in html
    assert "Taken per kwadrant" not in html
    assert admin_client.get(f"{URL}?export=csv")["Content-Type"].startswith("text/html")


def test_counts_per_item_quadrant_and_area_for_ten_or_more(admin_client, section):
    task = finished_assessments(section, 40)
    SelfAssessment.objects.create(
        token_hash="x" * 64, edition=section.edition, scope_page=section
    )  # unfinished
    html = admin_client.get(URL).content.decode()
    assert "Gebaseerd op 40 afgeronde zelfscans" in html
    assert task.text in html and "Taken per kwadrant" in html
    csv_text = admin_client.get(f"{URL}?export=csv").content.decode("utf-8-sig")
    row = next(line for line in csv_text.splitlines() if task.uid in line)
    shown, checked, development = (int(n) for n in row.split(";")[3:6])
    # Close to the truth (40, 40, 0): the noise is a few assessments, never more than the group.
    assert 30 <= checked <= shown <= 40 and development <= 10


def edition_csv(section, role=""):
    """The statistics as the association downloads them, without the noise-free totals."""
    stats = edition_statistics(section.edition, role)
    return (stats.assessments, [(r["item_uid"], r["shown"], r["checked"]) for r in stats.items])


def test_one_more_finished_assessment_changes_no_figure(section):
    """The differencing attack: the figures before and after one more finished assessment.
    Before the fix the difference was exactly that person's answers (shown +1, checked +1)."""
    finished_assessments(section, 10, tick_first=False)
    before = edition_csv(section)
    finished_assessments(section, 1, tick_first=True)  # the victim
    assert edition_csv(section) == before
    finished_assessments(section, 8, tick_first=False)
    assert edition_csv(section) == before  # 19: still the first batch of 10


def test_nine_dummies_do_not_reveal_the_tenth_persons_answer(section, settings):
    """The dummy attack: nine assessments of the attacker's own (nothing ticked) and one of the
    victim. The attacker subtracts their own part (0) from the figure and reads the victim's tick.
    Before the fix that worked every time; now the figure does not tell, whatever the secret."""
    task = finished_assessments(section, 9, tick_first=False)
    finished_assessments(section, 1, tick_first=True)
    victim = SelfAssessment.objects.order_by("pk").last()
    answer = victim.answers.get(item_uid=task.uid)
    attacker_right = 0
    keys = [f"test-secret-{n}" for n in range(40)]
    for key in keys:
        settings.SECRET_KEY = key
        guesses = []
        for ticked in (True, False):
            answer.checked = ticked
            answer.save()
            stats = edition_statistics(section.edition)
            figure = next(r["checked"] for r in stats.items if str(r["item_uid"]) == task.uid)
            guesses.append(figure - 0 >= 1)  # 0: the dummies' own ticks
        attacker_right += guesses == [True, False]
    print(f"dummy attack: both answers read right with {attacker_right} of {len(keys)} secrets")
    # Guessing blindly is right for both answers in a quarter of the cases; exact counts in all.
    assert attacker_right <= len(keys) / 2


def test_the_figures_are_the_same_on_every_visit(admin_client, section):
    """Fresh noise on every visit could be averaged away: the same data shows the same figures."""
    finished_assessments(section, 10)
    assert admin_client.get(f"{URL}?export=csv").content == (
        admin_client.get(f"{URL}?export=csv").content
    )


def test_filter_by_role(admin_client, section):
    finished_assessments(section, 10, role="coordinator")
    finished_assessments(section, 3, role="manager")
    assert "pas getoond vanaf 10" in admin_client.get(f"{URL}?rol=manager").content.decode()
    assert "Gebaseerd op 10" in admin_client.get(f"{URL}?rol=coordinator").content.decode()


def test_no_screen_lists_or_edits_individual_assessments(admin_client, section):
    finished_assessments(section, 1)
    pk = SelfAssessment.objects.first().pk
    for url in (f"{URL}create/", f"{URL}edit/{pk}/", f"{URL}delete/{pk}/", f"{URL}inspect/{pk}/"):
        assert admin_client.get(url).status_code == 404


def test_editors_without_the_permission_are_refused(client, section):
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user("ed", password="x")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    assert client.get(URL).status_code in (302, 403)


def test_hoofdredacteur_sees_the_statistics(client, section):
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user("hr")
    user.groups.add(Group.objects.get(name="Hoofdredacteur"))
    client.force_login(user)
    assert client.get(URL).status_code == 200


def test_carrying_forward_counts_against_the_assessment_rate_limit(client, section, settings):
    """Carrying answers forward creates an assessment: it shares the budget of starting one."""
    assessment = SelfAssessment(edition=section.edition, edition_label="2025", scope_page=section)
    token = assessment.set_token()
    assessment.save()
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "assessment": (0, 3600)}
    response = client.post(f"/zelfscan/{token}/meenemen/")
    assert response.status_code == 429
    assert "zelfscan" in response.content.decode().lower()
    assert SelfAssessment.objects.count() == 1
