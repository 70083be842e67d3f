from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _bump_for_pages(sender, instance, **kwargs):
    """post_delete is sent with the concrete class (TaakgebiedPage, ...): any page counts."""
    from wagtail.models import Page

    from portal.page_cache import bump_content_version

    if isinstance(instance, Page):
        bump_content_version()


def _create_cache_tables(sender, using, verbosity=0, **kwargs):
    """The database cache ("shared" without Redis) needs its table: made by every migrate,
    before the migrations (they already save pages and sites, which bump the content
    version), so a fresh installation needs no extra step."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=verbosity)


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Portaal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save, pre_migrate
        from wagtail.models import PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from portal.page_cache import bump_content_version

        from .models import PortalSettings

        # Any change of the page tree, of who may see a page, or of the site settings can
        # change every public page.
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(bump_content_version, dispatch_uid=f"page-cache-{signal}")
        post_delete.connect(_bump_for_pages, dispatch_uid="page-cache-page-deleted")
        for sender in (PageViewRestriction, Site, PortalSettings):
            for signal in (post_save, post_delete):
                signal.connect(
                    bump_content_version,
                    sender=sender,
                    dispatch_uid=f"page-cache-{signal}-{sender.__name__}",
                )
        pre_migrate.connect(_create_cache_tables, sender=self, dispatch_uid="cache-tables")
