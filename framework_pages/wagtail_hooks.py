"""Admin: competencies and their areas as snippets, and the report of possible duplicates."""

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, SnippetViewSet, SnippetViewSetGroup

from .models import Competentie, Competentiegebied
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


@hooks.register("register_admin_urls")
def register_spreadsheet_urls():
    from .spreadsheet_views import admin_urls

    return admin_urls()


@hooks.register("register_admin_menu_item")
def register_spreadsheet_menu_item():
    from .spreadsheet_views import menu_item

    return menu_item()


@hooks.register("register_admin_urls")
def register_edition_urls():
    from .admin_views import admin_urls

    return admin_urls()


@hooks.register("register_admin_menu_item")
def register_edition_menu_item():
    from .admin_views import menu_item

    return menu_item()
