"""The GDPR rights of a person in the network: access (a JSON export), erasure, and the review of
people without activity. The register entry is docs/gdpr.md."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from stadskennis.accounts.models import Role, User
from stadskennis.core.models import AuditEntry
from stadskennis.core.services import audit_record
from stadskennis.knowledge.models import KnowledgeItem
from stadskennis.network.models import ActionPoint, Person, Submission
from stadskennis.search.index import index_object


def _iso(value):
    return value.isoformat() if value else None


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
            {"id": i.pk, "title": i.title} for i in KnowledgeItem.objects.alive().filter(contacts=person)
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
    if user is not None:
        data["account"] = {
            "email": user.email,
            "name": user.full_name,
            "organisation": str(user.organisation or ""),
            "role": user.role,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        }
        from stadskennis.follows.models import DigestPreference, Follow

        data["follows"] = [str(f.target) for f in Follow.objects.filter(user=user)]
        data["digest"] = (
            DigestPreference.objects.filter(user=user).values_list("frequency", flat=True).first()
        )
        data["audit_log"] = [
            {"at": _iso(e.created_at), "action": e.action, "object": e.object_repr}
            for e in AuditEntry.objects.filter(actor=user).order_by("created_at")
        ]
    return data


@transaction.atomic
def erasure_request(*, person: Person, actor) -> Person:
    """The person asks to be erased; editors are told and carry it out from the review page."""
    if person.erasure_requested_at is None:
        person.erasure_requested_at = timezone.now()
        person.save(update_fields=["erasure_requested_at", "updated_at"])
        audit_record(
            actor=actor, action=AuditEntry.Action.UPDATE, obj=person, changes={"erasure": "requested"}
        )
        editors = list(
            User.objects.filter(is_active=True, role__in=[Role.EDITOR, Role.ADMINISTRATOR]).values_list(
                "email", flat=True
            )
        )
        link = settings.SITE_URL.rstrip("/") + reverse("network:privacy_review")
        transaction.on_commit(
            lambda: send_mail(
                subject=_("Request for erasure of personal data"),
                message=_("%(name)s (%(organisation)s) asks to be erased from Stadskennis. Review: %(link)s")
                % {"name": person.full_name, "organisation": person.organisation.name, "link": link},
                from_email=None,
                recipient_list=editors,
                fail_silently=True,
            )
        )
    return person


@transaction.atomic
def person_erase(*, person: Person, actor) -> Person:
    """Remove the personal data, keep the knowledge (GDPR art. 17).

    The person record stays as "a person of <organisation>", so items they are the contact for,
    homework their organisation submitted and workgroup history still make sense.
    """
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.photo:
        person.photo.delete(save=False)
    for field in ("first_name", "last_name", "email", "phone", "function", "department", "expertise"):
        setattr(person, field, "")
    person.photo = ""
    person.erased_at = timezone.now()
    person.save()
    person.themes.clear()
    user = person.user
    if user is not None:
        user.email = f"erased-{user.pk}@invalid.example"
        user.full_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        user.api_tokens.all().delete()
    anonymous = person.full_name
    person_type = ContentType.objects.get_for_model(Person)
    AuditEntry.objects.filter(content_type=person_type, object_id=str(person.pk)).update(
        object_repr=anonymous, changes={}
    )
    if user is not None:
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
        ).update(object_repr=anonymous, changes={})
    audit_record(actor=actor, action=AuditEntry.Action.DELETE, obj=person, changes={"erasure": "done"})
    index_object(person)
    for item in KnowledgeItem.objects.filter(contacts=person):
        index_object(item)
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
