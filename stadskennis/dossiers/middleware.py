"""A dossier site on a host name of its own: a request for that host is answered with the site at
its root, and the rest of the platform (the items it links to) behind it."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings

from stadskennis.dossiers.models import DossierSite


class DossierHostMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.own_host = (urlsplit(settings.SITE_URL).hostname or "").lower()

    def __call__(self, request):
        host = request.get_host().rsplit(":", 1)[0].lower()  # ALLOWED_HOSTS was checked by now
        if host and host != self.own_host and "." in host:
            site = DossierSite.objects.filter(host=host).first()
            if site is not None:
                request.dossier_site = site
                request.urlconf = "stadskennis.dossiers.host_urls"
        return self.get_response(request)
