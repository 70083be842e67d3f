from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    """Editions in and out: the edition document, import, new editions, comparison, CASE, the
    API, the public changes page and the spreadsheets, with their admin screens."""

    name = "framework_pages.exchange"
    label = "exchange"
    verbose_name = _("Edities uitwisselen")
