from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Portaal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page, Site
        from wagtail.signals import (
            page_published,
            page_unpublished,
            post_page_move,
            published,
            unpublished,
        )

        from framework_pages.models import Competentie, Competentiegebied

        from .models import PortalSettings
        from .page_cache import bump_content_version

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(bump_content_version, dispatch_uid=f"page-cache-{signal}")
        for sender in (Competentie,):
            published.connect(
                bump_content_version, sender=sender, dispatch_uid="page-cache-competentie-published"
            )
            unpublished.connect(
                bump_content_version,
                sender=sender,
                dispatch_uid="page-cache-competentie-unpublished",
            )
        for sender in (Page, Site, PortalSettings, Competentiegebied):
            post_save.connect(
                bump_content_version,
                sender=sender,
                dispatch_uid=f"page-cache-save-{sender.__name__}",
            )
            post_delete.connect(
                bump_content_version,
                sender=sender,
                dispatch_uid=f"page-cache-delete-{sender.__name__}",
            )
