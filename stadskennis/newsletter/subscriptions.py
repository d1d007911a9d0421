"""Subscriptions that respect the law and the reader.

An address is subscribed only by following the link mailed to it (double opt-in), within
NEWSLETTER_CONFIRM_HOURS, and each new request makes the links of older ones invalid. Signing up an
address that is already subscribed changes nothing about it (the form is public: nobody can change,
unconfirm or remove someone else's subscription); its owner is mailed where to manage it instead.
Every step is kept in the consent log (models.Consent). One click unsubscribes (RFC 8058).
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from stadskennis.mail.services import is_undeliverable
from stadskennis.newsletter.models import Consent, Subscriber

Status = Subscriber.Status
SALT = "newsletter-confirm"
RESEND_AFTER = timedelta(minutes=10)  # a second request in this time mails nothing more
MAILS_PER_DAY = 3  # confirmation mails to one address in a day, whoever asks, from wherever
NOTICE_AFTER = timedelta(hours=24)  # "you are already subscribed" at most once a day
PENDING_DAYS = 30  # a sign-up never confirmed is forgotten after this


class SubscriptionRefused(Exception):
    """A request that cannot be carried out; the message says why, in the user's language."""


def _words(subscriber: Subscriber) -> str:
    chosen = [str(Subscriber._meta.get_field(name).verbose_name) for name in ("monthly", "weekly")
              if getattr(subscriber, name)]  # fmt: skip
    themes = ", ".join(t.name for t in subscriber.themes.all())
    if themes:
        chosen.append(_("themes: %(themes)s") % {"themes": themes})
    return "; ".join(chosen)[:500]


def _log(subscriber: Subscriber, action: str, source: str) -> None:
    Consent.objects.create(
        subscriber=subscriber, action=action, source=source, preferences=_words(subscriber)
    )


def _mail_on_commit(task, subscriber: Subscriber) -> None:
    pk = subscriber.pk
    transaction.on_commit(lambda: task.enqueue(pk))


def _request_mark(subscriber: Subscriber) -> str:
    """This address and this request, unreadable in a link or a log (a newer request or a
    confirmation ends it)."""
    at = subscriber.confirm_requested_at.isoformat() if subscriber.confirm_requested_at else ""
    return hashlib.sha256(f"{subscriber.email}|{at}|{subscriber.token}".encode()).hexdigest()[:32]


def confirmation_token(subscriber: Subscriber) -> str:
    return signing.dumps({"s": subscriber.pk, "r": _request_mark(subscriber)}, salt=SALT)


def confirmation_for(token: str) -> Subscriber:
    """The subscription a confirmation link is for, while the link works; else why not."""
    invalid = _("This link is not valid. Sign up again: we mail you a new one.")
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.NEWSLETTER_CONFIRM_HOURS * 3600)
    except signing.SignatureExpired as expired:
        raise SubscriptionRefused(
            _("This link has expired. Sign up again: we mail you a new one.")
        ) from expired
    except signing.BadSignature as bad:
        raise SubscriptionRefused(invalid) from bad
    subscriber = Subscriber.objects.filter(pk=data.get("s") if isinstance(data, dict) else None).first()
    if subscriber is None:
        raise SubscriptionRefused(invalid)
    if subscriber.confirm_requested_at is None or _request_mark(subscriber) != data.get("r"):
        if subscriber.status == Status.CONFIRMED:
            return subscriber  # a second click on the same link
        raise SubscriptionRefused(
            _("This link no longer works: use the link in the last mail, or sign up again.")
        )
    return subscriber


def subscribe_request(*, email: str, monthly: bool, weekly: bool, themes=()) -> Subscriber:
    """The public form. A new, unconfirmed or unsubscribed address gets a confirmation link (not more
    than every RESEND_AFTER, nor MAILS_PER_DAY times a day); a subscribed one stays exactly as it is,
    and its owner is told (at most daily) where to manage it."""
    from stadskennis.newsletter.tasks import send_already_subscribed, send_confirmation

    email = email.strip().lower()
    if len(email) > Subscriber._meta.get_field("email").max_length:
        raise SubscriptionRefused(_("This email address is too long."))
    if is_undeliverable(email):
        raise SubscriptionRefused(
            _("Mail to this address did not arrive before. Check the address, or use another one.")
        )
    if not (monthly or weekly):
        raise SubscriptionRefused(_("Choose the monthly newsletter, the weekly spotlight, or both."))
    now = timezone.now()
    with transaction.atomic():
        subscriber = _locked_or_new(email)
        if subscriber.status == Status.CONFIRMED:
            if subscriber.notified_at is None or subscriber.notified_at < now - NOTICE_AFTER:
                subscriber.notified_at = now
                subscriber.save(update_fields=["notified_at"])
                _mail_on_commit(send_already_subscribed, subscriber)
            return subscriber
        if not _may_mail(subscriber, now):
            return subscriber  # the link already on its way stays the one to follow
        subscriber.monthly, subscriber.weekly, subscriber.confirm_requested_at = monthly, weekly, now
        subscriber.save()
        subscriber.themes.set(themes)
        _log(subscriber, Consent.Action.REQUESTED, Consent.Source.FORM)
        _mail_on_commit(send_confirmation, subscriber)
    return subscriber


def _may_mail(subscriber: Subscriber, now) -> bool:
    """Counts a confirmation mail to this address, if one may go now."""
    if subscriber.confirm_requested_at and subscriber.confirm_requested_at > now - RESEND_AFTER:
        return False
    if subscriber.mails_since is None or subscriber.mails_since < now - timedelta(days=1):
        subscriber.mails_since, subscriber.mails_count = now, 0
    if subscriber.mails_count >= MAILS_PER_DAY:
        return False
    subscriber.mails_count += 1
    return True


def _locked_or_new(email: str) -> Subscriber:
    found = Subscriber.objects.select_for_update().filter(email=email).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Subscriber.objects.create(email=email)
    except IntegrityError:  # the same address, signed up at the same moment
        return Subscriber.objects.select_for_update().get(email=email)


def confirm(*, token: str) -> Subscriber:
    """The link in the confirmation mail was followed: the address is subscribed."""
    from stadskennis.newsletter.tasks import send_welcome

    with transaction.atomic():
        subscriber = confirmation_for(token)
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status == Status.CONFIRMED:
            return subscriber
        subscriber.status, subscriber.confirmed_at = Status.CONFIRMED, timezone.now()
        subscriber.confirm_requested_at = subscriber.unsubscribed_at = None
        subscriber.save()
        _log(subscriber, Consent.Action.CONFIRMED, Consent.Source.LINK)
        _mail_on_commit(send_welcome, subscriber)
    return subscriber


def preferences_change(
    *, subscriber: Subscriber, monthly: bool, weekly: bool, themes=(), source: str
) -> Subscriber:
    """On the subscription's own page (or a member's): what is received. Neither is unsubscribing."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if not (monthly or weekly):
            return _unsubscribe(subscriber, source)
        subscriber.monthly, subscriber.weekly = monthly, weekly
        subscriber.save(update_fields=["monthly", "weekly"])
        subscriber.themes.set(themes)
        _log(subscriber, Consent.Action.CHANGED, source)
    return subscriber


def unsubscribe(
    *, subscriber: Subscriber, source: str, issue_id: int | None = None, weekly_only: bool = False
) -> Subscriber:
    """One click, from the mail program or the page; a second time changes nothing. From the link in
    a mailing, the unsubscribe counts against it; from the weekly spotlight's, it stops that one
    only, and whoever also reads the monthly newsletter keeps it."""
    from stadskennis.newsletter.sending import unsubscribed_through

    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status != Status.UNSUBSCRIBED:
            unsubscribed_through(subscriber, issue_id)
        if weekly_only and subscriber.status == Status.CONFIRMED and subscriber.monthly:
            if subscriber.weekly:
                subscriber.weekly = False
                subscriber.save(update_fields=["weekly"])
                _log(subscriber, Consent.Action.CHANGED, source)
            return subscriber
        return _unsubscribe(subscriber, source)


def _unsubscribe(subscriber: Subscriber, source: str) -> Subscriber:
    if subscriber.status == Status.UNSUBSCRIBED:
        return subscriber
    subscriber.status, subscriber.unsubscribed_at = Status.UNSUBSCRIBED, timezone.now()
    subscriber.confirm_requested_at = None  # an old confirmation link no longer subscribes again
    subscriber.save(update_fields=["status", "unsubscribed_at", "confirm_requested_at"])
    _log(subscriber, Consent.Action.UNSUBSCRIBED, source)
    return subscriber


def member_subscribe(*, user, monthly: bool, weekly: bool, themes=()) -> Subscriber | None:
    """A member on their own page subscribes the address of their account, which their login shows
    is theirs: no link to follow. A row linked to an older address of theirs lets go of them."""
    email = user.email.strip().lower()
    with transaction.atomic():
        Subscriber.objects.filter(user=user).exclude(email=email).update(user=None)
        subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
        if not (monthly or weekly):
            return _unsubscribe(subscriber, Consent.Source.PROFILE) if subscriber else None
        subscriber = subscriber or _locked_or_new(email)
        confirming = subscriber.status != Status.CONFIRMED
        subscriber.user, subscriber.monthly, subscriber.weekly = user, monthly, weekly
        if confirming:
            subscriber.status, subscriber.confirmed_at = Status.CONFIRMED, timezone.now()
            subscriber.confirm_requested_at = subscriber.unsubscribed_at = None
        subscriber.save()
        subscriber.themes.set(themes)
        _log(
            subscriber,
            Consent.Action.CONFIRMED if confirming else Consent.Action.CHANGED,
            Consent.Source.PROFILE,
        )
    return subscriber


def erase(*, subscriber: Subscriber) -> None:
    """The address and its history, gone (the person asked, or erasure of their account)."""
    Subscriber.objects.filter(pk=subscriber.pk).delete()


def subscription_of(user) -> Subscriber | None:
    """The subscription with the address of `user`'s account."""
    if not (user and user.is_authenticated):
        return None
    return Subscriber.objects.filter(email=user.email.strip().lower()).first()


def _rows_of(addresses: set[str], user):
    """Every subscription of a person: by one of their addresses, or linked to their account."""
    return Subscriber.objects.filter(
        Q(email__in=addresses) | Q(user=user) if user else Q(email__in=addresses)
    )


def pending_forget() -> int:
    """Housekeeping: a sign-up nobody confirmed in PENDING_DAYS is forgotten (an address someone else
    may have typed is not kept)."""
    before = timezone.now() - timedelta(days=PENDING_DAYS)
    deleted, _counts = Subscriber.objects.filter(status=Status.PENDING, created_at__lt=before).delete()
    return deleted


def list_unsubscribe_headers(subscriber: Subscriber) -> dict[str, str]:
    """RFC 8058: the mail program's own "unsubscribe" posts to this address, without cookies."""
    url = settings.SITE_URL.rstrip("/") + subscriber.unsubscribe_url
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def address_data_export(addresses: set[str], user) -> dict:
    return {"newsletter": [subscription_export(s) for s in _rows_of(addresses, user)]}


def subscription_export(subscriber: Subscriber) -> dict:
    return {
        "email": subscriber.email,
        "status": subscriber.status,
        "monthly": subscriber.monthly,
        "weekly": subscriber.weekly,
        "themes": [t.name for t in subscriber.themes.all()],
        "consents": [
            {"action": c.action, "source": c.source, "preferences": c.preferences, "at": c.at.isoformat()}
            for c in subscriber.consents.all()
        ],
        "deliveries": [
            {
                "issue": d.issue.number,
                "kind": d.issue.kind,
                "status": d.status,
                "sent_at": d.sent_at.isoformat() if d.sent_at else None,
                "bounced": d.bounced_at is not None,
                "unsubscribed_through_it": d.unsubscribed_at is not None,
            }
            for d in subscriber.deliveries.select_related("issue").order_by("issue__number")
        ],
    }


def address_data_erase(addresses: set[str], user) -> None:
    _rows_of(addresses, user).delete()
