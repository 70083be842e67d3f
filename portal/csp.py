"""Content-Security-Policy per part of the site.

The public side gets the strict ``CONTENT_SECURITY_POLICY``. The Wagtail admin needs inline
scripts and styles and frames its own previews, so paths under
``ADMIN_CONTENT_SECURITY_POLICY_PREFIXES`` get ``ADMIN_CONTENT_SECURITY_POLICY`` instead.
Wagtail's previews keep the public policy but may be framed by the admin: Wagtail renders
them through the middleware with a dummy request for the page's public URL
(``request.is_dummy``) and shows the result in a same-origin frame, which
``frame-ancestors 'none'`` would block.
"""

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings


class PathCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        admin_prefixes = tuple(getattr(settings, "ADMIN_CONTENT_SECURITY_POLICY_PREFIXES", ()))
        if report_only or parts.config is not None:
            return parts
        if admin_prefixes and request.path_info.startswith(admin_prefixes):
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY)
        elif getattr(request, "is_dummy", False) is True:
            # A preview: the public policy, framed by the admin only.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
        return parts
