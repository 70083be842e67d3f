"""Make a new edition as a draft copy of an existing one: same items, new label."""

from django.core.management.base import BaseCommand, CommandError

from framework_pages.exchange.editions import copy_edition
from framework_pages.exchange.problems import DocumentError
from framework_pages.models import FrameworkPage


class Command(BaseCommand):
    help = (
        "Maakt een nieuwe editie als concept-kopie van een bestaande editie. Alle onderdelen "
        "houden hun identificatie, zodat ze over edities heen te volgen zijn."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--from", dest="source", required=True, help="Label van de bron-editie."
        )
        parser.add_argument("--label", required=True, help="Label van de nieuwe editie, bv. 2026.")
        parser.add_argument("--title", default=None, help="Titel (standaard die van de bron).")

    def handle(self, source, label, title=None, **options):
        edition = FrameworkPage.objects.filter(edition_label=source).first()
        if edition is None:
            raise CommandError(f"Er is geen editie met label ‘{source}’.")
        try:
            result = copy_edition(edition, label, title=title)
        except DocumentError as exc:
            raise CommandError(
                "De nieuwe editie is niet gemaakt:\n" + "\n".join(map(str, exc.problems))
            ) from exc
        new = result.edition
        self.stdout.write(
            self.style.SUCCESS(
                f"Editie {new.edition_label} gemaakt als concept-kopie van {source} "
                f"(‘{new.title}’, /{new.slug}/). Publiceer haar in de beheeromgeving."
            )
        )
