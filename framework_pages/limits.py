"""How long an item's text and an editorial note may be: the one place for these limits.

An item (task, kerntaak or sub-item, competency) is a sentence or two that a coordinator reads
and ticks; the longest in the 2025 edition has 444 characters. The page editor's blocks, the
competency form, the edition document's schema and validation and the spreadsheet import all
use these limits and the same Dutch message.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

ITEM_TEXT_MAX_LENGTH = 1000
NOTE_MAX_LENGTH = 5000


def too_long_message(length, limit):
    """ "Te lang: 1200 tekens, hoogstens 1000." (also for the lines of an edition document)"""
    return _("Te lang: %(n)s tekens, hoogstens %(max)s.") % {"n": length, "max": limit}


@deconstructible
class TextLengthValidator(MaxLengthValidator):
    """Django's maximum length check with the message of this module."""

    def __call__(self, value):
        if value is not None and len(value) > self.limit_value:
            raise ValidationError(too_long_message(len(value), self.limit_value), code="max_length")


def item_text_validators():
    return [TextLengthValidator(ITEM_TEXT_MAX_LENGTH)]


def note_validators():
    return [TextLengthValidator(NOTE_MAX_LENGTH)]
