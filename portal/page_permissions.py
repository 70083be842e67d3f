"""Who may delete, move or copy a page: the one rule for every page class of the portal.

Wagtail lets anyone with ``change_page`` delete (and so move) pages that are not live, and a
subtree of them with ``bulk_delete``: a Redacteur could delete a whole draft edition, which
took its competencies and areas with it. Here deleting and moving a page is for those who may
publish it (the Hoofdredacteur) and for administrators, live or not. Wagtail's delete view,
bulk delete, move and bulk move all ask ``page.permissions_for_user``, which a page class may
override (Wagtail casts to the specific class for it), so one mixin covers every route.
"""

from wagtail.models import PagePermissionTester


class EditorialPagePermissionTester(PagePermissionTester):
    def can_delete(self, ignore_bulk=False):
        if not self.user.is_active or self.page_is_root:
            return False
        if not self.user.is_superuser and "publish" not in self.permissions:
            return False
        return super().can_delete(ignore_bulk=ignore_bulk)


class EditorialPermissionsMixin:
    """For every page model of the portal: deleting and moving only with publish permission."""

    def permissions_for_user(self, user):
        return EditorialPagePermissionTester(user, self)
