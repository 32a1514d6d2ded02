"""The site's URLs: public pages, the JSON API and the admin (at a configurable path)."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from config.views import health

urlpatterns = [
    path("", include("trials.urls")),
    path("", include("matcher.urls")),
    path("", include("contact.urls")),
    path("", include("keep.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", health, name="health"),
    path(
        "accessibility/",
        TemplateView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
]

handler404 = "trials.views.page_not_found"
handler500 = "config.views.server_error"
