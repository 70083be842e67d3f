"""Make the PDFs of the published editions now, so that no reader waits for them."""

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from framework_pages.exchange import publication
from framework_pages.exchange.editions import published_editions
from framework_pages.models import TaakgebiedPage
from framework_pages.visibility import visible_pages
from portal import pdf


class Command(BaseCommand):
    help = _(
        "Maakt de publicatie als PDF van elke gepubliceerde editie (en met --onderdelen ook "
        "die van elk onderdeel), als ze voor de huidige gepubliceerde inhoud nog niet bestaat."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--onderdelen", action="store_true", help=_("Ook de PDF van elk onderdeel.")
        )

    def handle(self, onderdelen=False, **options):
        if not pdf.available():
            raise CommandError(publication.unavailable_text())
        for edition in published_editions():
            parts = [None]
            if onderdelen:
                parts += list(
                    visible_pages(TaakgebiedPage.objects.descendant_of(edition)).order_by("path")
                )
            for section in parts:
                made = publication.publication(edition, section)
                publication.note_size(edition, section, made)
                self.stdout.write(
                    _("%(file)s: %(size)s")
                    % {"file": made.filename, "size": filesizeformat(made.size)}
                )
