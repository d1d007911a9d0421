"""Writes to the network. Every write is audited in the same transaction and keeps search in step."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stadskennis.core.models import AuditEntry, Organisation
from stadskennis.core.outbox import record_change
from stadskennis.core.services import audit_record
from stadskennis.core.visibility import Visibility, can_use_questionnaire
from stadskennis.network.models import (
    ActionPoint,
    Assignment,
    Meeting,
    MeetingDocument,
    Person,
    Submission,
    SubmissionFile,
    Workgroup,
)
from stadskennis.network.signals import questionnaire_attached

PERSON_M2M = ("themes",)


@transaction.atomic
def person_create(*, actor, notify: bool = True, **fields) -> Person:
    """Add a person. Someone added by an editor, without an account, is told why and how to object."""
    relations = {name: fields.pop(name) for name in PERSON_M2M if name in fields}
    person = Person(added_by=actor if actor is not None and actor.is_authenticated else None, **fields)
    person.full_clean(exclude=["added_by", "user"])
    person.save()
    for name, values in relations.items():
        getattr(person, name).set(values)
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=person)
    record_change(person)
    if notify and person.user_id is None and person.email:
        from stadskennis.network.tasks import send_added_notice

        send_added_notice.enqueue(person.pk)  # the task row commits with the person, or not at all
    return person


@transaction.atomic
def person_update(*, person: Person, actor, **fields) -> Person:
    relations = {name: fields.pop(name) for name in PERSON_M2M if name in fields}
    changes = {}
    for name, value in fields.items():
        if getattr(person, name) != value:
            changes[name] = value
            setattr(person, name, value)
    person.full_clean(exclude=["added_by", "user"])
    for name, values in relations.items():
        before = set(getattr(person, name).values_list("pk", flat=True))
        if before != {v.pk for v in values}:
            changes[name] = list(values)
            getattr(person, name).set(values)
    if actor is not None and getattr(person, "user_id", None) == actor.pk:
        person.last_active_at = timezone.now()
    person.save()
    if changes:
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=person, changes=changes)
        record_change(person)
    return person


def person_photo_set(*, person: Person, photo, actor) -> Person:
    """Replace or clear (photo False) a person's photo. A replaced photo is personal data too: it does
    not stay behind in storage."""
    if photo is False and person.photo:
        person.photo.delete(save=False)
    elif photo and photo != person.photo:
        if person.photo:
            person.photo.delete(save=False)
        person.photo.save(photo.name, photo, save=False)
    else:
        return person
    with transaction.atomic():
        person.save(update_fields=["photo", "updated_at"])
        audit_record(
            actor=actor, action=AuditEntry.Action.UPDATE, obj=person, changes={"photo": bool(person.photo)}
        )
    return person


# --- Workgroups: meetings, documents, homework, action points ---------------------------------


@transaction.atomic
def meeting_save(*, form, actor) -> Meeting:
    """Create or change a meeting from its form; attendance and minutes are part of it."""
    created = form.instance.pk is None
    meeting = form.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
        obj=meeting,
        changes={} if created else {"fields": form.changed_data},
    )
    return meeting


@transaction.atomic
def meeting_document_add(*, meeting: Meeting, title: str, uploaded_file, actor) -> MeetingDocument:
    document = MeetingDocument(
        meeting=meeting, title=title or uploaded_file.name, original_name=uploaded_file.name[:255],
        size=uploaded_file.size,
    )  # fmt: skip
    document.file.save(uploaded_file.name, uploaded_file, save=False)
    document.save()
    audit_record(
        actor=actor, action=AuditEntry.Action.UPDATE, obj=meeting, changes={"document": document.title}
    )
    return document


@transaction.atomic
def meeting_document_publish(*, document: MeetingDocument, actor, visibility: str):
    """One step from a meeting's document to a Kennisbank item, with the file as its attachment."""
    from stadskennis.knowledge.services import presentation_publish

    meeting = document.meeting
    workgroup = meeting.workgroup
    return presentation_publish(
        document=document,
        actor=actor,
        summary=_("Presented at %(meeting)s of %(workgroup)s.")
        % {"meeting": meeting, "workgroup": workgroup},
        year=timezone.localtime(meeting.starts_at).year,
        owner=workgroup.owner,
        visibility=visibility,
        themes=list(workgroup.themes.all()),
        organisations=list(Organisation.objects.filter(people__workgroups=workgroup).distinct()),
    )


@transaction.atomic
def assignment_save(*, form, actor) -> Assignment:
    created = form.instance.pk is None
    if created:
        form.instance.created_by = actor
    assignment = form.save()
    if not created and "deadline" in form.changed_data:
        assignment.reminder_sent_at = None  # a new deadline earns a new reminder
        assignment.save(update_fields=["reminder_sent_at"])
    if assignment.questionnaire_id and "questionnaire" in form.changed_data:
        if not can_use_questionnaire(actor, assignment.questionnaire):
            raise PermissionDenied  # the form offers only what the actor may use; this is the second check
        _open_questionnaire(assignment, actor)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
        obj=assignment,
        changes={} if created else {"fields": form.changed_data},
    )
    record_change(assignment)  # its title is in every answer's search document
    return assignment


def _open_questionnaire(assignment: Assignment, actor) -> None:
    """A structured homework: every member organisation answers the questionnaire, by the same engine
    as a survey round (the Vraagbaak's, through the signal), and the summary is its comparison."""
    organisations = Organisation.objects.filter(people__workgroups=assignment.workgroup).distinct()
    questionnaire_attached.send(Assignment, assignment=assignment, organisations=organisations, actor=actor)


@transaction.atomic
def submission_save(
    *, assignment: Assignment, organisation: Organisation, actor, text: str, files=(), submit: bool
) -> Submission:
    """Save an organisation's answer. A draft stays within the organisation; submitting shares it.

    A submission after the deadline is accepted and shows as late (Submission.is_late).
    """
    submission, created = Submission.objects.select_for_update().get_or_create(
        assignment=assignment,
        owner=organisation,
        defaults={"visibility": Visibility.ORGANISATION, "created_by": actor},
    )
    submission.text = text
    person = Person.objects.filter(user=actor).first()
    if submit and submission.submitted_at is None:
        submission.submitted_at = timezone.now()
        submission.submitted_by = person
        submission.visibility = Visibility.NETWORK
    submission.save()
    for uploaded in files:
        attached = SubmissionFile(
            submission=submission, original_name=uploaded.name[:255], size=uploaded.size
        )
        attached.file.save(uploaded.name, uploaded, save=False)
        attached.save()
    if person:
        Person.objects.filter(pk=person.pk).update(last_active_at=timezone.now())
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
        obj=submission,
        changes={"submitted": submission.submitted_at is not None, "files": [f.name for f in files]},
    )
    record_change(submission)
    return submission


@transaction.atomic
def submission_reopen(*, submission: Submission, actor) -> Submission:
    """An editor sends a submitted answer back to its organisation as a draft."""
    submission.submitted_at = None
    submission.submitted_by = None
    submission.visibility = Visibility.ORGANISATION
    submission.save()
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=submission, changes={"reopened": True})
    record_change(submission)
    return submission


@transaction.atomic
def action_point_add(*, form, workgroup: Workgroup, meeting: Meeting | None, actor) -> ActionPoint:
    point = form.save(commit=False)
    point.workgroup = workgroup
    point.meeting = meeting
    point.save()
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=point)
    return point


@transaction.atomic
def action_point_set_done(*, point: ActionPoint, done: bool, actor) -> ActionPoint:
    point.done_at = timezone.now() if done else None
    point.save(update_fields=["done_at", "updated_at"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=point, changes={"done": done})
    return point
