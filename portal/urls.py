from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

# An oversized or malformed request: the Dutch 400 page, or JSON for the autosave.
handler400 = "portal.bad_request.bad_request"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("zelfscan/", include("checklists.urls")),
    path("api/", include("framework_pages.exchange.api")),
    path("publicatie/", include("framework_pages.exchange.publication")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every other URL from the page tree: keep this last.
urlpatterns += [path("", include(wagtail_urls))]
