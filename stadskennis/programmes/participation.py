"""What a member organisation's membership brought in a year, counted from the activity itself:

- its fee: budgeted and paid (the fee entries booked on the cost centre);
- workgroups: the workgroups of which a meeting in the year had someone of the organisation present;
- meetings: those meetings (each once, however many of its people came);
- survey rounds answered: rounds its answer was submitted to in the year;
- events: events of the year it had a confirmed registration for, and how many of its people came
  (checked in, where the organiser checked in);
- questions asked: questions of the organisation put to the centre in the year;
- items contributed: knowledge items the organisation owns, made in the year.

Counts, not contents: the figures of one organisation are for centre staff and that organisation's
own people (`core.visibility.can_see_participation`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from stadskennis.core.models import Organisation
from stadskennis.core.selectors import member_organisations
from stadskennis.events.models import Event, Registration
from stadskennis.knowledge.models import KnowledgeItem
from stadskennis.network.models import Meeting
from stadskennis.programmes.models import BudgetLine, LedgerEntry, MoneyKind
from stadskennis.questions.models import Question, Recipient

FIGURES = [
    "fee_budget",
    "fee_paid",
    "workgroups",
    "meetings",
    "rounds_answered",
    "events",
    "event_attendances",
    "questions",
    "items",
]


@dataclass
class Participation:
    organisation: Organisation
    year: int
    figures: dict[str, int] = field(default_factory=dict)
    workgroups: list[str] = field(default_factory=list)


def participation(year: int, organisations=None) -> list[Participation]:
    """One row per member organisation (or per organisation given), every figure counted in a few
    grouped queries for all of them at once."""
    organisations = list(
        organisations if organisations is not None else member_organisations().order_by("name")
    )
    ids = [organisation.pk for organisation in organisations]
    rows = {
        pk: Participation(organisation=o, year=year, figures=dict.fromkeys(FIGURES, 0))
        for pk, o in zip(ids, organisations, strict=True)
    }

    def put(key: str, pairs) -> None:
        for organisation_id, value in pairs:
            if organisation_id in rows:
                rows[organisation_id].figures[key] = value or 0

    fees = BudgetLine.objects.alive().filter(year=year, kind=MoneyKind.FEE, organisation__in=ids)
    put("fee_budget", fees.values_list("organisation").annotate(total=Sum("amount_cents")))
    paid = LedgerEntry.objects.alive().filter(year=year, kind=MoneyKind.FEE, organisation__in=ids)
    put("fee_paid", paid.values_list("organisation").annotate(total=Sum("amount_cents")))
    meetings = Meeting.objects.filter(starts_at__year=year, attendees__organisation__in=ids)
    put("meetings", meetings.values_list("attendees__organisation").annotate(n=Count("pk", distinct=True)))
    put(
        "workgroups",
        meetings.values_list("attendees__organisation").annotate(n=Count("workgroup", distinct=True)),
    )
    for organisation_id, name in (
        meetings.values_list("attendees__organisation", "workgroup__name")
        .distinct()
        .order_by("workgroup__name")
    ):
        rows[organisation_id].workgroups.append(name)
    answered = Recipient.objects.filter(
        organisation__in=ids,
        status=Recipient.Status.SUBMITTED,
        submitted_at__year=year,
        rondvraag__deleted_at__isnull=True,
    )
    put("rounds_answered", answered.values_list("organisation").annotate(n=Count("rondvraag", distinct=True)))
    registrations = Registration.objects.filter(
        organisation__in=ids,
        event__starts_at__year=year,
        event__deleted_at__isnull=True,
        status=Registration.Status.CONFIRMED,
    ).exclude(event__status=Event.Status.CANCELLED)
    put("events", registrations.values_list("organisation").annotate(n=Count("event", distinct=True)))
    put(
        "event_attendances",
        registrations.filter(attended_at__isnull=False).values_list("organisation").annotate(n=Count("pk")),
    )
    questions = Question.objects.alive().filter(owner__in=ids, created_at__year=year)
    put("questions", questions.values_list("owner").annotate(n=Count("pk")))
    items = (
        KnowledgeItem.objects.alive()
        .filter(owner__in=ids, created_at__year=year)
        .filter(~Q(visibility="draft"))
    )
    put("items", items.values_list("owner").annotate(n=Count("pk")))
    return [rows[pk] for pk in ids]
