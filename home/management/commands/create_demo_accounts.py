"""Demo accounts for trying the portal locally: an editor and a moderator. Never in production."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

DEMO_ACCOUNTS = (
    # username, password, groups, superuser. The portal's roles (home/migrations/0002_roles.py)
    # plus Wagtail's own groups, whose names the default moderation workflow carries.
    ("redacteur", "demo-redacteur-2025", ("Redacteur", "Editors"), False),
    ("moderator", "demo-moderator-2025", ("Hoofdredacteur", "Moderators"), False),
    ("beheerder", "demo-beheerder-2025", (), True),
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
        for username, password, group_names, superuser in DEMO_ACCOUNTS:
            user, _ = User.objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.org"}
            )
            user.set_password(password)
            user.is_staff = superuser
            user.is_superuser = superuser
            user.save()
            for group_name in group_names:
                # get, not get_or_create: fail loudly, a new group would have no permissions
                user.groups.add(Group.objects.get(name=group_name))
            self.stdout.write(f"  {username:<10} wachtwoord: {password}")
