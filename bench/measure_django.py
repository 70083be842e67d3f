"""Measurements made inside Django rather than through gunicorn: queries, edition export/import."""

import re
import time

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

REVISION_INPUT = re.compile(r'name="revision" value="(\d+)"')
# What the step form also sends: proof of the revision it showed and the ticks it loaded.
FORM_STATE = re.compile(r'name="(revision_key|loaded)" value="([^"]*)"')
CHECKBOX = re.compile(r'type="checkbox" name="(i-[0-9a-f-]{36}-[co])"')


def step_form(html, csrf_token="", ticks=3):
    """The body a browser sends when saving a step: revision, csrf token, a few ticks."""
    revision = REVISION_INPUT.search(html)
    if revision is None:
        raise ValueError("Geen revisie-veld in het formulier van de stap.")
    fields = [("revision", revision.group(1)), *dict(FORM_STATE.findall(html)).items()]
    if csrf_token:
        fields.append(("csrfmiddlewaretoken", csrf_token))
    names = [name for name in CHECKBOX.findall(html) if name.endswith("-c")]
    fields += [(name, "on") for name in names[:ticks]]
    return fields


def count_queries(urls, post_path):
    """SQL queries per request: the first (cold caches) and the second (warm) of each URL."""
    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for name, path in urls.items():
        with CaptureQueriesContext(connection) as cold:
            client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} gaf status {response.status_code}.")
        counts[name] = len(captured)
        counts[f"{name}_cold"] = len(cold)
    form = step_form(client.get(post_path).content.decode())
    with CaptureQueriesContext(connection) as cold:
        client.post(post_path, dict(form), HTTP_X_REQUESTED_WITH="fetch")
    with CaptureQueriesContext(connection) as captured:
        response = client.post(post_path, dict(form), HTTP_X_REQUESTED_WITH="fetch")
    if response.status_code != 200:
        raise RuntimeError(f"POST {post_path} gaf status {response.status_code}.")
    counts["save"] = len(captured)
    counts["save_cold"] = len(cold)
    return counts


class _Rollback(Exception):
    pass


def edition_timings():
    """Export the edition; import it as new (in a transaction rolled back) and unchanged."""
    from framework_pages.exchange.document import dumps, export_edition
    from framework_pages.exchange.importing import import_edition
    from framework_pages.models import FrameworkPage

    edition = FrameworkPage.objects.get(edition_label="2025")
    started = time.perf_counter()
    document = export_edition(edition)
    size = len(dumps(document).encode())
    export_s = time.perf_counter() - started

    started = time.perf_counter()
    unchanged = import_edition(document, publish=True)
    unchanged_s = time.perf_counter() - started

    # A whole new edition: remove the current one inside a transaction (not timed), import
    # the document with publish, then roll everything back.
    new_s = pages = None
    try:
        with transaction.atomic():
            FrameworkPage.objects.get(pk=edition.pk).delete()
            started = time.perf_counter()
            created = import_edition(document, publish=True)
            new_s = time.perf_counter() - started
            pages = created.edition.get_descendants(inclusive=True).count()
            raise _Rollback
    except _Rollback:
        pass
    return {
        "document_bytes": size,
        "pages": pages,
        "export_s": round(export_s, 3),
        "import_new_s": round(new_s, 3),
        "import_unchanged_s": round(unchanged_s, 3),
        "unchanged_changes": len(unchanged.changes),
    }


def publication_timings():
    """Make the edition's PDF and task area 2.3's, uncached, as the first download after a
    publish does: seconds (wall clock and CPU) and bytes of each."""
    from framework_pages.exchange import publication
    from framework_pages.models import FrameworkPage, TaakgebiedPage
    from portal import pdf

    if not pdf.available():
        return {"available": False}
    edition = FrameworkPage.objects.get(edition_label="2025")
    section = TaakgebiedPage.objects.descendant_of(edition).get(number="2.3").specific
    result = {"available": True}
    for name, part in (("edition", None), ("section", section)):
        started, cpu = time.perf_counter(), time.process_time()
        made = publication.build(edition, part)
        result[f"{name}_s"] = round(time.perf_counter() - started, 2)
        result[f"{name}_cpu_s"] = round(time.process_time() - cpu, 2)
        result[f"{name}_bytes"] = made.size
    return result


def create_editor(username, password):
    """A chief editor who may publish (the portal's roles plus Wagtail's moderators)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(username, f"{username}@example.org", password)
    for name in ("Hoofdredacteur", "Moderators"):
        user.groups.add(Group.objects.get(name=name))
    return {"username": username}


def find_pages():
    """Ids and paths of the first hoofdtaak and of the current edition (for the checks)."""
    from framework_pages.models import FrameworkPage, HoofdtaakPage

    edition = FrameworkPage.objects.newest_first().live().first()
    hoofdtaak = HoofdtaakPage.objects.descendant_of(edition).live().order_by("path").first()
    return {
        "hoofdtaak_id": hoofdtaak.pk,
        "hoofdtaak_path": hoofdtaak.get_url_parts()[2],
        "edition_path": edition.get_url_parts()[2],
    }
