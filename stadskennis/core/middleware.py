"""Request logging and the interface language."""

import logging
import time

from django.conf import settings
from django.utils import translation

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
