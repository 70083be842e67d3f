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
        if dry_run:
            count = abandoned.count()
        else:
            # What was deleted, as the database says: a manager's copy is never among them
            # (its link to the coordinator's scan is SET_NULL).
            _total, per_model = abandoned.delete()
            count = per_model.get(SelfAssessment._meta.label, 0)
        verb = "zouden worden" if dry_run else "zijn"
        self.stdout.write(f"{count} verlaten zelfscan(s) ouder dan {days} dagen {verb} verwijderd.")
