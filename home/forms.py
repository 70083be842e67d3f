"""Wagtail's login form with its password field labelled in Dutch (Wagtail leaves the label to
the field name, which reads "Password"); WAGTAILADMIN_USER_LOGIN_FORM points here."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Wachtwoord")
