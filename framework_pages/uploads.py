"""What every upload of an edition document or spreadsheet goes through first."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _


def refuse_oversized(upload):
    """The upload, or a ValidationError on its size alone, before anything reads it."""
    if upload.size > settings.FRAMEWORK_IMPORT_MAX_BYTES:
        raise forms.ValidationError(
            _("Het bestand is groter dan %(max)s kB.")
            % {"max": settings.FRAMEWORK_IMPORT_MAX_BYTES // 1024}
        )
    return upload
