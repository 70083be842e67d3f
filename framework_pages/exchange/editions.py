"""Editions: a new edition as a draft copy of another, publishing one as a whole.

A copy takes the same path as an import (DESIGN.md): export the source, give the document a
new edition identity and import it. Every item, competency, area and section keeps its uid, so
self-assessments and comparisons can follow an item from one edition to the next.
"""

import re
import uuid

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..indexing import deferred_index_updates
from ..models import Competentie, FrameworkPage
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


def publish_edition(edition, user=None):
    """Publish the latest revision of every page of the edition and of its competencies.

    For an edition made by copy_edition: all of it goes live at once, in one transaction.
    Pages are published parents first, so a child never goes live under a draft parent.
    """
    with transaction.atomic(), deferred_index_updates():
        pages = [edition.specific, *edition.get_descendants().specific().order_by("path")]
        for page in pages:
            if page.has_unpublished_changes or not page.live:
                revision = page.get_latest_revision() or page.save_revision(user=user)
                revision.publish(user=user)
        for competentie in Competentie.objects.filter(edition=edition):
            if competentie.has_unpublished_changes or not competentie.live:
                revision = competentie.get_latest_revision() or competentie.save_revision(user=user)
                revision.publish(user=user)


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
