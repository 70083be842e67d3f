"""Admin: anonymous statistics of finished self-assessments, per edition (wagtail-modeladmin);
and the self-assessment as a preview mode of every section page (framework_pages.extensions)."""

from django.urls import re_path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register
from wagtail_modeladmin.views import WMABaseView

from framework_pages.extensions import SECTION_PREVIEW_MODE_HOOK, SectionPreviewMode
from framework_pages.models import FrameworkPage
from portal.exports import CSV, file_response, table_file

from .models import SelfAssessment
from .statistics import BATCH_SIZE, MIN_GROUP_SIZE, edition_statistics
from .views.filling import STEP_TEMPLATE, preview_context


class StatisticsView(WMABaseView, TemplateView):
    """The index of this ModelAdmin: aggregates only, never a list of assessments."""

    template_name = "checklists/admin/statistics.html"
    page_title = gettext_lazy("Statistieken zelfscan")

    def check_action_permitted(self, user):
        return user.has_perm("checklists.view_selfassessment")

    def get(self, request, *args, **kwargs):
        editions = list(FrameworkPage.objects.newest_first())
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
                batch_size=BATCH_SIZE,
            )
        )

    def csv_response(self, stats):
        headers = [
            _("onderdeel"),
            _("soort"),
            _("tekst"),
            _("getoond"),
            _("aangevinkt"),
            _("ontwikkelpunt"),
            _("identificatie"),
        ]
        rows = [
            [
                row["section"],
                row["item_type"],
                row["text"],
                row["shown"],
                row["checked"],
                row["development"],
                row["item_uid"],
            ]
            for row in stats.items
        ]
        filename = f"statistieken-{stats.edition.edition_label}.csv"
        return file_response(table_file(headers, rows, CSV), filename, CSV)


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


@hooks.register(SECTION_PREVIEW_MODE_HOOK)
def register_checklist_preview():
    return SectionPreviewMode("checklist", _("Zelfscan"), STEP_TEMPLATE, preview_context)
