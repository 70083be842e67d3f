"""Set up the portal's pages (home, privacy) and load the framework. Safe to run again."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from home.content import ABOUT_BODY, HOME_INTRO, PRIVACY_BODY
from home.models import HomePage, StandardPage


class Command(BaseCommand):
    help = "Maakt de startpagina en vaste pagina's en laadt het beroepsprofiel."

    def handle(self, **options):
        home = HomePage.objects.first()
        if home is None:
            # A flushed database (browser tests) has lost even Wagtail's locale and root page.
            Locale.objects.get_or_create(
                language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
            )
            root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
            site = Site.objects.filter(is_default_site=True).first()
            old_root = site.root_page if site else None
            if old_root is not None:  # Wagtail's welcome page holds the slug "home"
                Page.objects.filter(pk=old_root.pk).update(slug="wagtail-welkom")
            home = root.add_child(
                instance=HomePage(
                    title="Beroepsprofiel coördinator vrijwilligerswerk",
                    slug="home",
                    intro=HOME_INTRO,
                )
            )
            if site:
                site.root_page = home
                site.site_name = "Beroepsprofiel coördinator vrijwilligerswerk"
                site.save()
            else:
                Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
            # Wagtail's own welcome page is of no use once the real home page exists.
            if (
                old_root
                and old_root.specific_class is Page
                and not old_root.get_children().exists()
            ):
                Page.objects.get(pk=old_root.pk).delete()
            self.stdout.write(self.style.SUCCESS("Startpagina aangemaakt."))
        for slug, title, body in (
            ("privacy", "Privacy", PRIVACY_BODY),
            ("over", "Over dit portaal", ABOUT_BODY),
        ):
            if not StandardPage.objects.filter(slug=slug).exists():
                home.add_child(
                    instance=StandardPage(title=title, slug=slug, body=body, show_in_menus=True)
                )
                self.stdout.write(self.style.SUCCESS(f"Pagina ‘{title}’ aangemaakt."))
        call_command("load_framework", stdout=self.stdout)
