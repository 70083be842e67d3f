"""Admin: anonymous statistics of finished self-assessments, per edition (wagtail-modeladmin)."""

import csv

from django.http import HttpResponse
from django.urls import re_path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register
from wagtail_modeladmin.views import WMABaseView

from framework_pages.models import FrameworkPage

from .models import SelfAssessment
from .statistics import MIN_GROUP_SIZE, edition_statistics


class StatisticsView(WMABaseView, TemplateView):
    """The index of this ModelAdmin: aggregates only, never a list of assessments."""

    template_name = "checklists/admin/statistics.html"
    page_title = gettext_lazy("Statistieken zelfscan")

    def check_action_permitted(self, user):
        return user.has_perm("checklists.view_selfassessment")

    def get(self, request, *args, **kwargs):
        editions = list(FrameworkPage.objects.order_by("-first_published_at", "-pk"))
        edition = next((e for e in editions if str(e.pk) == request.GET.get("editie")), None)
        edition = edition or (editions[0] if editions else None)
        role = request.GET.get("rol", "")
        if role not in dict(SelfAssessment.Role.choices):
            role = ""
        stats = edition_statistics(edition, role) if edition else None
        if request.GET.get("export") == "csv" and stats and not stats.too_small:
            return self.csv_response(stats)
        return self.render_to_response(
            self.get_context_data(
                editions=editions,
                edition=edition,
                role=role,
                roles=SelfAssessment.Role.choices,
                stats=stats,
                min_group_size=MIN_GROUP_SIZE,
            )
        )

    def csv_response(self, stats):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="statistieken-{stats.edition.edition_label}.csv"'
        )
        response.write("\ufeff")
        writer = csv.writer(response, delimiter=";")
        writer.writerow(
            [
                _("onderdeel"),
                _("soort"),
                _("tekst"),
                _("getoond"),
                _("aangevinkt"),
                _("ontwikkelpunt"),
                _("identificatie"),
            ]
        )
        for row in stats.items:
            text = row["text"]
            if text[:1] in ("=", "+", "-", "@"):
                text = "'" + text  # never a formula in a spreadsheet
            writer.writerow(
                [
                    row["section"],
                    row["item_type"],
                    text,
                    row["shown"],
                    row["checked"],
                    row["development"],
                    row["item_uid"],
                ]
            )
        return response


class SelfAssessmentStatisticsAdmin(ModelAdmin):
    model = SelfAssessment
    menu_label = gettext_lazy("Statistieken zelfscan")
    menu_icon = "table"
    menu_order = 800
    index_view_class = StatisticsView
    add_to_admin_menu = True

    def get_admin_urls_for_registration(self):
        # Only the statistics screen: no create, edit, delete or inspect of anyone's assessment.
        return (
            re_path(
                self.url_helper.get_action_url_pattern("index"),
                self.index_view,
                name=self.url_helper.get_action_url_name("index"),
            ),
        )


modeladmin_register(SelfAssessmentStatisticsAdmin)
