"""The address space of a dossier site's own host name: the site and its feeds. The platform's
addresses are here to build links (the header, an item); the middleware sends a visitor who follows
one to the platform's own host."""

from django.urls import path

from config import urls as platform
from stadskennis.dossiers import views

urlpatterns = [
    path("", views.site_on_host, name="dossier_home"),
    path("rss.xml", views.HostFeed(), name="dossier_rss"),
    path("atom.xml", views.HostAtomFeed(), name="dossier_atom"),
    *platform.urlpatterns,
]

handler400 = platform.handler400
handler403 = platform.handler403
handler404 = platform.handler404
handler500 = platform.handler500
