"""Subscriptions that respect the law and the reader.

An address is subscribed only by following the link mailed to it (double opt-in), within
NEWSLETTER_CONFIRM_HOURS, and each new request makes the links of older ones invalid. Signing up an
address that is already subscribed changes nothing about it (the form is public: nobody can change,
unconfirm or remove someone else's subscription); its owner is mailed where to manage it instead.
Every step is kept in the consent log (models.Consent). One click unsubscribes (RFC 8058).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stadskennis.mail.services import is_undeliverable
from stadskennis.newsletter.models import Consent, Subscriber

Status = Subscriber.Status
SALT = "newsletter-confirm"
RESEND_AFTER = timedelta(minutes=10)  # a second request in this time mails nothing more
NOTICE_AFTER = timedelta(hours=24)  # "you are already subscribed" at most once a day


class SubscriptionRefused(Exception):
    """A request that cannot be carried out; the message says why, in the user's language."""


def _words(subscriber: Subscriber) -> str:
    chosen = [str(Subscriber._meta.get_field(name).verbose_name) for name in ("monthly", "weekly")
              if getattr(subscriber, name)]  # fmt: skip
    themes = ", ".join(t.name for t in subscriber.themes.all())
    return "; ".join(chosen + ([f"{_('themes')}: {themes}"] if themes else []))[:500]


def _log(subscriber: Subscriber, action: str, source: str) -> None:
    Consent.objects.create(
        subscriber=subscriber, action=action, source=source, preferences=_words(subscriber)
    )


def _mail_on_commit(task, subscriber: Subscriber) -> None:
    pk = subscriber.pk
    transaction.on_commit(lambda: task.enqueue(pk))


def confirmation_token(subscriber: Subscriber) -> str:
    """The link's proof: this address, this request (a newer request or a confirmation ends it)."""
    return signing.dumps(
        {"s": subscriber.pk, "e": subscriber.email, "at": subscriber.confirm_requested_at.isoformat()},
        salt=SALT,
    )


def subscribe_request(*, email: str, monthly: bool, weekly: bool, themes=()) -> Subscriber:
    """The public form. A new or unsubscribed address gets a confirmation link; an unconfirmed one its
    preferences and (not more than every RESEND_AFTER) a new link; a subscribed one stays exactly as
    it is, and its owner is told (at most daily) where to manage it."""
    from stadskennis.newsletter.tasks import send_already_subscribed, send_confirmation

    email = email.strip().lower()
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
        subscriber.monthly, subscriber.weekly = monthly, weekly
        recent = subscriber.confirm_requested_at and subscriber.confirm_requested_at > now - RESEND_AFTER
        if not recent:
            subscriber.confirm_requested_at = now
        subscriber.save()
        subscriber.themes.set(themes)
        _log(subscriber, Consent.Action.REQUESTED, Consent.Source.FORM)
        if not recent:
            _mail_on_commit(send_confirmation, subscriber)
    return subscriber


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

    try:
        data = signing.loads(token, salt=SALT, max_age=settings.NEWSLETTER_CONFIRM_HOURS * 3600)
    except signing.SignatureExpired as expired:
        raise SubscriptionRefused(
            _("This link has expired. Sign up again: we mail you a new one.")
        ) from expired
    except signing.BadSignature as bad:
        raise SubscriptionRefused(_("This link is not valid. Sign up again: we mail you a new one.")) from bad
    with transaction.atomic():
        subscriber = (
            Subscriber.objects.select_for_update().filter(pk=data.get("s"), email=data.get("e")).first()
        )
        if subscriber is None:
            raise SubscriptionRefused(_("This link is not valid. Sign up again: we mail you a new one."))
        requested = subscriber.confirm_requested_at
        if requested is None or requested.isoformat() != data.get("at"):
            if subscriber.status == Status.CONFIRMED:
                return subscriber  # a second click on the same link
            raise SubscriptionRefused(
                _("This link was replaced by a newer one: use the link in the last mail.")
            )
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


def unsubscribe(*, subscriber: Subscriber, source: str) -> Subscriber:
    """One click, from the mail program or the page; a second time changes nothing."""
    with transaction.atomic():
        return _unsubscribe(Subscriber.objects.select_for_update().get(pk=subscriber.pk), source)


def _unsubscribe(subscriber: Subscriber, source: str) -> Subscriber:
    if subscriber.status == Status.UNSUBSCRIBED:
        return subscriber
    subscriber.status, subscriber.unsubscribed_at = Status.UNSUBSCRIBED, timezone.now()
    subscriber.confirm_requested_at = None  # an old confirmation link no longer subscribes again
    subscriber.save(update_fields=["status", "unsubscribed_at", "confirm_requested_at"])
    _log(subscriber, Consent.Action.UNSUBSCRIBED, source)
    return subscriber


def member_subscribe(*, user, monthly: bool, weekly: bool, themes=()) -> Subscriber:
    """A member on their own page subscribes the address of their account, which their login shows
    is theirs: no link to follow."""
    email = user.email.strip().lower()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(user=user).first() or _locked_or_new(email)
        if not (monthly or weekly):
            subscriber.user = user
            subscriber.save(update_fields=["user"])
            return _unsubscribe(subscriber, Consent.Source.PROFILE)
        subscriber.user, subscriber.monthly, subscriber.weekly = user, monthly, weekly
        if subscriber.status != Status.CONFIRMED:
            subscriber.status, subscriber.confirmed_at = Status.CONFIRMED, timezone.now()
            subscriber.confirm_requested_at = subscriber.unsubscribed_at = None
        subscriber.save()
        subscriber.themes.set(themes)
        _log(subscriber, Consent.Action.CHANGED if subscriber.consents.exists() else Consent.Action.CONFIRMED,
             Consent.Source.PROFILE)  # fmt: skip
    return subscriber


def erase(*, subscriber: Subscriber) -> None:
    """The address and its history, gone (the person asked, or erasure of their account)."""
    Subscriber.objects.filter(pk=subscriber.pk).delete()


def subscription_of(user) -> Subscriber | None:
    if not (user and user.is_authenticated):
        return None
    return (
        Subscriber.objects.filter(user=user).first()
        or Subscriber.objects.filter(email=user.email.strip().lower()).first()
    )


def list_unsubscribe_headers(subscriber: Subscriber) -> dict[str, str]:
    """RFC 8058: the mail program's own "unsubscribe" posts to this address, without cookies."""
    url = settings.SITE_URL.rstrip("/") + subscriber.unsubscribe_url
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def account_data_export(user) -> dict:
    subscriber = subscription_of(user)
    if subscriber is None:
        return {"newsletter": None}
    return {
        "newsletter": {
            "email": subscriber.email,
            "status": subscriber.status,
            "monthly": subscriber.monthly,
            "weekly": subscriber.weekly,
            "themes": [t.name for t in subscriber.themes.all()],
            "consents": [
                {"action": c.action, "source": c.source, "preferences": c.preferences, "at": c.at.isoformat()}
                for c in subscriber.consents.all()
            ],
        }
    }


def account_data_erase(user) -> None:
    subscriber = subscription_of(user)
    if subscriber is not None:
        erase(subscriber=subscriber)
