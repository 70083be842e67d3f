"""PDFs made from HTML: the one place that runs the PDF engine, WeasyPrint.

The publication (``framework_pages.exchange.publication``) and the personal documents of a
self-assessment are templates rendered to HTML and laid out here on A4 by WeasyPrint, an
HTML/CSS paged-media engine (page numbers, running headers, a table of contents with
``target-counter``). Every PDF is tagged (PDF/UA-1: headings, lists and tables are in its
structure tree) and takes its title and language (``nl``) from the HTML.

The engine reads nothing from outside the portal: ``StaticOnlyFetcher`` gives it the portal's
own static files (the stylesheet and the fonts in ``static/fonts``, which are embedded) and
refuses every other address. WeasyPrint needs Pango, a system library (``make pdf-libs``
installs it); where it is missing ``available()`` is False and the pages say so, with the
print view as the way to paper.
"""

import ctypes.util
import hashlib
import importlib.util
import logging
import mimetypes
from contextlib import suppress
from functools import lru_cache
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import get_template

from .exports import PDF, file_response

logger = logging.getLogger(__name__)

STYLESHEET = "css/publication.css"


class PdfUnavailable(RuntimeError):
    """The PDF engine cannot run here (its system libraries are missing)."""


def _not_a_repeated_anchor(record):
    """The publication shows a competency in every section that chooses it, each time with
    the web page's id for that item: WeasyPrint's warning about it is no problem to log."""
    return not record.getMessage().startswith("Anchor defined twice")


@lru_cache(maxsize=1)
def _engine():
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: Pango is not installed
        logger.warning("PDF engine unavailable: %s", error)
        return None
    logging.getLogger("weasyprint").addFilter(_not_a_repeated_anchor)
    return weasyprint


def available():
    """Whether PDFs can be made on this server: they are on (``PDF_ENABLED``), WeasyPrint is
    installed and Pango is found. Asked without importing WeasyPrint (that takes seconds),
    so every page can ask."""
    return settings.PDF_ENABLED and _libraries_found()


@lru_cache(maxsize=1)
def _libraries_found():
    return bool(
        importlib.util.find_spec("weasyprint")
        and ctypes.util.find_library("pango-1.0")
        and ctypes.util.find_library("pangoft2-1.0")
    )


def static_path(url):
    """The file behind a portal static URL (``/static/…``, or ``file:`` inside the project's
    static folders), or None for any other address."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if parts.scheme == "file":
        resolved = Path(path).resolve()
        roots = [
            Path(root).resolve() for root in [*settings.STATICFILES_DIRS, settings.STATIC_ROOT]
        ]
        return resolved if any(resolved.is_relative_to(root) for root in roots) else None
    if parts.scheme in ("http", "https") and path.startswith(settings.STATIC_URL):
        try:
            found = finders.find(path[len(settings.STATIC_URL) :])
        except SuspiciousFileOperation:  # "../" out of the static folders
            return None
        return Path(found) if found else None
    return None


def _fetcher_class(weasyprint):
    class StaticOnlyFetcher(weasyprint.urls.URLFetcher):
        """The portal's own static files, and nothing else: no request leaves the server."""

        def fetch(self, url, headers=None):
            path = static_path(url)
            if path is None or not path.is_file():
                raise ValueError(f"Only the portal's own static files are used, not {url}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return weasyprint.urls.URLFetcherResponse(
                path.as_uri(), path.read_bytes(), {"Content-Type": content_type}
            )

    return StaticOnlyFetcher


def render(html, base_url):
    """The PDF (bytes) of an HTML document, laid out with the publication stylesheet.

    ``base_url`` is the portal's address: relative links in the HTML point to the online
    pages. Raises PdfUnavailable where the engine cannot run.
    """
    weasyprint = _engine() if available() else None
    if weasyprint is None:
        raise PdfUnavailable
    fetcher = _fetcher_class(weasyprint)()
    fonts = weasyprint.text.fonts.FontConfiguration()
    stylesheet = weasyprint.CSS(
        filename=finders.find(STYLESHEET), font_config=fonts, url_fetcher=fetcher
    )
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    return document.write_pdf(
        stylesheets=[stylesheet], font_config=fonts, pdf_variant="pdf/ua-1", pdf_tags=True
    )


@lru_cache(maxsize=8)
def layout_fingerprint(template_names):
    """A short digest of what lays a PDF out besides its content: these templates, the
    stylesheet and the engine's version. Stored PDFs are keyed by it, so a release that
    changes the layout makes new ones."""
    digest = hashlib.sha256()
    for name in template_names:
        digest.update(get_template(name).template.source.encode())
    digest.update(Path(finders.find(STYLESHEET)).read_bytes())
    with suppress(PackageNotFoundError):
        digest.update(package_version("weasyprint").encode())
    return digest.hexdigest()[:16]


def pdf_response(content, filename):
    """A PDF download (``portal.exports.file_response``)."""
    return file_response(content, filename, PDF)
