"""The framework as a page tree: edition → grondhouding and hoofdtaken → taakgebieden."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.routing import KnownAncestorsMixin

from ..blocks import SectionBodyBlock


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


class FrameworkPage(RoutablePageMixin, KnownAncestorsMixin, UidMixin, Page):
    """One edition of the framework; its subtree is the whole publication."""

    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        VASTGESTELD = "vastgesteld", _("Vastgesteld")
        VERVALLEN = "vervallen", _("Vervallen")

    edition_label = models.CharField(
        _("editie"), max_length=50, help_text=_("Bijvoorbeeld ‘2025’. Uniek per editie.")
    )
    intro = RichTextField(_("inleiding"), blank=True, features=["bold", "italic", "link", "ul"])
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("edition_label"),
        FieldPanel("status"),
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

    def get_context(self, request, *args, **kwargs):
        from ..publication import edition_outline

        context = super().get_context(request, *args, **kwargs)
        context["outline"] = edition_outline(self)
        return context

    @path("competenties/<uuid:uid>/", name="competentie")
    def competentie_view(self, request, uid):
        from ..views import competentie_detail

        return competentie_detail(request, self, uid)

    @path("zoeken/", name="search")
    def search_view(self, request):
        from ..views import search

        return search(request, self)

    @path("wat-is-er-veranderd/", name="changes")
    def changes_view(self, request):
        from ..changes import edition_changes

        return edition_changes(request, self)


class HoofdtaakPage(EditionChildMixin, KnownAncestorsMixin, UidMixin, Page):
    number = models.CharField(_("nummer"), max_length=10, help_text=_("Bijvoorbeeld ‘2’."))
    intro = RichTextField(_("inleiding"), blank=True, features=["bold", "italic", "link", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("number"), FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["framework_pages.FrameworkPage"]
    subpage_types = ["framework_pages.TaakgebiedPage"]
    template = "framework_pages/hoofdtaak_page.html"

    class Meta:
        verbose_name = _("hoofdtaak")
        verbose_name_plural = _("hoofdtaken")

    def get_context(self, request, *args, **kwargs):
        from ..publication import page_ancestors

        context = super().get_context(request, *args, **kwargs)
        context["sections"] = TaakgebiedPage.objects.child_of(self).live().specific()
        context["breadcrumbs"] = [a for a in page_ancestors(self) if a.depth > 2]
        return context


class TaakgebiedPage(EditionChildMixin, KnownAncestorsMixin, UidMixin, Page):
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
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("editorial_notes")], heading=_("Redactie")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("number"),
        index.SearchField("body"),
        index.SearchField("search_text"),
    ]
    parent_page_types = ["framework_pages.HoofdtaakPage"]
    subpage_types = []
    template = "framework_pages/taakgebied_page.html"

    class Meta:
        verbose_name = _("taakgebied")
        verbose_name_plural = _("taakgebieden")

    # The checklist is a second way to look at the same content: editors preview both.
    @property
    def preview_modes(self):
        return [("", _("Publicatie")), ("checklist", _("Zelfscan"))]

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        if mode_name == "checklist":
            from ..publication import checklist_preview_context

            context.update(checklist_preview_context(self))
        return context

    def get_preview_template(self, request, mode_name):
        if mode_name == "checklist":
            return "framework_pages/checklist_preview.html"
        return self.get_template(request)

    def clean(self):
        super().clean()
        # The chooser lists every edition's competencies: refuse another edition's here.
        if not self.path:
            return
        from ..items import competency_pks
        from .competencies import Competentie

        pks = {pk for pk in competency_pks(self.body.raw_data) if pk is not None}
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

    @property
    def search_text(self):
        """Competency texts, which the body only holds as references."""
        from ..items import section_competencies

        return " ".join(c.text for c in section_competencies(self))

    def get_context(self, request, *args, **kwargs):
        from ..publication import section_context

        context = super().get_context(request, *args, **kwargs)
        context.update(section_context(self))
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
