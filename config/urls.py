"""URL configuration: admin, documents, language switching, search page and API, then Wagtail's page serving."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.views import all_lists
from config.api import api
from search.views import search_page

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("search/", search_page, name="search"),
    path("lists/", all_lists, name="all_lists"),
    path("api/v1/", api.urls),
    path("review/", include("selection.urls")),
    path("matching/", include("matching.urls")),
    path("", include("alerts.urls")),
    path("", include("scenarios.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()


def serve_media(request, path):
    # MEDIA_ROOT is read per request: tests point it at a temporary folder after import.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


if settings.SERVE_MEDIA:
    # One-machine runs and browser tests; production serves media from its web server.
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve_media)]

urlpatterns += [path("", include(wagtail_urls))]
