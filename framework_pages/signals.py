"""Keep derived data right when content is published."""

from django.dispatch import receiver
from wagtail.search.index import insert_or_update_object
from wagtail.signals import published

from .indexing import defer, is_deferring
from .models import Competentie
from .usage import sections_using


@receiver(published, sender=Competentie)
def reindex_sections_showing(sender, instance, **kwargs):
    """A task area's search entry holds the texts of its competencies: refresh it."""
    if is_deferring():  # done once for all competencies when the bulk write ends
        defer(sender, instance.pk)
        return

    for page in sections_using(instance.edition, instance):
        insert_or_update_object(page.specific)
