"""Words that mean the same for search: editors keep the list in the admin."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from ..dutch import terms

SEPARATORS = re.compile(r"[,;=~\n]")


class Synoniem(models.Model):
    """A group of words or phrases that mean the same, such as "VOG, verklaring omtrent
    gedrag". A search for one of them also finds the others; it is applied to the query
    only, so a change takes effect at once, without re-indexing."""

    words = models.TextField(
        _("woorden"),
        max_length=1000,
        help_text=_(
            "Twee of meer woorden of woordgroepen met dezelfde betekenis, gescheiden door "
            "komma's. Bijvoorbeeld: ‘VOG, verklaring omtrent gedrag’ of ‘werven, werving’."
        ),
    )

    panels = [FieldPanel("words")]

    class Meta:
        verbose_name = _("synoniem")
        verbose_name_plural = _("synoniemen")
        ordering = ["words"]

    def __str__(self):
        return ", ".join(self.phrases())

    def phrases(self):
        return [p.strip() for p in SEPARATORS.split(self.words or "") if p.strip()]

    def clean(self):
        super().clean()
        phrases = self.phrases()
        if len(phrases) < 2:
            raise ValidationError(
                {"words": _("Geef minstens twee woorden of woordgroepen, gescheiden door komma's.")}
            )
        empty = [p for p in phrases if not terms(p)]
        if empty:
            raise ValidationError(
                {
                    "words": _(
                        "Deze woorden zijn te algemeen om op te zoeken (alleen lidwoorden en "
                        "dergelijke): %(words)s"
                    )
                    % {"words": ", ".join(empty)}
                }
            )
