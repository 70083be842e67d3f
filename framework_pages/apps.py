from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworkPagesConfig(AppConfig):
    name = "framework_pages"
    verbose_name = _("Beroepsprofiel")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import published, unpublished

        from portal.page_cache import bump_content_version

        from . import signals  # noqa: F401
        from .models import Competentie, Competentiegebied, Synoniem

        # What the public sees of a competency or an area changed: cached pages are stale.
        for signal in (published, unpublished, post_delete):
            signal.connect(
                bump_content_version,
                sender=Competentie,
                dispatch_uid=f"page-cache-competentie-{signal}",
            )
        # Areas change pages; synonyms change search results (kept under the same version).
        for model in (Competentiegebied, Synoniem):
            for signal in (post_save, post_delete):
                signal.connect(
                    bump_content_version,
                    sender=model,
                    dispatch_uid=f"page-cache-{model._meta.model_name}-{signal}",
                )
