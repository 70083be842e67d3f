"""Search and reference index updates, once per object at the end of a bulk write.

Importing or copying an edition saves each page and competency three or four times (create,
revision, publish), and Wagtail re-indexes search and references after every save; publishing
a competency also re-indexes every task area that shows it. Inside ``deferred_index_updates``
those updates are collected and done once per object when the block ends, from what the
database then holds. Outside it nothing changes: Wagtail's own handlers run as usual.
"""

import threading
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import ReferenceIndex
from wagtail.search.index import insert_or_update_object
from wagtail.signal_handlers import disable_reference_index_auto_update

from .models import Competentie, FrameworkPage, GrondhoudingPage, HoofdtaakPage, TaakgebiedPage

_pending = ContextVar("pending_index_updates", default=None)
_install_lock = threading.Lock()
_installed = False


def is_deferring():
    return _pending.get() is not None


def defer(model, pk):
    """Remember that ``model`` ``pk`` needs re-indexing (only while deferring)."""
    _pending.get()[(model, pk)] = None


@contextmanager
def deferred_index_updates(apply=True):
    """Collect index updates in the block; apply them once per object when it ends well
    (``apply=False``: a dry run, rolled back anyway). Nothing may be deleted inside the
    block: Wagtail's reference index clean-up on delete is off there too."""
    if is_deferring():  # nested: the outer block applies everything
        yield
        return
    _install_search_hook()
    pending = {}
    token = _pending.set(pending)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        _pending.reset(token)
    if apply:
        _apply(pending)


def _apply(pending):
    instances = []
    by_model = {}
    for model, pk in pending:
        by_model.setdefault(model, []).append(pk)
    for model, pks in by_model.items():
        instances += list(model.objects.filter(pk__in=pks))
    # References first: the task areas showing a competency are found through them.
    for instance in instances:
        if ReferenceIndex.is_indexed(type(instance)):
            ReferenceIndex.create_or_update_for_object(instance)
    indexed = set()
    for instance in instances:
        insert_or_update_object(instance)
        indexed.add((type(instance), instance.pk))
    # A task area's search entry holds its competencies' texts (see signals.py): refresh
    # the ones showing a changed competency that were not refreshed above.
    competency_pks = [str(i.pk) for i in instances if isinstance(i, Competentie)]
    if competency_pks:
        showing = ReferenceIndex.objects.filter(
            to_content_type=ContentType.objects.get_for_model(Competentie),
            to_object_id__in=competency_pks,
            base_content_type__model="page",
        ).values_list("object_id", flat=True)
        done = {pk for model, pk in indexed if issubclass(model, TaakgebiedPage)}
        for page in TaakgebiedPage.objects.filter(pk__in=set(showing)).exclude(pk__in=done):
            insert_or_update_object(page.specific)


def _search_on_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if is_deferring():
        defer(type(instance), instance.pk)
    else:
        post_save_signal_handler(instance, raw=raw, **kwargs)


def _install_search_hook():
    """Route the search index's save handler for our models through ``_search_on_save``.

    Done once, on first use, because the search app connects its handlers after this app is
    ready. The wrapper is connected before the original is disconnected, so no save is missed.
    """
    global _installed
    if _installed:
        return
    with _install_lock:
        if _installed:
            return
        for model in (FrameworkPage, HoofdtaakPage, TaakgebiedPage, GrondhoudingPage, Competentie):
            post_save.connect(_search_on_save, sender=model, dispatch_uid=f"deferred-{model}")
            post_save.disconnect(post_save_signal_handler, sender=model)
        _installed = True
