"""The site's own pages, made once: the home page (with its Wagtail site) and the text pages.

``load_initial_data`` runs this on every ``make run``; importing an edition into a freshly
migrated database makes the home page the same way, so it has somewhere to stand.
"""

from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from .content import ABOUT_BODY, HOME_INTRO, PRIVACY_BODY
from .models import HomePage, StandardPage

SITE_NAME = "Beroepsprofiel coördinator vrijwilligerswerk"
ROOT_TITLE = "Alle pagina's"  # the root of the page tree, above the sites (Wagtail: "Root")
TEXT_PAGES = (
    ("privacy", "Privacy", PRIVACY_BODY),
    ("over", "Over dit portaal", ABOUT_BODY),
)


def ensure_home_page(report=None):
    """The home page, created (as the default site's root) when there is none yet.

    ``report(message)`` is told what was made.
    """
    home = HomePage.objects.first()
    if home is not None:
        return home
    # A flushed database (browser tests) has lost even Wagtail's locale and root page.
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node() or Page.add_root(title=ROOT_TITLE, slug="root")
    site = Site.objects.filter(is_default_site=True).first()
    old_root = site.root_page if site else None
    if old_root is not None:  # Wagtail's welcome page holds the slug "home"
        Page.objects.filter(pk=old_root.pk).update(slug="wagtail-welkom")
    home = root.add_child(instance=HomePage(title=SITE_NAME, slug="home", intro=HOME_INTRO))
    if site:
        site.root_page = home
        site.site_name = SITE_NAME
        site.save()
    else:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    # Wagtail's own welcome page is of no use once the real home page exists.
    if old_root and old_root.specific_class is Page and not old_root.get_children().exists():
        Page.objects.get(pk=old_root.pk).delete()
    if report:
        report("Startpagina aangemaakt.")
    return home


def ensure_text_pages(home, report=None):
    """The privacy and about pages under ``home``, each made once."""
    for slug, title, body in TEXT_PAGES:
        if not StandardPage.objects.filter(slug=slug).exists():
            home.add_child(
                instance=StandardPage(title=title, slug=slug, body=body, show_in_menus=True)
            )
            if report:
                report(f"Pagina ‘{title}’ aangemaakt.")
