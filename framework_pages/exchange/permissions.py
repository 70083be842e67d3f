"""Who may move editions in and out: one rule per action, used by the admin screens and menus.

Making a new edition: superusers, holders of ``framework_pages.import_edition`` (a copy takes
the same path as an import) and members of Wagtail's "Moderators" group, the people who
publish. Publishing a whole edition at once (pages and competencies) is for those who may
publish both anyway. Comparing and downloading: everyone with access to the admin. Importing an
edition document: superusers and holders of ``framework_pages.import_edition`` (Hoofdredacteur).
Competency spreadsheets: who may add and change competencies; task spreadsheets: everyone with
admin access (each page is checked for edit permission row by row).
"""


def can_make_editions(user):
    return user.is_active and (
        user.is_superuser
        or user.has_perm("framework_pages.import_edition")
        or user.groups.filter(name="Moderators").exists()
    )


def can_publish_edition(user, edition=None):
    """Publishing a whole edition at once skips the moderation workflow: only for those who
    may publish its pages and competencies anyway."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not user.has_perm("framework_pages.publish_competentie"):
        return False
    return edition is None or edition.permissions_for_user(user).can_publish()


def can_compare_editions(user):
    return user.is_active and user.has_perm("wagtailadmin.access_admin")


def can_download_editions(user):
    return can_compare_editions(user)


def can_import_editions(user):
    return user.is_active and (user.is_superuser or user.has_perm("framework_pages.import_edition"))


def can_use_competency_spreadsheets(user):
    return user.is_active and user.has_perms(
        ["framework_pages.add_competentie", "framework_pages.change_competentie"]
    )


def can_use_task_spreadsheets(user):
    return user.is_active and user.has_perm("wagtailadmin.access_admin")
