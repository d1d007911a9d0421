"""Account writes: invitations and their acceptance."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from stadskennis.accounts.models import ApiToken, Invitation, User
from stadskennis.core.models import AuditEntry, Organisation
from stadskennis.core.services import audit_record
from stadskennis.core.tasks import send_email


class InvitationError(Exception):
    pass


def invitation_create(*, email: str, organisation: Organisation, role: str, invited_by: User) -> Invitation:
    """Create an invitation and queue the mail with its link, in one transaction."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise InvitationError(_("There is already an account with this email address."))
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            email=email,
            organisation=organisation,
            role=role,
            invited_by=invited_by,
            token_hash=Invitation.hash_token(token),
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        audit_record(
            actor=invited_by,
            action=AuditEntry.Action.INVITE,
            obj=invitation,
            changes={"organisation": organisation, "role": role},
        )
        link = settings.SITE_URL.rstrip("/") + reverse("accounts:accept", kwargs={"token": token})
        context = {"invitation": invitation, "link": link, "days": settings.INVITATION_VALID_DAYS}
        # The worker sends it, like every other mail: a slow mail server never holds up the page, and
        # the task is committed with the invitation or not at all.
        send_email.enqueue(
            str(_("Invitation to Stadskennis")),
            render_to_string("accounts/email/invitation.txt", context),
            [email],
        )
    return invitation


def invitation_find_open(*, token: str) -> Invitation | None:
    invitation = Invitation.objects.filter(token_hash=Invitation.hash_token(token)).first()
    return invitation if invitation and invitation.is_open else None


@transaction.atomic
def invitation_accept(*, invitation: Invitation, full_name: str, password: str) -> User:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise InvitationError(_("This invitation has already been used or has expired."))
    user = User.objects.create_user(
        invitation.email,
        password,
        full_name=full_name,
        organisation=invitation.organisation,
        role=invitation.role,
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit_record(actor=user, action=AuditEntry.Action.CREATE, obj=user)
    return user


# When a key was last used is kept to the minute: a keyed read is not also a write every time.
API_TOKEN_USE_RESOLUTION = timedelta(minutes=1)


def api_token_used(*, token: ApiToken) -> None:
    """Note that `token` was just used, unless that was already noted less than a minute ago."""
    now = timezone.now()
    stale = now - API_TOKEN_USE_RESOLUTION
    if token.last_used_at is not None and token.last_used_at > stale:
        return
    # Conditional, so two requests at once with the same key write once.
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lte=stale)
    ).update(last_used_at=now)


@transaction.atomic
def user_password_set(*, user: User, password: str | None) -> User:
    """Give `user` a new password (None: no password works any more) and revoke every API key of
    theirs: a key made by whoever knew the old password must not outlive it."""
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save(update_fields=["password"])
    user.api_tokens.all().delete()
    return user
