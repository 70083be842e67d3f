"""Admin: competencies and their areas as snippets, the report of possible duplicates; and
the core's views of an edition's sub-URLs (extensions.py)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, LiveStatusTagColumn
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import DeleteView, SnippetViewSet, SnippetViewSetGroup

from . import views
from .extensions import EDITION_VIEW_HOOK
from .models import (
    Competentie,
    Competentiegebied,
    FrameworkPage,
    HoofdtaakPage,
    Synoniem,
    TaakgebiedPage,
    unpublished_choices,
)
from .models.pages import unpublished_message
from .reports import PossibleDuplicatesView


class EditionChooserMixin:
    """The competency chooser: each row with its area and edition; only the edition the page
    editor passes (``editie``, see ``blocks.CompetentieChooserBlock``), kept while searching
    and paging."""

    preserve_url_parameters = [*ChooseView.preserve_url_parameters, "editie"]

    @property
    def columns(self):
        return [
            *super().columns,
            Column("area", label=_("Competentiegebied")),
            Column("edition", label=_("Editie"), accessor=lambda c: c.edition.edition_label),
        ]

    def get_object_list(self):
        objects = super().get_object_list().select_related("area", "edition")
        edition = self.request.GET.get("editie", "")
        # Plain ASCII digits of an id's size: "²" or a 30-digit number would fail in the query.
        is_id = edition.isascii() and edition.isdigit() and len(edition) <= 18
        return objects.filter(edition_id=edition) if is_id else objects


class CompetentieChooseView(EditionChooserMixin, ChooseView):
    pass


class CompetentieChooseResultsView(EditionChooserMixin, ChooseResultsView):
    pass


class CompetentieChooserViewSet(SnippetChooserViewSet):
    choose_view_class = CompetentieChooseView
    choose_results_view_class = CompetentieChooseResultsView


class CompetentieViewSet(SnippetViewSet):
    model = Competentie
    icon = "user"
    menu_label = _("Competenties")
    # The status shows which have a pending draft ("live + concept") or are in moderation.
    list_display = ["text", "area", "edition", LiveStatusTagColumn()]
    list_filter = ["edition", "area__name", "live"]
    # No search_fields: searching named fields fails on the SQLite search backend ("no such
    # column: text", wagtail/wagtail#10217); the model's search index holds only the text.
    ordering = ["edition", "area__sort_order", "text"]
    chooser_viewset_class = CompetentieChooserViewSet


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
    list_display = ["name", "sort_order", "edition", LiveStatusTagColumn()]
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


@hooks.register("before_copy_page")
def refuse_copying_framework_pages(request, page):
    """A copy (or alias) of an edition, main task or task area would carry the same uid and
    item ids as its source: answers of two items would merge and "Nieuwe editie maken" would
    fail on duplicates. Only a new edition keeps identities, so a copy is refused here."""
    if not issubclass(page.specific_class, (FrameworkPage, HoofdtaakPage, TaakgebiedPage)):
        return None
    messages.error(
        request,
        _(
            "‘%(title)s’ is niet gekopieerd: een kopie zou dezelfde identificaties krijgen als "
            "het origineel, waardoor antwoorden in zelfscans door elkaar lopen. Voeg een nieuwe "
            "pagina toe, of maak een hele nieuwe editie via Edities › Nieuwe editie maken."
        )
        % {"title": page.title},
    )
    return redirect("wagtailadmin_explore", page.get_parent().pk)


@hooks.register("before_edit_page")
def show_unpublished_competencies(request, page):
    """Editors and the moderator see, on opening a task area, which chosen competencies were
    never published: approving or publishing it waits for them (``ModerationTask``)."""
    if request.method == "GET":
        hidden = unpublished_choices(page.specific)
        if hidden:
            messages.warning(
                request,
                unpublished_message(hidden)
                + " "
                + _("Goedkeuren en publiceren van deze pagina kan pas daarna."),
            )
