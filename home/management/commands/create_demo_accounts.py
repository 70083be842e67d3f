"""Demo accounts for trying the portal locally: an editor and a moderator. Never in production."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

DEMO_ACCOUNTS = (
    # username, password, group, superuser
    ("redacteur", "demo-redacteur-2025", "Editors", False),
    ("moderator", "demo-moderator-2025", "Moderators", False),
    ("beheerder", "demo-beheerder-2025", None, True),
)


class Command(BaseCommand):
    help = "Maakt demo-accounts aan (alleen in ontwikkeling, nooit met de productie-instellingen)."

    def handle(self, **options):
        if not settings.DEMO_ACCOUNTS_ALLOWED:
            raise CommandError(
                "Demo-accounts worden nooit aangemaakt met de productie-instellingen."
            )
        User = get_user_model()
        self.stdout.write("Demo-accounts (alleen voor ontwikkeling):")
        for username, password, group_name, superuser in DEMO_ACCOUNTS:
            user, _ = User.objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.org"}
            )
            user.set_password(password)
            user.is_staff = superuser
            user.is_superuser = superuser
            user.save()
            if group_name:
                user.groups.add(
                    Group.objects.get(name=group_name)
                )  # fail loudly: a new group would have no permissions
            self.stdout.write(f"  {username:<10} wachtwoord: {password}")
