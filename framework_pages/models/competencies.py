"""Competencies and their areas: snippets scoped to one edition, identified by a UUID.

A competency is one record per edition, chosen on every task area where it applies, so an
edit shows everywhere in that edition. A new edition gets its own copies with the same uid.

Both go through the same moderation as pages (Wagtail's snippet workflows): an edit is a
draft revision until it is approved or published, the database row holds what is live, and
a record that was never published is not shown publicly (``visibility``).
"""

import uuid

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin
from wagtail.search import index

from ..dutch import terms
from ..limits import item_text_validators, note_validators


class EditionScoped(models.Model):
    edition = models.ForeignKey(
        "framework_pages.FrameworkPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("editie"),
    )
    uid = models.UUIDField(
        _("identificatie"),
        default=uuid.uuid4,
        editable=False,
        help_text=_("Blijft gelijk over wijzigingen, export, import en nieuwe edities heen."),
    )

    class Meta:
        abstract = True


class Moderated(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
    """Drafts, revisions, locking and the moderation workflow, as Wagtail's pages have them."""

    class Meta:
        abstract = True

    @property
    def revisions(self):
        return self._revisions


class Competentiegebied(Moderated, EditionScoped):
    name = models.CharField(_("naam"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    # Revisions are deleted with the area (Wagtail's documented pattern for snippets).
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="competentiegebied")

    panels = [FieldPanel("edition"), FieldPanel("name"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = _("competentiegebied")
        verbose_name_plural = _("competentiegebieden")
        ordering = ["edition", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "uid"], name="unique_area_uid_per_edition")
        ]

    def __str__(self):
        return self.name


class Competentie(Moderated, index.Indexed, EditionScoped):
    # RESTRICT, not PROTECT: an area in use cannot be deleted on its own, but deleting an
    # edition removes its areas and competencies together (PROTECT made that impossible).
    area = models.ForeignKey(
        Competentiegebied,
        on_delete=models.RESTRICT,
        related_name="competenties",
        verbose_name=_("competentiegebied"),
    )
    text = models.TextField(
        _("tekst"),
        validators=item_text_validators(),
        help_text=_(
            "De competentie zoals coördinatoren haar lezen, zonder leesteken aan het eind."
        ),
    )
    note = models.TextField(
        _("redactionele notitie"),
        blank=True,
        validators=note_validators(),
        help_text=_("Alleen zichtbaar voor redacteuren, bijvoorbeeld varianten in de bron."),
    )
    # Revisions are deleted with the competency (Wagtail's documented pattern for snippets).
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="competentie")

    panels = [
        FieldPanel("edition"),
        FieldPanel("area"),
        FieldPanel("text"),
        FieldPanel("note"),
    ]
    search_fields = [
        index.SearchField("text"),
        index.SearchField("search_terms"),
        index.AutocompleteField("text"),
        index.FilterField("edition"),
        index.FilterField("live"),
        # visibility.visible_competencies asks whether the area is published too
        index.RelatedFields("area", [index.FilterField("live")]),
    ]

    class Meta:
        verbose_name = _("competentie")
        verbose_name_plural = _("competenties")
        ordering = ["area__sort_order", "text"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "uid"], name="unique_competentie_uid_per_edition"
            )
        ]

    def __str__(self):
        return self.text

    @property
    def search_terms(self):
        """The Dutch stems of the text (dutch.py), as task areas index theirs."""
        return " ".join(terms(self.text))

    def clean(self):
        super().clean()
        if self.area_id and self.edition_id and self.area.edition_id != self.edition_id:
            raise ValidationError(
                {"area": _("Kies een competentiegebied van dezelfde editie als de competentie.")}
            )
