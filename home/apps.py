from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Portaal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from portal.page_cache import bump_content_version

        from .models import PortalSettings

        # Any change of the page tree or the site settings can change every public page.
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(bump_content_version, dispatch_uid=f"page-cache-{signal}")
        for sender in (Page, Site, PortalSettings):
            for signal in (post_save, post_delete):
                signal.connect(
                    bump_content_version,
                    sender=sender,
                    dispatch_uid=f"page-cache-{signal}-{sender.__name__}",
                )
