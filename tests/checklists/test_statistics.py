"""The association's anonymous statistics: aggregates only, never for small groups."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from checklists.models import SelfAssessment
from checklists.saving import save_step
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
    task = finished_assessments(section, 10)
    SelfAssessment.objects.create(
        token_hash="x" * 64, edition=section.edition, scope_page=section
    )  # unfinished
    html = admin_client.get(URL).content.decode()
    assert "Gebaseerd op 10 afgeronde zelfscans" in html
    assert task.text in html and "100% (10/10)" in html
    csv_text = admin_client.get(f"{URL}?export=csv").content.decode("utf-8-sig")
    row = next(line for line in csv_text.splitlines() if task.uid in line)
    assert row.split(";")[3:6] == ["10", "10", "0"]


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
