"""The portal's home page, simple content pages (privacy, about) and site-wide settings."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from portal.page_permissions import EditorialPermissionsMixin
from portal.routing import KnownAncestorsMixin, OneQueryRoutingMixin

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class HomePage(EditorialPermissionsMixin, OneQueryRoutingMixin, Page):
    intro = RichTextField(_("inleiding"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    subpage_types = ["framework_pages.FrameworkPage", "home.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = _("startpagina")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["current_edition"] = PortalSettings.for_request(request).current_edition
        context["pages"] = StandardPage.objects.child_of(self).live().in_menu()
        return context


class StandardPage(EditorialPermissionsMixin, KnownAncestorsMixin, Page):
    body = RichTextField(_("inhoud"), features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("tekstpagina")


@register_setting(icon="cog")
class PortalSettings(BaseSiteSetting):
    current_edition = models.ForeignKey(
        "framework_pages.FrameworkPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("huidige editie"),
        help_text=_("De editie die coördinatoren lezen en waarmee nieuwe zelfscans beginnen."),
    )

    panels = [FieldPanel("current_edition")]

    def clean(self):
        super().clean()
        # Coordinators read the current edition: never one a visitor may not see.
        edition = self.current_edition
        if edition is not None and not edition.live:
            raise ValidationError(
                {
                    "current_edition": _(
                        "Editie ‘%(title)s’ is nog niet gepubliceerd. Publiceer haar eerst; "
                        "alleen een gepubliceerde editie kan de huidige zijn."
                    )
                    % {"title": edition.title}
                }
            )

    # Every public page links to the current edition: fetch it with the setting.
    select_related = ["current_edition"]

    class Meta:
        verbose_name = _("portaalinstellingen")
