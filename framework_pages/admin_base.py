"""The base of this app's own admin screens (editions, spreadsheets)."""

from django.core.exceptions import PermissionDenied
from django.views.generic import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class AdminScreen(WagtailAdminTemplateMixin, View):
    """A Wagtail admin page titled ``page_title``, only for users ``allowed(user)`` admits."""

    page_title = ""

    def allowed(self, user):
        raise NotImplementedError

    def get_page_title(self):
        return self.page_title

    def get_breadcrumbs_items(self):
        # Without this the header shows only "Home": the title is the last crumb.
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        if not self.allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
