"""Two login limits: one account from one address, and one address over all accounts.

django-axes compares one failure limit with the failures of each of its lockout groups. The pair of
account and address (settings.AXES_LOCKOUT_PARAMETERS) gets the low limit, AXES_FAILURE_LIMIT: an
attacker elsewhere cannot lock the real user out. Password spraying (a few guesses at each of many
accounts) never reaches that limit for any pair, so the address alone has a higher one,
AXES_ADDRESS_FAILURE_LIMIT: high enough for the colleagues of one city hall behind one address, low
enough to stop a sprayer. A successful login clears only its own pair, so a sprayer cannot reset
the count of the address by logging in to an account of their own.
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Sum


class LoginLimitHandler(AxesDatabaseHandler):
    """settings.AXES_HANDLER: axes' database handler with the per-address limit added."""

    def address_failures(self, request) -> int:
        attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0

    def address_locked(self, request) -> bool:
        return self.address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or self.address_locked(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        # The failure that reaches the address limit already answers "too many attempts".
        if request is not None and not getattr(request, "axes_locked_out", False):
            if self.address_locked(request):
                request.axes_locked_out = True
                request.axes_credentials = credentials
                user_locked_out.send(
                    "axes",
                    request=request,
                    username=get_client_username(request, credentials),
                    ip_address=request.axes_ip_address,
                )
