from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworkPagesConfig(AppConfig):
    name = "framework_pages"
    verbose_name = _("Beroepsprofiel")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401
