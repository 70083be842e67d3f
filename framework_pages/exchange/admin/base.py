"""The base of this package's admin screens: a Wagtail admin form view, its viewset (URL and
menu item, shown only to who may use it), the two-step upload → preview → apply, and the
choice of an edition their forms share.
"""

import base64
import hashlib

from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import path
from django.views.generic import FormView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from ...models import FrameworkPage

# The largest primary key a database here stores (a signed 64-bit integer).
MAX_ID = 2**63 - 1


class EditionChoiceField(forms.ModelChoiceField):
    """A choice of edition, newest first (the editions' own order). A number beyond any
    database id is an unknown choice: Django would pass it to the database (SQLite overflows,
    a 500), because an edition's key is the ``page_ptr`` relation, whose lookups Django does
    not range-check as it does an id's."""

    def __init__(self, label, empty_label=None, **kwargs):
        super().__init__(
            FrameworkPage.objects.newest_first(), label=label, empty_label=empty_label, **kwargs
        )

    def to_python(self, value):
        text = str(value).strip() if value is not None else ""
        if text.lstrip("+-").isdigit() and abs(int(text)) > MAX_ID:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class ScreenView(WagtailAdminTemplateMixin, FormView):
    """A Wagtail admin screen with one form, titled ``page_title``, only for users that
    ``allowed(user)`` admits. An invalid form answers 400."""

    page_title = ""

    @staticmethod
    def allowed(user):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not self.allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        # Without this the header shows only "Home": the title is the last crumb.
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        kwargs.setdefault("action_url", self.request.path)
        return super().get_context_data(**kwargs)

    def render(self, status=200, **context):
        return self.render_to_response(self.get_context_data(**context), status=status)

    def form_invalid(self, form):
        return self.render(form=form, status=400)


class ScreenViewSet(ViewSet):
    """One screen (``view_class``) at ``url_prefix``; its menu item is shown only to users the
    view allows, and is labelled and iconed like the view."""

    view_class = None

    def get_urlpatterns(self):
        return [path("", self.view_class.as_view(), name="index")]

    @property
    def menu_label(self):
        return self.view_class.page_title

    @property
    def icon(self):
        return self.view_class.header_icon

    @property
    def menu_item_class(self):
        allowed = self.view_class.allowed

        class ScreenMenuItem(MenuItem):
            def is_shown(self, request):
                return allowed(request.user)

        return ScreenMenuItem


class PreviewApplyMixin:
    """Step 1 ("Voorbeeld") runs the upload as a dry run, step 2 ("Toepassen") for real.

    Between the steps the upload waits in the session (database-backed, so any app server can
    apply it) under its sha256 digest, which is also the form token: what is applied is exactly
    what was previewed, and a stale or foreign token is refused.
    """

    session_key = ""
    APPLY = "toepassen"

    def is_apply(self):
        return self.request.POST.get("action") == self.APPLY

    def keep_upload(self, content, **extra):
        """Keep the previewed upload for step 2; returns the token for the apply form."""
        digest = hashlib.sha256(content).hexdigest()
        self.request.session[self.session_key] = {
            "digest": digest,
            "content": base64.b64encode(content).decode("ascii"),
            **extra,
        }
        return digest

    def kept_upload(self):
        """(content, extra) of the upload previewed with the posted token, or None."""
        stored = self.request.session.get(self.session_key)
        if not stored or stored["digest"] != self.request.POST.get("token"):
            return None
        extra = {k: v for k, v in stored.items() if k not in ("digest", "content")}
        return base64.b64decode(stored["content"]), extra

    def forget_upload(self):
        self.request.session.pop(self.session_key, None)
