"""Remove never-finished anonymous self-assessments after the retention period (run from cron)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from checklists.models import SelfAssessment


class Command(BaseCommand):
    help = "Verwijdert niet-afgeronde zelfscans zonder account na de bewaartermijn."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.CHECKLIST_RETENTION_DAYS)
        parser.add_argument(
            "--dry-run", action="store_true", help="Alleen tellen, niets verwijderen."
        )

    def handle(self, days, dry_run, **options):
        abandoned = SelfAssessment.objects.abandoned(days)
        count = abandoned.count()
        if not dry_run:
            abandoned.delete()
        verb = "zouden worden" if dry_run else "zijn"
        self.stdout.write(f"{count} verlaten zelfscan(s) ouder dan {days} dagen {verb} verwijderd.")
