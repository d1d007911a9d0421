"""The GDPR rights of a person in the network: access (a JSON export), erasure, and the review of
people without activity. The register entry is docs/gdpr.md."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from stadskennis.accounts.models import Role, User
from stadskennis.core.models import AuditEntry
from stadskennis.core.outbox import record_change
from stadskennis.core.services import audit_record
from stadskennis.core.tasks import send_email
from stadskennis.knowledge import selectors as knowledge_selectors
from stadskennis.network.models import ActionPoint, Person, Submission


def _iso(value):
    return value.isoformat() if value else None


@dataclass(frozen=True)
class AccountData:
    """Personal data a module above the Netwerk keeps per account (follows, the digest choice):
    `export(user)` gives its part of the GDPR export, `erase(user)` removes it on erasure."""

    export: Callable[[User], dict]
    erase: Callable[[User], None]


ACCOUNT_DATA: list[AccountData] = []


def register_account_data(holder: AccountData) -> None:
    ACCOUNT_DATA.append(holder)


@dataclass(frozen=True)
class AddressData:
    """Personal data a module above the Netwerk keeps per email address, whether or not an account has
    it (the newsletter's subscribers): `export(addresses, user)` and `erase(addresses, user)` get the
    person's addresses (theirs and their account's) and their account, or None."""

    export: Callable[[set[str], User | None], dict]
    erase: Callable[[set[str], User | None], None]


ADDRESS_DATA: list[AddressData] = []


def register_address_data(holder: AddressData) -> None:
    ADDRESS_DATA.append(holder)


def _addresses(person: Person) -> set[str]:
    user = person.user
    return {a.strip().lower() for a in (person.email, user.email if user else "") if a}


def person_data_export(person: Person) -> dict:
    """Everything the platform holds on a person (GDPR art. 15), as one JSON-ready dict."""
    user = person.user
    data = {
        "exported_at": timezone.now().isoformat(),
        "person": {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "phone": person.phone,
            "function": person.function,
            "organisation": person.organisation.name,
            "department": person.department,
            "themes": [t.name for t in person.themes.all()],
            "expertise": person.expertise,
            "photo": bool(person.photo),
            "legal_basis": person.legal_basis,
            "consent_given_at": _iso(person.consent_given_at),
            "informed_at": _iso(person.informed_at),
            "created_at": _iso(person.created_at),
            "updated_at": _iso(person.updated_at),
            "last_active_at": _iso(person.last_active_at),
            "erasure_requested_at": _iso(person.erasure_requested_at),
        },
        "account": None,
        "contact_for_items": [
            {"id": i.pk, "title": i.title}
            for i in knowledge_selectors.items_with_contact(user=None, person=person)
        ],
        "workgroups": [{"key": g.key, "name": g.name} for g in person.workgroups.alive()],
        "meetings_attended": [
            {"meeting": str(m), "workgroup": m.workgroup.name} for m in person.meetings_attended.all()
        ],
        "homework_submitted": [
            {"assignment": s.assignment.title, "submitted_at": _iso(s.submitted_at), "text": s.text}
            for s in Submission.objects.alive().filter(submitted_by=person).select_related("assignment")
        ],
        "action_points": [
            {"text": a.text, "due_date": _iso(a.due_date), "done_at": _iso(a.done_at)}
            for a in ActionPoint.objects.filter(owner_person=person)
        ],
        "audit_log": [],
    }
    for holder in ADDRESS_DATA:
        data.update(holder.export(_addresses(person), user))
    if user is not None:
        data["account"] = {
            "email": user.email,
            "name": user.full_name,
            "organisation": str(user.organisation or ""),
            "role": user.role,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        }
        for holder in ACCOUNT_DATA:
            data.update(holder.export(user))
        data["audit_log"] = [
            {"at": _iso(e.created_at), "action": e.action, "object": e.object_repr}
            for e in AuditEntry.objects.filter(actor=user).order_by("created_at")
        ]
    return data


@transaction.atomic
def erasure_request(*, person: Person, actor) -> Person:
    """The person asks to be erased; editors are told by email and carry it out from the review page."""
    if person.erasure_requested_at is None:
        person.erasure_requested_at = timezone.now()
        person.save(update_fields=["erasure_requested_at", "updated_at"])
        audit_record(
            actor=actor, action=AuditEntry.Action.UPDATE, obj=person, changes={"erasure": "requested"}
        )
        editors = list(
            User.objects.filter(is_active=True, role__in=[Role.EDITOR, Role.ADMINISTRATOR])
            .order_by("email")
            .values_list("email", flat=True)
        )
        if editors:
            link = settings.SITE_URL.rstrip("/") + reverse("network:privacy_review")
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("Request for erasure of personal data")
                body = _(
                    "%(name)s (%(organisation)s) asks to be erased from Stadskennis. Review: %(link)s"
                ) % {"name": person.full_name, "organisation": person.organisation.name, "link": link}
            send_email.enqueue(subject, body, editors)  # the task row commits with the request
    return person


def _scrubber(names: set[str], replacement: str):
    """A function that replaces the person's name and addresses in a string, or in JSON of lists
    and dicts.

    Full names and email addresses are specific enough to replace inside longer text ("Greet
    Peeters → Leegstand"); a single word (an account named "Greet") only where it is the whole value.
    """
    exact = {n.casefold() for n in names}
    within = re.compile("|".join(re.escape(n) for n in names if " " in n or "@" in n) or "(?!)", re.I)

    def scrub(value):
        if isinstance(value, dict):
            return {key: scrub(v) for key, v in value.items()}
        if isinstance(value, list):
            return [scrub(v) for v in value]
        if not isinstance(value, str):
            return value
        if value.strip().casefold() in exact:
            return replacement
        return within.sub(replacement, value)

    return scrub


def _scrub_audit_log(*, person: Person, user, names: set[str], replacement: str) -> None:
    """Take the person out of the audit log.

    Entries about them or their account lose their details; any other entry that names them (an
    item's contacts, a workgroup's members) keeps the change, with the anonymous name instead.
    """
    own = Q(content_type=ContentType.objects.get_for_model(Person), object_id=str(person.pk))
    if user is not None:
        own |= Q(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk))
    AuditEntry.objects.filter(own).update(object_repr=replacement[:300], changes={})
    names = {n.strip() for n in names if n and n.strip()}
    if not names:
        return
    mentions = Q()
    for name in names:
        # JSON text may hold "ë" as "\u00eb" (SQLite) or as itself (PostgreSQL): look for both.
        mentions |= Q(object_repr__icontains=name) | Q(changes__icontains=name)
        mentions |= Q(changes__icontains=json.dumps(name)[1:-1])
    scrub = _scrubber(names, replacement)
    for entry in AuditEntry.objects.filter(mentions).exclude(own).only("object_repr", "changes"):
        object_repr, changes = scrub(entry.object_repr)[:300], scrub(entry.changes)
        if object_repr != entry.object_repr or changes != entry.changes:
            AuditEntry.objects.filter(pk=entry.pk).update(object_repr=object_repr, changes=changes)


def locked_for_erasure(pk: int) -> Person:
    """The person, locked against a second erasure or edit. FOR NO KEY UPDATE: the key does not
    change, so a row that refers to the person (an event's speaker, written under the event's lock
    while the erasure waits for that same lock to cancel registrations) is not blocked, and the two
    cannot deadlock."""
    return (
        Person.objects.select_for_update(of=("self",), no_key=True)
        .select_related("organisation", "user")
        .get(pk=pk)
    )


@transaction.atomic
def person_erase(*, person: Person, actor) -> Person:
    """Remove the personal data, keep the knowledge (GDPR art. 17).

    The person record stays as "a person of <organisation>", so items they are the contact for,
    homework their organisation submitted and workgroup history still make sense.
    """
    person = locked_for_erasure(person.pk)
    user = person.user
    addresses = _addresses(person)
    names = {person.full_name, person.email}
    if user is not None:
        names |= {user.full_name, user.email}
    if person.photo:
        person.photo.delete(save=False)
    for field in ("first_name", "last_name", "email", "phone", "function", "department", "expertise"):
        setattr(person, field, "")
    for holder in ADDRESS_DATA:  # kept under an address, which is about to go
        holder.erase(addresses, user)
    person.photo = ""
    person.erased_at = timezone.now()
    person.save()
    person.themes.clear()
    if user is not None:
        # What they followed, their digest choice, their newsletter address are theirs alone; erased
        # while the account still has its address, which some of it is kept under.
        for holder in ACCOUNT_DATA:
            holder.erase(user)
        user.email = f"erased-{user.pk}@invalid.example"
        user.full_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        user.api_tokens.all().delete()
    _scrub_audit_log(person=person, user=user, names=names, replacement=person.full_name)
    audit_record(actor=actor, action=AuditEntry.Action.DELETE, obj=person, changes={"erasure": "done"})
    record_change(person)
    for item in knowledge_selectors.items_with_contact(user=None, person=person):
        record_change(item)
    return person


def inactive_people(*, years: int | None = None):
    """People to review: no activity of their own, and no login, for `years` (docs/gdpr.md)."""
    years = settings.GDPR_INACTIVE_YEARS if years is None else years
    cutoff = timezone.now() - timedelta(days=365 * years)
    return (
        Person.objects.filter(erased_at__isnull=True, last_active_at__lt=cutoff)
        .filter(Q(user__isnull=True) | Q(user__last_login__isnull=True) | Q(user__last_login__lt=cutoff))
        .select_related("organisation", "user")
        .order_by("last_active_at")
    )


@transaction.atomic
def mark_active(*, person: Person, actor) -> None:
    Person.objects.filter(pk=person.pk).update(last_active_at=timezone.now())
    audit_record(
        actor=actor, action=AuditEntry.Action.UPDATE, obj=person, changes={"reviewed": "still active"}
    )
