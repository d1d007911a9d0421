from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from stadskennis.api.api import api
from stadskennis.core import views as core_views
from stadskennis.network.views_people import privacy_page

admin.site.site_header = "Stadskennis – beheer"
admin.site.site_title = "Stadskennis"

urlpatterns = [
    path("", include("stadskennis.home.urls")),
    path("", include("stadskennis.core.urls")),
    path("account/", include("stadskennis.accounts.urls")),
    path("kennisbank/", include("stadskennis.knowledge.urls")),
    path("cijfers/dashboards/", include("stadskennis.dashboards.urls")),
    path("cijfers/rapporten/", include("stadskennis.reports.urls")),
    path("cijfers/", include("stadskennis.indicators.urls")),
    path("plannen/", include("stadskennis.plans.urls")),
    path("netwerk/", include("stadskennis.network.urls")),
    path("agenda/", include("stadskennis.events.urls")),
    path("nieuwsbrief/", include("stadskennis.newsletter.urls")),
    path("dossiers/", include("stadskennis.dossiers.urls")),
    path("werking/", include("stadskennis.programmes.urls")),
    path("mail/", include("stadskennis.mail.urls")),
    path("zoeken/", include("stadskennis.search.urls")),
    path("volgen/", include("stadskennis.follows.urls")),
    path("vraagbaak/", include("stadskennis.questions.urls")),
    path("api/", api.urls),
    path("healthz", core_views.healthz, name="healthz"),
    path("healthz/worker", core_views.healthz_worker, name="healthz_worker"),
    path("privacy/", privacy_page, name="privacy"),
    path("taal/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

handler400 = "stadskennis.core.views.error_400"
handler403 = "stadskennis.core.views.error_403"
handler404 = "stadskennis.core.views.error_404"
handler500 = "stadskennis.core.views.error_500"
