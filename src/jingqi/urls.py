from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from jingqi.accounts.views import SignInView, admin_login, two_factor_enrol, two_factor_verify

# Open311 first: machines call it hundreds of times a second, and each pattern tried before a match costs time.
urlpatterns = [
    path("open311/v2/", include("jingqi.tickets.open311.urls")),
    path("", include("jingqi.core.urls")),
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/enrol/", two_factor_enrol, name="two_factor_enrol"),
    path("accounts/two-factor/", two_factor_verify, name="two_factor_verify"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("registry/", include("jingqi.registry.urls")),
    path("directory/", include("jingqi.catalog.urls")),
    path("requests/", include("jingqi.tickets.urls")),
    path("claims/", include("jingqi.claims.urls")),
    path("disputes/", include("jingqi.disputes.urls")),
    path("patrols/", include("jingqi.patrols.urls")),
    path("inspections/", include("jingqi.inspections.urls")),
    path("cases/", include("jingqi.cases.urls")),
    path("reports/", include("jingqi.reports.urls")),
    path("figures/", include("jingqi.analytics.urls")),
    path("api/", include("jingqi.registry.api.urls")),
    path("api/", include("jingqi.catalog.api.urls")),
    path("api/", include("jingqi.tickets.api.urls")),
    path("api/", include("jingqi.claims.api.urls")),
    path("api/", include("jingqi.disputes.api.urls")),
    path("api/", include("jingqi.patrols.api.urls")),
    path("api/", include("jingqi.inspections.api.urls")),
    path("api/", include("jingqi.cases.api.urls")),
    path("api/", include("jingqi.analytics.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/login/", admin_login),
    path("admin/", admin.site.urls),
]

handler400 = "jingqi.core.api_fallbacks.bad_request"
handler404 = "jingqi.core.api_fallbacks.page_not_found"

admin.site.site_header = "警企通 Jingqi"
admin.site.site_title = "警企通 Jingqi"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
