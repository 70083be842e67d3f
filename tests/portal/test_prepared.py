"""Queries compiled once (portal/prepared.py) give what the ORM gives, for every argument."""

import pytest
from django.db.models import Exists, OuterRef

from checklists.models import SelfAssessment
from framework_pages.models import TaakgebiedPage
from portal.prepared import prepared

pytestmark = pytest.mark.django_db


def test_rows_are_the_orms_for_each_argument(edition):
    build = lambda depth: (  # noqa: E731
        TaakgebiedPage.objects.filter(depth=depth).order_by("path").values_list("pk", "title")
    )
    read = prepared(build)
    depths = sorted(set(TaakgebiedPage.objects.values_list("depth", flat=True)))
    for depth in [*depths, 99]:
        assert read(depth) == list(build(depth))


def test_instances_carry_their_fields_and_annotations(edition, section):
    coordinator, _token = SelfAssessment.begin(section, edition)
    SelfAssessment.begin(section, edition, role="manager", coordinator=coordinator)

    def build(token_hash):
        managers = SelfAssessment.objects.filter(coordinator_assessment=OuterRef("pk"))
        assessments = SelfAssessment.objects.filter(token_hash=token_hash)
        return assessments.annotate(has_managers=Exists(managers)).order_by("pk")[:1]

    read = prepared(build)
    for assessment in SelfAssessment.objects.all():
        (found,) = read(assessment.token_hash)
        (expected,) = build(assessment.token_hash)
        assert found.pk == expected.pk and found.scope_title == expected.scope_title
        assert found.page_revisions == expected.page_revisions
        assert found.has_managers is expected.has_managers
    assert read("no such hash") == []


def test_an_argument_the_sql_changes_falls_back_to_the_orm(edition):
    build = lambda text: TaakgebiedPage.objects.filter(title__icontains=text).values_list("pk")  # noqa: E731
    read = prepared(build)
    assert read("match") == list(build("match"))
    assert read("zzz-nothing") == []
