"""Points where other apps plug into the content pages, through Wagtail hooks.

The core never imports the apps built on it (``framework_pages.exchange``, ``checklists``):
they register here instead, in their ``wagtail_hooks.py``.

- ``register_edition_view``: a function returning ``{name: view}``; ``view(request, edition)``
  answers one of the edition page's sub-URLs (see ``FrameworkPage``'s routes).
- ``register_section_preview_mode``: a function returning a ``SectionPreviewMode``, an extra
  preview mode of every section page (the self-assessment registers "Zelfscan").
- ``register_page_downloads``: a function ``(page) -> [PageDownload]``, files offered on an
  edition or section page (``exchange`` offers the publication as a PDF).
"""

from dataclasses import dataclass

from django.http import Http404
from wagtail import hooks

EDITION_VIEW_HOOK = "register_edition_view"
SECTION_PREVIEW_MODE_HOOK = "register_section_preview_mode"
PAGE_DOWNLOADS_HOOK = "register_page_downloads"


def edition_view(name):
    """The view registered for an edition's sub-URL ``name``; Http404 when none is."""
    for hook in hooks.get_hooks(EDITION_VIEW_HOOK):
        view = hook().get(name)
        if view is not None:
            return view
    raise Http404


@dataclass(frozen=True)
class SectionPreviewMode:
    """A preview mode of a section page: ``context(request, page)`` and ``template``."""

    name: str
    label: str
    template: str
    context: object


def section_preview_modes():
    return [hook() for hook in hooks.get_hooks(SECTION_PREVIEW_MODE_HOOK)]


def section_preview_mode(name):
    return next((mode for mode in section_preview_modes() if mode.name == name), None)


@dataclass(frozen=True)
class PageDownload:
    """A file offered on a page: the link's text and address, its size in bytes when known,
    and ``unavailable``, a sentence saying why there is no file (then ``url`` is empty)."""

    label: str
    url: str = ""
    size: int | None = None
    unavailable: str = ""


def page_downloads(page):
    return [download for hook in hooks.get_hooks(PAGE_DOWNLOADS_HOOK) for download in hook(page)]
