"""The size check every uploaded or read edition document and spreadsheet goes through first.

One limit (``FRAMEWORK_IMPORT_MAX_BYTES``) and one message, checked on the size alone before
anything reads the content: the admin forms, the parsers and the import commands all ask here.
"""

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _


class TooLarge(ValueError):
    """The content is larger than FRAMEWORK_IMPORT_MAX_BYTES; the message is for a person."""


def check_size(size):
    """Raise TooLarge when ``size`` (bytes) is over the limit."""
    limit = settings.FRAMEWORK_IMPORT_MAX_BYTES
    if size > limit:
        shown = f"{limit // 1024} kB" if limit >= 1024 else f"{limit} bytes"
        raise TooLarge(_("Het bestand is groter dan %(max)s.") % {"max": shown})


def refuse_oversized(upload):
    """The upload, or a form ValidationError on its size alone, before anything reads it."""
    try:
        check_size(upload.size)
    except TooLarge as exc:
        raise forms.ValidationError(str(exc)) from exc
    return upload
