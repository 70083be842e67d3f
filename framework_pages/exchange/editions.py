"""Editions: a new edition as a draft copy of another, publishing one as a whole.

Publishing an edition at once shows what would go live (``pending_publication``), publishes
only what passes the editor's full validation (``framework_pages.moderation``) and what the
moderator chose: items in moderation or last saved by a Redacteur are never proposed.

A copy takes the same path as an import (DESIGN.md): export the source, give the document a
new edition identity and import it. Every item, competency, area and section keeps its uid, so
self-assessments and comparisons can follow an item from one edition to the next.
"""

import re
import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page, Revision

from ..indexing import deferred_index_updates
from ..models import Competentie, Competentiegebied, FrameworkPage
from ..models.pages import unpublished_message
from ..moderation import unpublished_competencies, validation_problems
from ..visibility import visible_pages
from .document import export_edition
from .importing import import_edition
from .problems import DocumentError, Problem


def edition_slug(label):
    return slugify(f"editie-{label}") or "editie"


def copy_edition(source, label, title=None, user=None):
    """Import a copy of ``source`` as a new draft edition with ``label``; returns the result.

    Raises DocumentError with a Dutch problem for an empty or taken label or a taken slug.
    """
    label = (label or "").strip()
    if not label:
        raise DocumentError([Problem("$.edition.label", _("Geef de nieuwe editie een label."))])
    document = export_edition(source)
    slug = edition_slug(label)
    parent = source.get_parent()
    if FrameworkPage.objects.filter(edition_label=label).exists():
        raise DocumentError(
            [
                Problem(
                    "$.edition.label",
                    _("Er bestaat al een editie met label ‘%(label)s’.") % {"label": label},
                )
            ]
        )
    if parent.get_children().filter(slug=slug).exists():
        raise DocumentError(
            [
                Problem(
                    "$.edition.slug",
                    _("Het webadres ‘%(slug)s’ is al in gebruik; kies een ander label.")
                    % {"slug": slug},
                )
            ]
        )
    old_label = document["edition"]["label"]
    document["edition"].update(
        uid=str(uuid.uuid4()),
        label=label,
        slug=slug,
        title=(title or "").strip()
        or _replace_label(document["edition"]["title"], old_label, label),
    )
    return import_edition(document, parent=parent, publish=False, user=user)


def _replace_label(title, old_label, new_label):
    """'Beroepsprofiel … 2025' → 'Beroepsprofiel … 2026'; otherwise the label is appended."""
    if old_label and re.search(rf"\b{re.escape(old_label)}\b", title):
        return re.sub(rf"\b{re.escape(old_label)}\b", new_label, title)
    return f"{title} ({new_label})"


@dataclass
class Pending:
    """One page, competency or area of an edition whose latest version is not live."""

    key: str  # "pagina-12", "competentie-7", "gebied-3": the checkbox's value
    kind: str
    obj: object  # as its latest revision has it
    new: bool  # never published
    author: object  # who saved the latest revision (None: an import or command)
    in_moderation: bool
    problems: list
    proposed: bool  # ticked on the screen: valid, and neither waiting for nor needing review
    compare_url: str = ""
    edit_url: str = ""
    hidden: list = field(default_factory=list)  # never-published competencies it chooses

    @property
    def title(self):
        return getattr(self.obj, "title", None) or str(self.obj)


def pending_publication(edition):
    """Everything of ``edition`` whose latest version would go live by publishing it, in the
    order it is published (areas, competencies, then pages parents first), each with the
    problems that keep it from going live. An item is proposed (ticked) when it is valid, is
    not in moderation and was last saved by someone who may publish it (or by an import);
    anything else waits for the moderator's explicit decision."""
    pending = []
    areas = Competentiegebied.objects.filter(edition=edition).order_by("sort_order", "pk")
    competencies = Competentie.objects.filter(edition=edition).select_related("area")
    pages = [edition.specific, *edition.get_descendants().specific().order_by("path")]
    for kind, objects in (
        (_("Competentiegebied"), areas),
        (_("Competentie"), competencies.order_by("area__sort_order", "pk")),
        (_("Pagina"), pages),
    ):
        objects = [o for o in objects if o.has_unpublished_changes or not o.live]
        revisions = Revision.objects.in_bulk([o.latest_revision_id for o in objects])
        for obj in objects:
            revision = revisions.get(obj.latest_revision_id)
            pending.append(_pending(kind, obj, revision))
    return pending


def _pending(kind, obj, revision):
    latest = obj.with_content_json(revision.content) if revision else obj
    author = revision.user if revision else None
    in_moderation = obj.workflow_in_progress
    problems = validation_problems(latest)
    if isinstance(obj, Page):
        key, may_publish = (
            f"pagina-{obj.pk}",
            author is None or obj.permissions_for_user(author).can_publish(),
        )
        edit_url = reverse("wagtailadmin_pages:edit", args=[obj.pk])
        compare = reverse("wagtailadmin_pages:revisions_compare", args=[obj.pk, "live", "latest"])
    else:
        name = obj._meta.model_name
        prefix = "gebied" if isinstance(obj, Competentiegebied) else name
        key = f"{prefix}-{obj.pk}"
        may_publish = author is None or author.has_perm(f"framework_pages.publish_{name}")
        url = f"wagtailsnippets_framework_pages_{name}"
        edit_url = reverse(f"{url}:edit", args=[obj.pk])
        compare = reverse(f"{url}:revisions_compare", args=[obj.pk, "live", "latest"])
    return Pending(
        key=key,
        kind=kind,
        obj=latest,
        new=not obj.live,
        author=author,
        in_moderation=in_moderation,
        problems=problems,
        proposed=not problems and not in_moderation and may_publish,
        compare_url="" if not obj.live else compare,
        edit_url=edit_url,
        hidden=unpublished_competencies(latest),
    )


def publication_refusals(edition, pending, chosen):
    """[(Pending, message)] for chosen items that may not go live together: invalid ones, a
    page under a parent that stays unpublished, a page choosing a competency that stays
    unpublished."""
    refusals = []
    by_key = {p.key: p for p in pending}
    going_live = {p.obj.pk for p in pending if p.key in chosen and isinstance(p.obj, Page)}
    published_competencies = {
        p.obj.pk for p in pending if p.key in chosen and isinstance(p.obj, Competentie)
    }
    for key in chosen:
        item = by_key.get(key)
        if item is None:
            continue
        for problem in item.problems:
            refusals.append((item, problem))
        if isinstance(item.obj, Page):
            parent = item.obj.get_parent()
            if not parent.live and parent.pk not in going_live:
                refusals.append(
                    (
                        item,
                        _("Publiceer ook de bovenliggende pagina ‘%(title)s’ (vink haar aan).")
                        % {"title": parent.title},
                    )
                )
        still_hidden = [c for c in item.hidden if c.pk not in published_competencies]
        if still_hidden:
            refusals.append((item, unpublished_message(still_hidden)))
    return refusals


def publish_edition(edition, user=None, chosen=None):
    """Publish the chosen items of ``pending_publication`` (keys; by default the proposed ones)
    in one transaction; returns the published items. Raises DocumentError, with nothing
    published, when ``publication_refusals`` finds any. A chosen item in moderation leaves its
    workflow, as with Wagtail's own "Publiceren" in the editor."""
    pending = pending_publication(edition)
    if chosen is None:
        chosen = {p.key for p in pending if p.proposed}
    chosen = set(chosen)
    refusals = publication_refusals(edition, pending, chosen)
    if refusals:
        raise DocumentError([Problem(item.key, message) for item, message in refusals])
    published = []
    with transaction.atomic(), deferred_index_updates():
        for item in pending:
            if item.key not in chosen:
                continue
            obj = type(item.obj).objects.get(pk=item.obj.pk)
            if obj.workflow_in_progress:
                obj.current_workflow_state.cancel(user=user)
            revision = obj.get_latest_revision() or obj.save_revision(user=user)
            revision.publish(user=user)
            published.append(item)
    return published


def published_editions():
    """Editions a visitor may see, oldest first in the editions' own order."""
    return list(visible_pages(FrameworkPage.objects.in_order()))


def comparison_defaults():
    """(old, new) that "Edities vergelijken" starts with, or None with fewer than two editions.

    New is the last edition in the editions' own order (tree order, as every list shows them),
    old the published edition before it (when the new one is published too) or else the one
    just before it. A draft is never old against a published new one: the comparison would
    show what the published edition adds as deleted.
    """
    editions = list(FrameworkPage.objects.in_order())
    if len(editions) < 2:
        return None
    new, earlier = editions[-1], editions[:-1]
    old = earlier[-1]
    if new.live:
        old = next((e for e in reversed(earlier) if e.live), old)
    if new.live and not old.live:
        old, new = new, old
    return old, new


def previous_published(edition):
    """The published edition just before this one in the editions' order, or None."""
    earlier = [e for e in published_editions() if e.path < edition.path]
    return earlier[-1] if earlier else None
