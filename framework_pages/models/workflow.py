"""The moderation task of the portal's workflow: Wagtail's group approval, which does not offer
"approve" for a task area that chooses competencies that were never published.

Approving such a page put those competencies on a live page while their own page answered 404
(before ``visibility`` hid them, they went public unreviewed). A proxy of Wagtail's
``GroupApprovalTask`` (same table, same groups, the same labels) replaces its type on the
workflow's task, so the rule holds on every route that approves: the editor's action menu, the
dashboard's buttons and a hand-made POST (Wagtail refuses an action the task does not offer).
The editor tells why (``wagtail_hooks``).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.models import GroupApprovalTask

from .pages import TaakgebiedPage


def latest_version(obj):
    return obj.get_latest_revision_as_object() if obj.has_unpublished_changes else obj


def unpublished_choices(obj):
    """The never-published competencies the latest version of ``obj`` chooses (a section
    page, also when given as a plain ``Page``), else an empty list."""
    obj = getattr(obj, "specific", obj)
    if not isinstance(obj, TaakgebiedPage):
        return []
    return latest_version(obj).unpublished_competencies()


class ModerationTask(GroupApprovalTask):
    class Meta:
        proxy = True
        verbose_name = _("goedkeuring door een groep, met controle van de competenties")
        verbose_name_plural = _("goedkeuringen door een groep, met controle van de competenties")

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if actions and unpublished_choices(obj):
            return [action for action in actions if action[0] != "approve"]
        return actions
