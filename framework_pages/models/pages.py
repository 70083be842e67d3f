"""The framework as a page tree: edition → grondhouding and hoofdtaken → taakgebieden."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from home.models import PortalSettings
from portal.page_permissions import EditorialPermissionsMixin
from portal.routing import KnownAncestorsMixin

from ..blocks import CHOOSER_EDITION_ID, SectionBodyBlock, validation_edition
from ..body import competency_pks, public_texts
from ..dutch import terms
from ..extensions import (
    edition_view,
    page_downloads,
    section_preview_mode,
    section_preview_modes,
)
from ..navigation import edition_outline, page_ancestors, section_context
from ..visibility import visible_competencies, visible_pages
from .competencies import Competentie


class UidMixin(models.Model):
    """A page's identity across revisions and editions (a copied edition keeps it)."""

    uid = models.UUIDField(
        _("identificatie"),
        default=uuid.uuid4,
        editable=False,
        db_index=True,
        help_text=_("Blijft gelijk over wijzigingen, export, import en nieuwe edities heen."),
    )

    class Meta:
        abstract = True


class EditionChildMixin:
    @cached_property
    def edition(self):
        return FrameworkPage.objects.ancestor_of(self).first()


class EditionQuerySet(PageQuerySet):
    """The one order of editions: their order in the page tree, where a new edition is added
    last (and editors can reorder them). Every list, default and comparison uses it."""

    def in_order(self):
        return self.order_by("path")

    def newest_first(self):
        return self.order_by("-path")


class FrameworkPage(
    EditorialPermissionsMixin, RoutablePageMixin, KnownAncestorsMixin, UidMixin, Page
):
    """One edition of the framework; its subtree is the whole publication."""

    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        VASTGESTELD = "vastgesteld", _("Vastgesteld")
        VERVALLEN = "vervallen", _("Vervallen")

    edition_label = models.CharField(
        _("editie"), max_length=50, help_text=_("Bijvoorbeeld ‘2025’. Uniek per editie.")
    )
    intro = RichTextField(_("inleiding"), blank=True, features=["bold", "italic", "link", "ul"])

    objects = PageManager.from_queryset(EditionQuerySet)()
    # The page listing shows the grondhouding and hoofdtaken in the edition's order (1, 2, 3,
    # 4), not the most recently edited first.
    admin_default_ordering = "ord"

    content_panels = [
        *Page.content_panels,
        FieldPanel("edition_label"),
        FieldPanel("intro"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["framework_pages.GrondhoudingPage", "framework_pages.HoofdtaakPage"]
    template = "framework_pages/framework_page.html"

    class Meta:
        verbose_name = _("editie van het beroepsprofiel")
        verbose_name_plural = _("edities van het beroepsprofiel")
        # Granted to the Hoofdredacteur group (home/migrations): importing replaces a whole edition.
        permissions = [("import_edition", _("Kan een editie importeren"))]

    @property
    def edition(self):
        return self

    @cached_property
    def status(self):
        """Where the edition is in its lifecycle, from what happened to it (nobody sets it):
        concept until published, vastgesteld once published, vervallen once a newer edition
        (later in the editions' order) is a site's current edition."""
        newer_is_current = self.live and (
            FrameworkPage.objects.filter(depth=self.depth, path__gt=self.path)
            .filter(pk__in=PortalSettings.objects.values("current_edition"))
            .exists()
        )
        return self._lifecycle(newer_is_current)

    def _lifecycle(self, newer_is_current):
        if not self.live:
            return self.Status.CONCEPT
        return self.Status.VERVALLEN if newer_is_current else self.Status.VASTGESTELD

    def get_status_display(self):
        return self.Status(self.status).label

    @property
    def changes_url(self):
        """The edition's public page "Wat is er veranderd"."""
        return self.url + self.reverse_subpage("changes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["outline"] = edition_outline(self)
        # A newer edition links to "Wat is er veranderd" since the one before it; an older
        # edition points to the newest one and its changes (the links go both ways).
        editions = visible_pages(FrameworkPage.objects.in_order()).annotate(
            is_current=Exists(PortalSettings.objects.filter(current_edition=OuterRef("pk")))
        )
        others = [e for e in editions if e.pk != self.pk]
        newer = [e for e in others if e.path > self.path]
        older = [e for e in others if e.path < self.path]
        context["newer_edition"] = newer[-1] if newer else None
        context["changes_against"] = older[-1] if older else None
        # The status from the same list, instead of a query of its own.
        self.status = self._lifecycle(any(e.is_current for e in newer))
        context["downloads"] = page_downloads(self)
        return context

    # The sub-URLs of an edition; their views are registered through extensions.py.
    @path("competenties/<uuid:uid>/", name="competentie")
    def competentie_view(self, request, uid):
        return edition_view("competentie")(request, self, uid=uid)

    @path("zoeken/", name="search")
    def search_view(self, request):
        return edition_view("search")(request, self)

    @path("zoeken/suggesties/", name="search_suggestions")
    def search_suggestions_view(self, request):
        return edition_view("search_suggestions")(request, self)

    @path("wat-is-er-veranderd/", name="changes")
    def changes_view(self, request):
        return edition_view("changes")(request, self)


class HoofdtaakPage(
    EditorialPermissionsMixin, EditionChildMixin, KnownAncestorsMixin, UidMixin, Page
):
    number = models.CharField(_("nummer"), max_length=10, help_text=_("Bijvoorbeeld ‘2’."))
    intro = RichTextField(_("inleiding"), blank=True, features=["bold", "italic", "link", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("number"), FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["framework_pages.FrameworkPage"]
    subpage_types = ["framework_pages.TaakgebiedPage"]
    template = "framework_pages/hoofdtaak_page.html"
    # Its task areas in number order (tree order); in the page listing its title opens them
    # (templates/wagtailadmin/pages/listing/_page_title_explore.html), editing is in its menu.
    admin_default_ordering = "ord"
    admin_title_opens_children = True

    class Meta:
        verbose_name = _("hoofdtaak")
        verbose_name_plural = _("hoofdtaken")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = visible_pages(TaakgebiedPage.objects.child_of(self)).specific()
        context["breadcrumbs"] = [a for a in page_ancestors(self) if a.depth > 2]
        return context


def unpublished_message(competencies):
    return gettext(
        "Deze pagina kiest competenties die nog niet gepubliceerd zijn: %(texts)s. Publiceer of "
        "keur die eerst goed, of haal ze van de pagina; anders zouden ze publiek ontbreken."
    ) % {"texts": "; ".join(f"‘{c.text}’" for c in competencies)}


class SectionPageForm(WagtailAdminPageForm):
    """The editor's form of a task area.

    Competency choices are validated against the page's own edition, each on the choice
    itself (``blocks.validation_edition``). Publishing a task area that chooses
    never-published competencies is refused with the reason (approving it is not offered at
    all: ``workflow.ModerationTask``).
    """

    @cached_property
    def edition(self):
        if self.instance.pk:
            return self.instance.edition
        if self.parent_page is not None:
            return FrameworkPage.objects.ancestor_of(self.parent_page, inclusive=True).first()
        return None

    def full_clean(self):
        with validation_edition(self.edition):
            super().full_clean()

    def clean(self):
        cleaned_data = super().clean()
        if self.data.get("action-publish") and cleaned_data.get("body") is not None:
            hidden = TaakgebiedPage(body=cleaned_data["body"]).unpublished_competencies()
            if hidden:
                self.add_error(None, unpublished_message(hidden))
        return cleaned_data


class SectionBodyPanel(FieldPanel):
    """The body, with the page's edition beside it for the competency chooser, which then
    lists only that edition's competencies (``wagtail_hooks.CompetentieChooserViewSet``)."""

    class BoundPanel(FieldPanel.BoundPanel):
        def render_html(self, parent_context=None):
            html = super().render_html(parent_context)
            edition = getattr(self.form, "edition", None)
            if edition is None:
                return html
            return html + format_html(
                '<input type="hidden" id="{}" value="{}">', CHOOSER_EDITION_ID, edition.pk
            )


class TaakgebiedPage(
    EditorialPermissionsMixin, EditionChildMixin, KnownAncestorsMixin, UidMixin, Page
):
    """A task area: intro, kerntaken, task matrix and competencies, in one StreamField."""

    number = models.CharField(_("nummer"), max_length=10, help_text=_("Bijvoorbeeld ‘2.3’."))
    body = StreamField(SectionBodyBlock(), blank=True, verbose_name=_("inhoud"))
    editorial_notes = models.TextField(
        _("redactionele notities"),
        blank=True,
        help_text=_("Alleen voor redacteuren: keuzes bij het overnemen of wijzigen van de tekst."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("number"),
        SectionBodyPanel("body"),
        MultiFieldPanel([FieldPanel("editorial_notes")], heading=_("Redactie")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("number"),
        index.SearchField("body"),
        index.SearchField("search_text"),
        index.SearchField("search_terms"),
    ]
    parent_page_types = ["framework_pages.HoofdtaakPage"]
    subpage_types = []
    template = "framework_pages/taakgebied_page.html"
    base_form_class = SectionPageForm

    class Meta:
        verbose_name = _("taakgebied")
        verbose_name_plural = _("taakgebieden")

    # Other apps show the same content another way (the self-assessment registers
    # "Zelfscan"): editors preview every one of them (extensions.py).
    @property
    def preview_modes(self):
        return [("", _("Publicatie"))] + [(m.name, m.label) for m in section_preview_modes()]

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        mode = section_preview_mode(mode_name) if mode_name else None
        if mode is not None:
            context.update(mode.context(request, self))
        return context

    def get_preview_template(self, request, mode_name):
        mode = section_preview_mode(mode_name) if mode_name else None
        return mode.template if mode is not None else self.get_template(request)

    def clean(self):
        super().clean()
        # The chooser lists every edition's competencies: refuse another edition's here.
        if not self.path:
            return
        pks = set(competency_pks(self.body.raw_data))
        edition = FrameworkPage.objects.ancestor_of(self).first()
        if pks and edition:
            foreign = Competentie.objects.filter(pk__in=pks).exclude(edition=edition)
            if foreign.exists():
                raise ValidationError(
                    {
                        "body": _(
                            "Kies alleen competenties van editie %(label)s; deze horen bij een "
                            "andere editie: %(texts)s"
                        )
                        % {
                            "label": edition.edition_label,
                            "texts": "; ".join(c.text for c in foreign[:3]),
                        }
                    }
                )

    def unpublished_competencies(self):
        """The chosen competencies a visitor may not see (never published, or in an area that
        is not published), in this version of the body."""
        pks = set(competency_pks(self.body.raw_data))
        if not pks:
            return []
        chosen = Competentie.objects.filter(pk__in=pks)
        visible = visible_competencies(chosen).values("pk")
        return list(chosen.exclude(pk__in=visible).order_by("text"))

    @cached_property
    def search_text(self):
        """Texts of the published competencies the page chooses: the body only holds them as
        references, and an unpublished one is never found (visibility.py)."""
        pks = competency_pks(self.body.raw_data)
        competencies = visible_competencies(Competentie.objects.filter(pk__in=pks))
        return " ".join(competencies.values_list("text", flat=True)) if pks else ""

    @property
    def search_terms(self):
        """The Dutch stems of everything a visitor reads on the page (dutch.py), notes left
        out: what search matches, alike on SQLite and PostgreSQL."""
        texts = [self.title, *public_texts(self.body.raw_data), self.search_text]
        return " ".join(terms(" ".join(texts)))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(section_context(self, FrameworkPage))
        context["downloads"] = page_downloads(self)
        return context


class GrondhoudingPage(TaakgebiedPage):
    """Section 1, the basic attitude: built like a task area and usable wherever one is."""

    parent_page_types = ["framework_pages.FrameworkPage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "framework_pages/taakgebied_page.html"

    class Meta:
        verbose_name = _("grondhouding")
        verbose_name_plural = _("grondhoudingen")
