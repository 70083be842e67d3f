"""Admin: competencies and their areas as snippets, the report of possible duplicates; and
the core's views of an edition's sub-URLs (extensions.py)."""

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, SnippetViewSet, SnippetViewSetGroup

from . import views
from .extensions import EDITION_VIEW_HOOK
from .models import Competentie, Competentiegebied, Synoniem
from .reports import PossibleDuplicatesView


class CompetentieViewSet(SnippetViewSet):
    model = Competentie
    icon = "user"
    menu_label = _("Competenties")
    list_display = ["text", "area", "edition", "live"]
    list_filter = ["edition", "area__name", "live"]
    # No search_fields: searching named fields fails on the SQLite search backend ("no such
    # column: text", wagtail/wagtail#10217); the model's search index holds only the text.
    ordering = ["edition", "area__sort_order", "text"]


class CompetentiegebiedDeleteView(DeleteView):
    """An area that still holds competencies cannot be deleted, as with PROTECT.

    Competentie.area is RESTRICT so that deleting an edition takes its areas and competencies
    with it; Wagtail only guards PROTECT itself, so the guard for one area is here.
    """

    @cached_property
    def in_use(self):
        return self.object.competenties.exists()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_protected"] = context.get("is_protected") or self.in_use
        return context

    def form_valid(self, form):
        if self.in_use:
            raise PermissionDenied
        return super().form_valid(form)


class CompetentiegebiedViewSet(SnippetViewSet):
    model = Competentiegebied
    delete_view_class = CompetentiegebiedDeleteView
    icon = "folder-open-inverse"
    menu_label = _("Competentiegebieden")
    list_display = ["name", "sort_order", "edition"]
    list_filter = ["edition"]
    ordering = ["edition", "sort_order"]


class SynoniemViewSet(SnippetViewSet):
    """Words that mean the same for search (searching.py applies them to the query)."""

    model = Synoniem
    icon = "search"
    menu_label = _("Synoniemen voor zoeken")
    list_display = ["words"]


class BeroepsprofielGroup(SnippetViewSetGroup):
    items = (CompetentieViewSet, CompetentiegebiedViewSet, SynoniemViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = _("Beroepsprofiel")
    menu_name = "beroepsprofiel"


register_snippet(BeroepsprofielGroup)


class PossibleDuplicatesViewSet(ViewSet):
    """The report "Mogelijke dubbele competenties", in the admin's Reports menu."""

    name = "mogelijke-dubbelingen"
    url_prefix = "reports/mogelijke-dubbelingen"
    icon = "duplicate"
    menu_label = _("Mogelijke dubbele competenties")
    menu_hook = "register_reports_menu_item"
    menu_order = 700

    def get_urlpatterns(self):
        return [path("", PossibleDuplicatesView.as_view(), name="index")]


@hooks.register("register_admin_viewset")
def register_report_viewset():
    return PossibleDuplicatesViewSet()


@hooks.register(EDITION_VIEW_HOOK)
def register_edition_views():
    return {
        "competentie": views.competentie_detail,
        "search": views.search,
        "search_suggestions": views.search_suggestions,
    }
