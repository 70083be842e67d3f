"""axe-core on every admin screen the project adds to Wagtail, as the Hoofdredacteur opens them:
the edition screens, the spreadsheets, the report, the statistics and the snippets of our own
models (WCAG 2.1 A and AA, no console errors, no request to another host)."""

import pytest
from django.urls import reverse

from .test_editor_flow import MODERATOR, log_in

pytestmark = pytest.mark.e2e

SCREENS = [
    "edities-nieuw:index",
    "edities-publiceren:index",
    "edities-vergelijken:index",
    "edities-downloaden:index",
    "edities-importeren:index",
    "spreadsheets-competenties:index",
    "spreadsheets-taken:index",
    "mogelijke-dubbelingen:index",
    "wagtailsnippets_framework_pages_competentie:list",
    "wagtailsnippets_framework_pages_competentiegebied:list",
    "wagtailsnippets_framework_pages_synoniem:list",
]


def test_the_projects_own_admin_screens_are_accessible(browser_context, demo_accounts, audit):
    page = log_in(browser_context(), *MODERATOR)
    for name in SCREENS:
        response = page.goto(reverse(name))
        assert response.status == 200, name
        audit(page)


def test_the_statistics_screen_with_figures_is_accessible(
    browser_context, demo_accounts, site_content, audit
):
    from bench.data import generate
    from checklists.models import SelfAssessment

    # Enough finished scans of every size for the tables to show (bench's own generator).
    generate(60)
    assert SelfAssessment.objects.filter(finished_at__isnull=False).count() >= 10
    page = log_in(browser_context(), *MODERATOR)
    response = page.goto(reverse("checklists_selfassessment_modeladmin_index"))
    assert response.status == 200
    assert page.locator("table").count() > 0, "geen tabel met cijfers"
    audit(page)
