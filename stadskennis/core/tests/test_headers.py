"""Security headers: the Content-Security-Policy, no-store on personal pages, /healthz over HTTP."""

from __future__ import annotations

import importlib
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.template import engines
from django.test import Client
from django.urls import reverse

from stadskennis.core.middleware import ContentSecurityPolicyMiddleware
from stadskennis.network.models import Person

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {name: values for name, *values in directives}


def nonce_of(response) -> str:
    (nonce,) = [v[len("'nonce-") : -1] for v in policy(response)["script-src"] if v.startswith("'nonce-")]
    return nonce


@pytest.mark.parametrize(
    "path", ["/", "/kennisbank/", "/zoeken/?q=armoede", "/account/aanmelden/", "/api/docs", "/admin/login/"]
)
def test_every_page_has_a_policy_without_unsafe_inline_scripts(client, path):
    response = client.get(path)
    assert response.status_code == 200
    directives = policy(response)
    assert directives["script-src"][0] == "'self'"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in directives["style-src"]


def test_the_nonce_is_new_for_every_response_and_is_the_one_templates_get(client, rf):
    first, second = client.get("/"), client.get("/")
    assert nonce_of(first) != nonce_of(second)
    assert len(nonce_of(first)) >= 22  # 128 bits or more

    # A template's inline script carries the response's nonce
    template = engines["django"].from_string('<script nonce="{{ csp_nonce }}">ok()</script>')

    def view(request):
        return HttpResponse(template.render({}, request))

    request = rf.get("/")
    request.user = AnonymousUser()
    response = ContentSecurityPolicyMiddleware(view)(request)
    (inline,) = re.findall(r'<script nonce="([^"]+)">', response.content.decode())
    assert inline == nonce_of(response)


def test_no_page_has_a_script_the_policy_would_block(client_for, cast):
    """Every <script> on these pages comes from this host or carries the response's nonce; data
    blocks (type="application/json") are not run and need neither."""
    pages = {
        None: ["/", "/kennisbank/", "/zoeken/?q=armoede", "/account/aanmelden/", "/api/docs"],
        cast["member"]: [reverse("home:start"), reverse("accounts:profile"), reverse("network:people")],
        cast["administrator"]: ["/admin/", "/admin/knowledge/knowledgeitem/add/"],
    }
    for user, paths in pages.items():
        client = client_for(user)
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            html, nonce = response.content.decode(), nonce_of(response)
            for tag in re.findall(r"<script\b[^>]*>", html):
                if 'type="application/json"' in tag:
                    continue
                src = re.search(r'\bsrc="([^"]*)"', tag)
                assert (src and src.group(1).startswith("/")) or f'nonce="{nonce}"' in tag, (path, tag)
            assert not re.search(r"\son[a-z]+=", html), path  # no inline event handlers


def test_the_api_docs_load_everything_from_this_host(client):
    html = client.get("/api/docs").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert all(a.startswith("/") and not a.startswith("//") for a in assets), assets


def test_a_new_api_key_is_never_stored_by_a_cache(client_for, cast):
    client = client_for(cast["member"])
    response = client.post(reverse("accounts:profile"), {"name": "Script"})
    assert response.status_code == 200
    assert response.context["new_key"] in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_pages_with_personal_data_are_never_stored_by_a_cache(client_for, cast, gent):
    person = Person.objects.create(
        first_name="Lien",
        last_name="Peeters",
        email="lien@gent.example",
        phone="09 123 45 67",
        organisation=gent,
        user=cast["member"],
    )
    client = client_for(cast["member"])
    for path in [
        reverse("accounts:profile"),
        reverse("network:person", args=[person.pk]),
        reverse("network:people"),
        reverse("network:person_edit", args=[person.pk]),  # "my entry"
        reverse("network:person_data", args=[person.pk]),  # the personal-data export
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"], path
    detail = client.get(reverse("network:person", args=[person.pk]))
    assert "lien@gent.example" in detail.content.decode()


def test_public_pages_for_visitors_stay_cacheable(client):
    assert "no-store" not in client.get("/kennisbank/").get("Cache-Control", "")


def test_healthz_answers_over_plain_http_with_production_settings(monkeypatch, settings):
    monkeypatch.setenv("SECRET_KEY", "s" * 64)
    production = importlib.import_module("config.django.production")
    settings.SECURE_SSL_REDIRECT = production.SECURE_SSL_REDIRECT
    settings.SECURE_REDIRECT_EXEMPT = production.SECURE_REDIRECT_EXEMPT
    settings.SECURE_PROXY_SSL_HEADER = production.SECURE_PROXY_SSL_HEADER
    assert settings.SECURE_SSL_REDIRECT is True
    client = Client()  # plain HTTP, as a load balancer asks

    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    # Every other page still goes to HTTPS
    home = client.get("/")
    assert home.status_code == 301 and home["Location"].startswith("https://")
    assert client.get("/healthzz").status_code == 301
