"""Writing events: audited and sent to the search outbox in the same transaction."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from stadskennis.core.models import AuditEntry, Organisation
from stadskennis.core.outbox import record_change
from stadskennis.core.services import audit_record
from stadskennis.core.visibility import can_publish_event_documents
from stadskennis.events import registrations
from stadskennis.events.models import Event, EventDocument, EventSession
from stadskennis.knowledge.services import presentation_publish


@transaction.atomic
def event_create(*, actor, themes=(), sessions=(), **fields) -> Event:
    """`sessions`: dicts of EventSession fields, with `speakers` (people of the Netwerk) optional."""
    event = Event(created_by=actor if actor and actor.is_authenticated else None, **fields)
    event.full_clean(exclude=["created_by"])
    event.save()
    event.themes.set(themes)
    for row in sessions:
        row = dict(row)
        speakers = row.pop("speakers", [])
        session = EventSession(event=event, **row)
        session.full_clean()
        session.save()
        session.speakers.set(speakers)
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=event)
    record_change(event)
    return event


@transaction.atomic
def event_update(*, event: Event, actor, **fields) -> Event:
    """Change an event's fields; more places are offered to the waiting list at once."""
    changes = {name: value for name, value in fields.items() if getattr(event, name) != value}
    for name, value in changes.items():
        setattr(event, name, value)
    event.full_clean(exclude=["created_by"])
    event.save()
    if changes:
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=event, changes=changes)
        record_change(event)
    if "capacity" in changes:
        registrations.offer_free_places(event=event)
    return event


@transaction.atomic
def event_plan_save(*, form, sessions, questions, actor) -> Event:
    """The staff's event form (forms_planning.py): the event, its parts and its questions in one
    transaction, under the lock every decision on its places takes; audited, sent to search, and
    places added to the event, a part or a choice offered to the waiting list."""
    created = form.instance.pk is None
    if created:
        form.instance.created_by = actor
        form.instance.owner = actor.organisation or Organisation.objects.get(slug="kenniscentrum")
    else:
        registrations.locked(form.instance)
    event = form.save()
    sessions.instance = questions.instance = event
    sessions.save()
    for position, question_form in enumerate(questions.forms):
        if question_form in questions.deleted_forms or not (
            question_form.instance.pk or question_form.has_changed()
        ):
            continue
        question = question_form.save(commit=False)
        question.event, question.position = event, position
        question.save()
        question_form.options_save(question)
    for question_form in questions.deleted_forms:
        if question_form.instance.pk:
            question_form.instance.delete()  # the formset refused any that living registrations hold
    changes = {} if created else {"fields": form.changed_data}
    for name, formset in (("sessions", sessions), ("questions", questions)):
        changed = [
            f for f in formset.forms if f.has_changed() and (f.instance.pk or f not in formset.deleted_forms)
        ]
        if changed:  # counted, not named: an intervisie's programme is the group's
            changes[f"{name} changed"] = len(changed)
    audit_record(
        actor=actor, action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE, obj=event,
        changes=changes,
    )  # fmt: skip
    record_change(event)
    if not created:
        registrations.offer_free_places(event=event)
    return event


@transaction.atomic
def event_document_add(*, event: Event, title: str, uploaded_file, actor) -> EventDocument:
    document = EventDocument(
        event=event, title=title or uploaded_file.name[:200], original_name=uploaded_file.name[:255],
        size=uploaded_file.size,
    )  # fmt: skip
    document.file.save(uploaded_file.name, uploaded_file, save=False)
    document.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=event,
        changes={"document": document.pk if event.is_closed_group else document.title},
    )
    return document


@transaction.atomic
def event_document_publish(*, document: EventDocument, actor, visibility: str):
    """One step from an event's presentation or report to a Kennisbank item, with the file attached,
    the event's themes, and the organisations of its speakers and of the people who came."""
    event = document.event
    if not document.published_item_id and not can_publish_event_documents(actor, event):
        raise PermissionDenied
    organisations = Organisation.objects.filter(
        Q(people__event_sessions__event=event)
        | Q(pk__in=event.registrations.filter(attended_at__isnull=False).values("organisation_id"))
        | Q(pk=event.organising_city_id or 0)
    ).distinct()
    return presentation_publish(
        document=document,
        actor=actor,
        summary=_("Presented at %(event)s on %(day)s.")
        % {"event": event.title, "day": timezone.localdate(event.starts_at).strftime("%d/%m/%Y")},
        year=timezone.localtime(event.starts_at).year,
        owner=event.owner,
        visibility=visibility,
        themes=list(event.themes.all()),
        organisations=list(organisations),
    )
