"""What the Agenda's pages, feeds and API read, through the one access rule."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from stadskennis.core.visibility import access_content_or_404, can_manage_event, can_read_group_work
from stadskennis.events.models import Event, Registration, RegistrationOption, RegistrationQuestion
from stadskennis.events.places import holds_place

WHEN = ("upcoming", "past")


def event_list(
    *, user, when: str = "upcoming", kind: str = "", theme: str = "", audience: str = "", city: str = ""
):
    """Events `user` may see: upcoming soonest first (an event under way still counts), past latest first."""
    now = timezone.now()
    events = Event.objects.visible_to(user).select_related("organising_city")
    if when == "past":
        events = events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    else:
        events = events.filter(ends_at__gte=now).order_by("starts_at", "pk")
    if kind:
        events = events.filter(kind=kind)
    if theme:
        events = events.filter(themes__slug=theme)
    if audience:
        events = events.filter(audience=audience)
    if city:
        events = events.filter(organising_city__slug=city)
    return events.distinct() if theme else events


def event_get(*, user, slug: str) -> Event:
    return access_content_or_404(
        user,
        Event.objects.select_related("organising_city", "programme_line").prefetch_related(
            "themes", "sessions__speakers__organisation"
        ),
        slug=slug,
    )


def my_registration(*, user, event: Event) -> Registration | None:
    if not (user and user.is_authenticated):
        return None
    return (
        event.registrations.filter(Q(user=user) | Q(email__iexact=user.email), status__in=Registration.ACTIVE)
        .order_by("-pk")
        .first()
    )


def gets_online_link(registration: Registration | None) -> bool:
    """The one rule for the online link of an event (page, .ics, API, mails): a confirmed place."""
    return registration is not None and registration.status == Registration.Status.CONFIRMED


def my_upcoming_registrations(*, user):
    """The start page's and the personal feed's: what `user` registered for and still may see."""
    if not (user and user.is_authenticated):
        return Registration.objects.none()
    return (
        Registration.objects.filter(
            user=user,
            status__in=[
                Registration.Status.CONFIRMED,
                Registration.Status.WAITING,
                Registration.Status.OFFERED,
            ],
            event__in=Event.objects.visible_to(user),
            event__ends_at__gte=timezone.now(),
        )
        .select_related("event")
        .order_by("event__starts_at")
    )


def registrations_for_organiser(*, user, event: Event):
    """The registrants' personal data: for the event's organisers and centre staff only."""
    if not can_manage_event(user, event):
        return Registration.objects.none()
    return (
        event.registrations.select_related("organisation")
        .prefetch_related("sessions", "answers__option")
        .order_by("status", "created_at", "pk")
    )


def choice_columns(event: Event, *, texts: bool = True) -> list[tuple[str, Callable[[Registration], str]]]:
    """What each registrant chose, as columns of the organisers' lists (page, CSV, XLSX, PDF): the
    parts, when the event asks them, and one column per registration question (without the free
    texts when not `texts`: the printed list has no room for a question to the speaker)."""
    columns = []
    if event.sessions_chosen:
        columns.append((_("Sessions"), lambda r: "; ".join(s.title for s in r.sessions.all())))
    questions = event.questions.all()
    if not texts:
        questions = questions.filter(kind=RegistrationQuestion.Kind.CHOICE)
    for question in questions:
        columns.append(
            (
                question.label,
                lambda r, q=question.pk: "; ".join(str(a) for a in r.answers.all() if a.question_id == q),
            )
        )
    return columns


def option_places(event: Event) -> list[tuple[RegistrationQuestion, list[tuple[RegistrationOption, int]]]]:
    """Per question with choices: how many people holding a place took each choice."""
    now = timezone.now()
    taken = dict(
        RegistrationOption.objects.filter(question__event=event)
        .annotate(
            n=Count(
                "answers", filter=Q(answers__registration__in=event.registrations.filter(holds_place(now)))
            )
        )
        .values_list("pk", "n")
    )
    return [
        (question, [(option, taken.get(option.pk, 0)) for option in question.options.all()])
        for question in event.questions.filter(kind=RegistrationQuestion.Kind.CHOICE).prefetch_related(
            "options"
        )
    ]


def status_counts(event: Event) -> dict[str, int]:
    return dict(event.registrations.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))


def intervisie_for(*, user, event: Event) -> dict:
    """What an intervisie's page shows `user`, a member of its group (event_get let them in): the
    statement to accept, or, once accepted, the participants, the cases and the notes."""
    group = event.access_group
    reads = can_read_group_work(user, group)
    return {
        "statement": group.statement,
        "reads": reads,
        "participants": group.memberships.select_related("user__organisation") if reads else [],
        "cases": event.cases.select_related("submitted_by") if reads else [],
        "notes": event.notes.select_related("author") if reads else [],
        "cases_open": reads and not event.is_past and event.starts_at > timezone.now(),
    }


def public_events_to_announce(*, since):
    """For the newsletter: public events still to come that were announced since `since` or start
    within the next two months, soonest first."""
    now = timezone.now()
    events = Event.objects.visible_to(None).filter(ends_at__gte=now)
    recent = Q(created_at__gte=since) | Q(starts_at__lte=now + timedelta(days=62))
    return events.filter(recent).exclude(status=Event.Status.CANCELLED).order_by("starts_at", "pk")


def public_events():
    """What anyone may read, whoever asks (the newsletter checks its items against it)."""
    return Event.objects.visible_to(None)
