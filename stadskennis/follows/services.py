"""Following and the digest of what is new in what one follows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from stadskennis.follows.models import TARGETS, DigestPreference, Follow
from stadskennis.knowledge import selectors as knowledge_selectors
from stadskennis.network import selectors as network_selectors

PERIOD = {
    DigestPreference.Frequency.DAILY: timedelta(days=1),
    DigestPreference.Frequency.WEEKLY: timedelta(days=7),
}
UNSUBSCRIBE_SALT = "follows.unsubscribe"


def is_following(user, target_kind: str, target) -> bool:
    return user.is_authenticated and Follow.objects.filter(user=user, **{target_kind: target}).exists()


@transaction.atomic
def follow_set(*, user, target_kind: str, target, follow: bool) -> None:
    if target_kind not in TARGETS:
        raise ValueError(target_kind)
    if follow:
        Follow.objects.get_or_create(user=user, **{target_kind: target})
        DigestPreference.objects.get_or_create(user=user)
    else:
        Follow.objects.filter(user=user, **{target_kind: target}).delete()


def preference(user) -> DigestPreference:
    return DigestPreference.objects.get_or_create(user=user)[0]


def preference_save(*, form, actor) -> DigestPreference:
    """How often the digest of followed things comes, as the user chose on their page."""
    return form.save()


def unsubscribe_token(user) -> str:
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def unsubscribe(token: str) -> bool:
    """One click, no login: the signed token names the user. True when it was valid."""
    try:
        user_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return False
    # Only a member who follows something has a preference row; an account erased since the mail
    # was sent has none left, and the link must still answer calmly.
    DigestPreference.objects.filter(user_id=user_id).update(frequency=DigestPreference.Frequency.NONE)
    return True


@dataclass
class Digest:
    items: list = field(default_factory=list)
    meetings: list = field(default_factory=list)
    assignments: list = field(default_factory=list)
    people: list = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.items or self.meetings or self.assignments or self.people)


def digest_for(user, *, since: datetime) -> Digest:
    """What is new since `since` in what `user` follows, through the visibility model only."""
    follows = list(Follow.objects.filter(user=user))
    ids = {kind: [getattr(f, f"{kind}_id") for f in follows if getattr(f, f"{kind}_id")] for kind in TARGETS}
    digest = Digest()
    if any(ids[k] for k in ("theme", "organisation", "person")):
        digest.items = knowledge_selectors.items_changed_since(
            user=user,
            since=since,
            themes=ids["theme"],
            organisations=ids["organisation"],
            contacts=ids["person"],
        )
    if ids["workgroup"]:
        digest.meetings, digest.assignments = network_selectors.workgroup_news(
            user=user, workgroup_ids=ids["workgroup"], since=since
        )
    if ids["organisation"]:
        digest.people = network_selectors.people_added(organisation_ids=ids["organisation"], since=since)
    return digest


def due_preferences(frequency: str, *, now: datetime | None = None):
    now = now or timezone.now()
    cutoff = now - PERIOD[frequency] + timedelta(minutes=30)  # a cron run a little early still counts
    return (
        DigestPreference.objects.filter(frequency=frequency, user__is_active=True)
        .filter(Q(last_sent_at__isnull=True) | Q(last_sent_at__lte=cutoff))
        .select_related("user")
    )


def account_data_export(user) -> dict:
    """The follows part of a person's GDPR export."""
    return {
        "follows": [str(f.target) for f in Follow.objects.filter(user=user)],
        "digest": DigestPreference.objects.filter(user=user).values_list("frequency", flat=True).first(),
    }


def account_data_erase(user) -> None:
    """What someone followed and their digest choice are theirs alone: gone with their erasure."""
    Follow.objects.filter(user=user).delete()
    DigestPreference.objects.filter(user=user).delete()
