"""Mail is sent by the worker, never inside a web request: a slow mail server slows nobody down."""

from __future__ import annotations

from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email(subject: str, body: str, recipients: list[str]) -> int:
    return send_mail(subject=subject, message=body, from_email=None, recipient_list=recipients)
