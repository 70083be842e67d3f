"""Load the framework's edition document (fixtures/) into the site, published.

Idempotent: a second run with the same document changes nothing and says so.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from framework_pages.exchange.importing import import_edition
from framework_pages.exchange.parsing import parse
from framework_pages.exchange.problems import DocumentError
from home.models import PortalSettings

DEFAULT_DOCUMENT = Path(settings.BASE_DIR) / "fixtures" / "framework-2025.json"


class Command(BaseCommand):
    help = "Laadt het beroepsprofiel (editiedocument) en publiceert het."

    def add_arguments(self, parser):
        parser.add_argument("document", nargs="?", default=str(DEFAULT_DOCUMENT))
        parser.add_argument(
            "--no-current",
            action="store_true",
            help="Maak deze editie niet de huidige editie voor coördinatoren.",
        )

    def handle(self, document, no_current=False, **options):
        path = Path(document)
        if not path.is_file():
            raise CommandError(f"Bestand niet gevonden: {path}")
        try:
            result = import_edition(parse(path.read_bytes()), publish=True)
        except DocumentError as exc:
            raise CommandError(
                "Het document is niet geladen:\n" + "\n".join(map(str, exc.problems))
            ) from exc
        if not no_current:
            site = Site.objects.get(is_default_site=True)
            portal_settings = PortalSettings.for_site(site)
            if portal_settings.current_edition_id is None:
                portal_settings.current_edition = result.edition
                portal_settings.save()
        label = result.edition.edition_label
        if result.created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Editie {label} geladen en gepubliceerd ({len(result.changes)} onderdelen)."
                )
            )
        elif result.changed:
            self.stdout.write(self.style.SUCCESS(f"Editie {label} bijgewerkt:"))
            for change in result.changes:
                self.stdout.write(f"  - {change}")
        else:
            self.stdout.write(f"Editie {label} is al geladen; er is niets gewijzigd.")
