"""Write an edition as an edition document or as a CASE 1.1 package (docs/api.md)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from framework_pages.exchange.downloads import CASE, EDITION_DOCUMENT, edition_file
from framework_pages.models import FrameworkPage
from home.models import PortalSettings


def find_edition(label):
    """The edition with ``label``, or the current edition of the default site when None."""
    if label is None:
        site = Site.objects.filter(is_default_site=True).first()
        edition = PortalSettings.for_site(site).current_edition if site else None
        if edition is None:
            raise CommandError(
                "Er is geen huidige editie ingesteld; geef met --edition aan welke editie."
            )
        return edition
    edition = FrameworkPage.objects.filter(edition_label=label).first()
    if edition is None:
        known = ", ".join(FrameworkPage.objects.in_order().values_list("edition_label", flat=True))
        raise CommandError(
            f"Er is geen editie met label ‘{label}’. Bekende edities: {known or 'geen'}."
        )
    return edition


class Command(BaseCommand):
    help = "Exporteert een editie als editiedocument of als CASE 1.1-pakket (JSON)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--edition", help="Label van de editie, bijvoorbeeld 2025 (standaard: de huidige)."
        )
        parser.add_argument(
            "--output", required=True, help="Bestand om naar te schrijven; ‘-’ is stdout."
        )
        parser.add_argument(
            "--format",
            choices=("edition", "case"),
            default="edition",
            help="edition: het editiedocument (standaard); case: een CASE 1.1 CFPackage.",
        )

    def handle(self, edition=None, output="-", format="edition", **options):
        page = find_edition(edition)
        _filename, text = edition_file(page, CASE if format == "case" else EDITION_DOCUMENT)
        if output == "-":
            self.stdout.write(text, ending="")
            return
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(f"De map {path.parent} bestaat niet.")
        path.write_text(text, encoding="utf-8")
        # Report on stderr so that stdout stays clean for pipes.
        sys.stderr.write(f"Editie {page.edition_label} geschreven naar {path} ({format}).\n")
