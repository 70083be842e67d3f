"""Set up the portal's pages (home, privacy) and load the framework. Safe to run again."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from home.setup import ensure_home_page, ensure_text_pages


class Command(BaseCommand):
    help = "Maakt de startpagina en vaste pagina's en laadt het beroepsprofiel."

    def handle(self, **options):
        def report(message):
            self.stdout.write(self.style.SUCCESS(message))

        home = ensure_home_page(report)
        ensure_text_pages(home, report)
        call_command("load_framework", stdout=self.stdout)
