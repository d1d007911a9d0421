"""Request logging, the interface language, the security headers Django does not set, and the NUL
character no database layer may see."""

import logging
import secrets
import time

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_cache_control

request_logger = logging.getLogger("stadskennis.requests")


class RequestLogMiddleware:
    """One structured log line per request: method, path, status and server time."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        request_logger.info(
            "%s %s %s %sms",
            request.method,
            request.path,
            response.status_code,
            duration_ms,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
            },
        )
        return response


class LanguageMiddleware:
    """Dutch unless the person chose English with the language switch.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: the platform is
    Flemish first, and a city official on an English browser still gets the Dutch interface.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.codes = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.codes else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        translation.deactivate()
        return response


# Scripts and styles from this host only; a page that needs an inline script gives it the response's
# nonce (`<script nonce="{{ csp_nonce }}">`). data: images are the icons inside the API docs' CSS.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self' 'nonce-{nonce}'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


class ContentSecurityPolicyMiddleware:
    """A Content-Security-Policy on every response, with a new nonce for each (`request.csp_nonce`,
    in templates `csp_nonce`: the names Django 6's own CSP support uses)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(18)
        response = self.get_response(request)
        if "Content-Security-Policy" not in response.headers:
            response.headers["Content-Security-Policy"] = "; ".join(
                f"{name} {value.format(nonce=request.csp_nonce)}"
                for name, value in CONTENT_SECURITY_POLICY.items()
            )
        return response


class PrivateResponsesMiddleware:
    """What is made for a signed-in person is stored by no cache: a new API key, the profile,
    contact details (personal data is for members only, DESIGN.md §4). A view that chose its own
    Cache-Control (a public attachment) keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response.headers:
            patch_cache_control(response, private=True, no_store=True)
        return response


def nul_at(value) -> str | None:
    """The place (a parameter or a JSON field, dotted) of the first NUL character in `value`; walked
    with a list, not recursion, so no nesting makes it fail."""
    todo = [("", value)]
    while todo:
        path, value = todo.pop()
        if isinstance(value, str):
            if "\x00" in value:
                return path
            continue
        if isinstance(value, dict):
            items = value.items()
        elif isinstance(value, list):
            items = enumerate(value)
        else:
            continue
        for key, inner in items:
            here = f"{path}.{key}" if path else str(key)
            if "\x00" in str(key):
                return here
            todo.append((here, inner))
    return None


class NulCharacterMiddleware:
    """A NUL character in an address or its parameters is refused before any view reads it: PostgreSQL
    can neither store nor compare it (a 500 otherwise), and no person types one. Forms refuse it
    themselves (Django's CharField does), and the API's JSON bodies are checked by its parser once the
    key is (api/parser.py), so no anonymous body is walked here. Pages answer 400, the API 422."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        field = "path" if "\x00" in request.path else None
        field = field or nul_at({key: request.GET.getlist(key) for key in request.GET})
        is_api = request.path.startswith("/api/")
        if field is None:
            return self.get_response(request)
        field = field.rsplit(".", 1)[0] if field.rsplit(".", 1)[-1].isdigit() else field  # "q", not "q.0"
        message = translation.gettext("“%(field)s” contains a character that is not allowed (NUL).") % {
            "field": field
        }
        if is_api:
            return JsonResponse(
                {"detail": message, "errors": [{"field": field, "message": message}]}, status=422
            )
        return render(request, "400.html", {"message": message}, status=400)
