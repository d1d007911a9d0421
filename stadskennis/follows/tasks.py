"""The digest run: one mail per member with something new; one refused address stops nobody else."""

from __future__ import annotations

import logging
from smtplib import SMTPException

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from stadskennis.follows import services
from stadskennis.follows.models import DigestPreference

logger = logging.getLogger(__name__)


@task()
def send_digests(frequency: str) -> dict[str, int]:
    counts = {"sent": 0, "empty": 0, "failed": 0}
    site = settings.SITE_URL.rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        for preference in services.due_preferences(frequency):
            user = preference.user
            now = timezone.now()
            since = preference.last_sent_at or (now - services.PERIOD[frequency])
            digest = services.digest_for(user, since=since)
            if digest.is_empty:
                counts["empty"] += 1
                DigestPreference.objects.filter(pk=preference.pk).update(last_sent_at=now)
                continue
            unsubscribe = site + reverse(
                "follows:unsubscribe", kwargs={"token": services.unsubscribe_token(user)}
            )
            context = {"user": user, "digest": digest, "site": site, "unsubscribe": unsubscribe,
                       "frequency": preference.get_frequency_display()}  # fmt: skip
            message = EmailMultiAlternatives(
                subject=_("What is new in what you follow on Stadskennis"),
                body=render_to_string("follows/email/digest.txt", context),
                to=[user.email],
                headers={
                    "List-Unsubscribe": f"<{unsubscribe}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
            message.attach_alternative(render_to_string("follows/email/digest.html", context), "text/html")
            try:
                validate_email(user.email)
                message.send()
            except (SMTPException, OSError, ValueError, ValidationError) as error:
                counts["failed"] += 1
                logger.warning("digest not delivered", extra={"user": user.pk, "error": str(error)[:200]})
                continue
            counts["sent"] += 1
            DigestPreference.objects.filter(pk=preference.pk).update(last_sent_at=now)
    return counts
