"""The address space of a dossier site's own host name: the site at the root, the platform behind it."""

from django.urls import path

from config import urls as platform
from stadskennis.dossiers import views

urlpatterns = [path("", views.site_on_host, name="dossier_home"), *platform.urlpatterns]

handler400 = platform.handler400
handler403 = platform.handler403
handler404 = platform.handler404
handler500 = platform.handler500
