"""Keep derived data right when content is published."""

from django.dispatch import receiver
from wagtail.search.index import insert_or_update_object
from wagtail.signals import published

from .models import Competentie


@receiver(published, sender=Competentie)
def reindex_sections_showing(sender, instance, **kwargs):
    """A task area's search entry holds the texts of its competencies: refresh it."""
    from .views import sections_using

    for page in sections_using(instance.edition, instance):
        insert_or_update_object(page.specific)
