"""Import an edition document: validate, then apply in one transaction, or nothing at all.

A new edition (unknown uid) is created under the site's home page, which is made first in a
freshly migrated database; an existing one gets a new revision of each page and competency
whose content differs. Every id in the document is kept.
"""

import json
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page, ReferenceIndex, Revision
from wagtail.search.index import insert_or_update_object
from wagtail.signals import page_published, published

from home.setup import ensure_home_page

from ..indexing import defer, deferred_index_updates, is_deferring
from ..models import (
    Competentie,
    Competentiegebied,
    FrameworkPage,
    GrondhoudingPage,
    HoofdtaakPage,
    TaakgebiedPage,
)
from .cleaning import clean_page
from .document import document_to_body
from .problems import DocumentError, Problem
from .validation import validate_document


@dataclass
class ImportResult:
    edition: object = None
    created: bool = False
    changes: list = field(default_factory=list)
    dry_run: bool = False
    # Rich texts refused by ``cleaning``: gathered over all pages, then raised at once.
    refused: list = field(default_factory=list)

    @property
    def changed(self):
        return bool(self.changes)


class _DryRun(Exception):
    pass


def import_edition(document, *, parent=None, publish=False, dry_run=False, user=None):
    """Validate, then apply in one transaction (or nothing). Returns an ImportResult."""
    problems = validate_document(document)
    if problems:
        raise DocumentError(problems)
    result = ImportResult(dry_run=dry_run)
    try:
        with transaction.atomic():
            # Made (and in a dry run rolled back) before the bulk write, which may delete
            # nothing: ensure_home_page removes Wagtail's welcome page.
            parent = parent or ensure_home_page()
            with deferred_index_updates(apply=not dry_run):
                _apply(document, parent, publish, user, result)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return result


def _apply(document, parent, publish, user, result):
    meta = document["edition"]
    edition = FrameworkPage.objects.filter(uid=meta["uid"]).first()
    if edition is None:
        if FrameworkPage.objects.filter(edition_label=meta["label"]).exists():
            raise DocumentError(
                [
                    Problem(
                        "$.edition.label",
                        _("Er bestaat al een andere editie met label ‘%(label)s’.")
                        % {"label": meta["label"]},
                    )
                ]
            )
        # Wagtail would refuse a taken slug deep inside add_child; say where and why instead.
        if parent.get_children().filter(slug=meta["slug"]).exists():
            raise DocumentError(
                [
                    Problem(
                        "$.edition.slug",
                        _(
                            "De slug ‘%(slug)s’ is al in gebruik door een andere pagina onder "
                            "‘%(parent)s’; kies een andere slug voor deze editie."
                        )
                        % {"slug": meta["slug"], "parent": parent.title},
                    )
                ]
            )
        edition = FrameworkPage(uid=meta["uid"])
        result.created = True
    result.edition = edition
    edition_fields = {
        "title": meta["title"],
        "slug": meta["slug"],
        "edition_label": meta["label"],
        "intro": meta.get("intro", ""),
    }
    _save_page(edition, edition_fields, parent, publish, user, result, _("editie"))

    # Areas and competencies: matched by uid within this edition.
    areas = {str(a.uid): a for a in Competentiegebied.objects.filter(edition=edition)}
    for order, area_doc in enumerate(document["competentiegebieden"]):
        area = areas.get(area_doc["uid"]) or Competentiegebied(edition=edition, uid=area_doc["uid"])
        if area.pk is None or (area.name, area.sort_order) != (area_doc["name"], order):
            result.changes.append(
                _("Competentiegebied ‘%(name)s’ %(how)s")
                % {
                    "name": area_doc["name"],
                    "how": _("nieuw") if area.pk is None else _("gewijzigd"),
                }
            )
            area.name, area.sort_order = area_doc["name"], order
            _save_area(area, publish, user)
        areas[area_doc["uid"]] = area
    competencies = {str(c.uid): c for c in Competentie.objects.filter(edition=edition)}
    new_competencies = []
    for comp_doc in document["competenties"]:
        comp = competencies.get(comp_doc["uid"])
        wanted = (areas[comp_doc["area"]].pk, comp_doc["text"], comp_doc.get("note", ""))
        if comp is None:
            comp = Competentie(edition=edition, uid=comp_doc["uid"])
            comp.area_id, comp.text, comp.note = wanted
            new_competencies.append(comp)
            result.changes.append(_("Competentie nieuw: %(text)s") % {"text": comp.text})
        else:
            current = comp.get_latest_revision_as_object() if comp.has_unpublished_changes else comp
            if (current.area_id, current.text, current.note) != wanted:
                current.area_id, current.text, current.note = wanted
                revision = current.save_revision(user=user)
                if publish:
                    revision.publish(user=user)
                result.changes.append(
                    _("Competentie gewijzigd: %(text)s") % {"text": comp_doc["text"]}
                )
        competencies[comp_doc["uid"]] = comp
    _create_competencies(new_competencies, publish, user)
    pk_by_uid = {uid: c.pk for uid, c in competencies.items()}

    existing = {str(p.uid): p for p in edition.get_descendants().specific()}
    for s, section_doc in enumerate(document["sections"]):
        if section_doc["type"] == "hoofdtaak":
            page = _page_for(existing, section_doc, HoofdtaakPage, f"$.sections[{s}]")
            fields = {
                "title": section_doc["title"],
                "slug": section_doc["slug"],
                "number": section_doc["number"],
                "intro": section_doc.get("intro", ""),
            }
            _save_page(page, fields, edition, publish, user, result, _("hoofdtaak"))
            for t, sub in enumerate(section_doc["taakgebieden"]):
                where = f"$.sections[{s}].taakgebieden[{t}]"
                child = _page_for(existing, sub, TaakgebiedPage, where)
                _save_page(
                    child,
                    _section_fields(sub, pk_by_uid),
                    page,
                    publish,
                    user,
                    result,
                    _("taakgebied"),
                )
        else:
            page = _page_for(existing, section_doc, GrondhoudingPage, f"$.sections[{s}]")
            _save_page(
                page,
                _section_fields(section_doc, pk_by_uid),
                edition,
                publish,
                user,
                result,
                _("grondhouding"),
            )
    if result.refused:
        raise DocumentError(result.refused)


def _page_for(existing, doc, page_class, where):
    """The edition's page with the document's uid, or a new one; a page of another type
    (a taakgebied's uid given to a hoofdtaak) is refused rather than half overwritten."""
    page = existing.get(doc["uid"])
    if page is None:
        return page_class(uid=doc["uid"])
    if type(page) is not page_class:
        raise DocumentError(
            [
                Problem(
                    f"{where}.uid",
                    _(
                        "Identificatie %(uid)s hoort in deze editie bij %(kind)s ‘%(title)s’, "
                        "niet bij een %(wanted)s."
                    )
                    % {
                        "uid": doc["uid"],
                        "kind": page._meta.verbose_name,
                        "title": page.title,
                        "wanted": page_class._meta.verbose_name,
                    },
                )
            ]
        )
    return page


def _save_area(area, publish, user):
    """Areas are moderated as competencies are: a change of an existing one is a draft revision
    unless the import publishes, and a new one in a published edition waits for publishing
    (in a draft edition nothing is public yet, and the edition is published as a whole)."""
    if area.pk is None:
        area.live = publish or not area.edition.live
        area.save()
        return
    revision = area.save_revision(user=user)
    if publish:
        revision.publish(user=user)


def _create_competencies(competencies, publish, user):
    """New competencies with their first revision (published if asked), in a handful of
    statements. Wagtail's save → save_revision → publish costs about fifteen queries per
    competency, which made importing a whole edition on PostgreSQL take several seconds.
    The result is what that path leaves (live and latest revision set, no log entries, as the
    import asks ``log_action=False``), and ``published`` is sent for each as Wagtail does."""
    if not competencies:
        return
    now = timezone.now()
    for comp in competencies:
        comp.live = publish
        comp.has_unpublished_changes = not publish
        if publish:
            comp.first_published_at = comp.last_published_at = now
    Competentie.objects.bulk_create(competencies)
    content_type = ContentType.objects.get_for_model(Competentie)
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type=content_type,
                base_content_type=content_type,
                object_id=str(comp.pk),
                created_at=now,
                user=user,
                content=comp.serializable_data(),
                object_str=str(comp),
            )
            for comp in competencies
        ]
    )
    for comp, revision in zip(competencies, revisions, strict=True):
        comp.latest_revision = revision
        comp.live_revision = revision if publish else None
    Competentie.objects.bulk_update(competencies, ["latest_revision", "live_revision"])
    # bulk_create sends no post_save: queue the search and reference index updates here.
    for comp in competencies:
        if is_deferring():
            defer(Competentie, comp.pk)
        else:
            ReferenceIndex.create_or_update_for_object(comp)
            insert_or_update_object(comp)
    if publish:
        for comp, revision in zip(competencies, revisions, strict=True):
            published.send(sender=Competentie, instance=comp, revision=revision)


def _mark_published(page, revision):
    """A page just created, already live with this content: record its first revision as
    the live one. Wagtail's publish action would save the page again, with another
    full_clean, and look for comments, aliases and workflows a new page cannot have yet."""
    Page.objects.filter(pk=page.pk).update(live_revision=revision, has_unpublished_changes=False)
    page.live_revision, page.has_unpublished_changes = revision, False
    page_published.send(sender=page.specific_class, instance=page, revision=revision)


def _section_fields(doc, pk_by_uid):
    return {
        "title": doc["title"],
        "slug": doc["slug"],
        "number": doc["number"],
        "editorial_notes": doc.get("notes", ""),
        "body": document_to_body(doc["body"], pk_by_uid),
    }


def _comparable(page, name):
    value = getattr(page, name)
    if name == "body":
        return json.dumps(list(value.raw_data), sort_keys=True)
    return value


def _numbered(page):
    """'2.3 Matchen' for a section or hoofdtaak, the title for an edition."""
    number = getattr(page, "number", "")
    return f"{number} {page.title}" if number else page.title


def _save_page(page, fields, parent, publish, user, result, label):
    """Create the page under ``parent``, or save a new revision when its content differs.

    What only the database can tell (a slug taken by a page the document leaves out) is
    refused as a DocumentError naming the page; the transaction then stores nothing.
    """
    where = " ".join(
        filter(None, [label.capitalize(), fields.get("number"), f"‘{fields['title']}’"])
    )
    try:
        return _save_page_checked(page, fields, parent, publish, user, result, label, where)
    except ValidationError as exc:
        raise DocumentError([Problem(where, message) for message in exc.messages]) from exc


def _set_cleaned(page, fields, result, where):
    """Set the document's values on the page, each rich text cleaned by its field's rules
    (``cleaning``); what cleaning would take away is refused with its place."""
    for name, value in fields.items():
        setattr(page, name, value)
    refused = clean_page(page).problems(where)
    result.refused.extend(Problem(place, message) for place, message in refused)


def _save_page_checked(page, fields, parent, publish, user, result, label, where):
    if page.pk is None:
        _set_cleaned(page, fields, result, where)
        page.live = publish
        if publish:
            page.first_published_at = page.last_published_at = timezone.now()
        parent.add_child(instance=page)
        # add_child has just run full_clean on this very content.
        revision = page.save_revision(user=user, log_action=False, clean=False)
        if publish:
            _mark_published(page, revision)
        result.changes.append(
            _("%(label)s nieuw: %(title)s")
            % {"label": label.capitalize(), "title": _numbered(page)}
        )
        return page
    current = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
    # Compared as cleaned, as the document's values will be: only a real change counts.
    clean_page(current)
    before = {name: _comparable(current, name) for name in fields}
    _set_cleaned(current, fields, result, where)
    after = {name: _comparable(current, name) for name in fields}
    if before != after:
        revision = current.save_revision(user=user)
        if publish:
            revision.publish(user=user)
        changed = ", ".join(
            str(current._meta.get_field(name).verbose_name)
            for name in fields
            if before[name] != after[name]
        )
        result.changes.append(
            _("%(label)s gewijzigd: %(title)s (%(fields)s)")
            % {"label": label.capitalize(), "title": _numbered(current), "fields": changed}
        )
    return current
