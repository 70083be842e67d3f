"""Import an edition document: validate, then apply in one transaction, or report why not.

A new edition becomes draft pages (or live ones with --publish); an existing edition (same
uid) gets a new revision of each changed page. --dry-run shows the changes and stores nothing.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from framework_pages.exchange.importing import import_edition
from framework_pages.exchange.parsing import parse
from framework_pages.exchange.problems import DocumentError
from portal.uploads import TooLarge, check_size


class Command(BaseCommand):
    help = "Importeert een editiedocument (JSON) na controle, in één keer of helemaal niet."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Het editiedocument (JSON).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Toon wat er zou veranderen, zonder iets op te slaan.",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publiceer nieuwe inhoud en nieuwe revisies direct (anders concepten).",
        )

    def handle(self, file, dry_run=False, publish=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Bestand niet gevonden: {path}")
        try:  # checked before reading, so a huge file is never loaded
            check_size(path.stat().st_size)
        except TooLarge as exc:
            raise CommandError(f"{exc} (FRAMEWORK_IMPORT_MAX_BYTES)") from exc
        try:
            result = import_edition(parse(path.read_bytes()), publish=publish, dry_run=dry_run)
        except DocumentError as exc:
            problems = "\n".join(f"  - {problem}" for problem in exc.problems)
            raise CommandError(
                f"Het document is niet geïmporteerd; er is niets gewijzigd. "
                f"{len(exc.problems)} probleem/problemen:\n{problems}"
            ) from exc

        label = result.edition.edition_label
        if dry_run:
            heading = f"Proefimport van editie {label}: er is niets opgeslagen."
        elif result.created:
            heading = f"Editie {label} aangemaakt" + (
                " en gepubliceerd." if publish else " als concept."
            )
        else:
            heading = f"Editie {label} bijgewerkt" + (
                " en gepubliceerd." if publish else " (nieuwe conceptrevisies)."
            )
        self.stdout.write(self.style.SUCCESS(heading))
        if not result.changes:
            self.stdout.write("  niets gewijzigd")
        for change in result.changes:
            self.stdout.write(f"  - {change}")
