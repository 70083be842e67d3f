"""Admin: competencies and their areas as snippets, and the report of possible duplicates."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Competentie, Competentiegebied
from .reports import PossibleDuplicatesView


class CompetentieViewSet(SnippetViewSet):
    model = Competentie
    icon = "user"
    menu_label = _("Competenties")
    list_display = ["text", "area", "edition", "live"]
    list_filter = ["edition", "area__name", "live"]
    search_fields = ["text"]
    ordering = ["edition", "area__sort_order", "text"]


class CompetentiegebiedViewSet(SnippetViewSet):
    model = Competentiegebied
    icon = "folder-open-inverse"
    menu_label = _("Competentiegebieden")
    list_display = ["name", "sort_order", "edition"]
    list_filter = ["edition"]
    ordering = ["edition", "sort_order"]


class BeroepsprofielGroup(SnippetViewSetGroup):
    items = (CompetentieViewSet, CompetentiegebiedViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = _("Beroepsprofiel")
    menu_name = "beroepsprofiel"


register_snippet(BeroepsprofielGroup)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "reports/mogelijke-dubbelingen/",
            PossibleDuplicatesView.as_view(),
            name="possible_duplicates",
        )
    ]


@hooks.register("register_reports_menu_item")
def register_duplicates_menu_item():
    return MenuItem(
        _("Mogelijke dubbele competenties"),
        reverse("possible_duplicates"),
        icon_name="duplicate",
        order=700,
    )
