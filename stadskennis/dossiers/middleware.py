"""A dossier site on a host name of its own: that host answers the site at its root and its feeds;
any other address on it (an item the site links to, the admin, the API) is sent to the platform's
own address, where the session, the login and the admin live."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseRedirect

from stadskennis.dossiers.models import DossierSite

HOST_PATHS = ("/", "/rss.xml", "/atom.xml")


class DossierHostMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.own_host = (urlsplit(settings.SITE_URL).hostname or "").lower()

    def __call__(self, request):
        host = request.get_host().rsplit(":", 1)[0].lower()  # ALLOWED_HOSTS was checked by now
        if host and host != self.own_host and "." in host:
            site = DossierSite.objects.filter(host=host).first()
            if site is not None:
                if request.path not in HOST_PATHS:
                    return HttpResponseRedirect(settings.SITE_URL.rstrip("/") + request.get_full_path())
                request.dossier_site = site
                request.urlconf = "stadskennis.dossiers.host_urls"
        return self.get_response(request)
