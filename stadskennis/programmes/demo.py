"""The demo's Werking of 2019, after the annual report of that year in the seeds: the centre worked
with 371.724,19 euro, about two thirds from the members' fees and one third from subsidies. The
split over members, grantors and kinds of cost is ours (the report gives only the total), chosen so
the year reconciles to the cent. The actuals come in as the managing organisation's export would,
through the same import and its checks; the work programme holds what the report says was done, and
one thing that was not."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from stadskennis.core.models import Organisation, ProgrammeLine
from stadskennis.programmes import ledger_import, services
from stadskennis.programmes.models import (
    AnnualReport,
    BudgetLine,
    LedgerEntry,
    PlannedActivity,
    WorkProgramme,
    YearAccounts,
)
from stadskennis.programmes.money import format_euros

YEAR = 2019
COST_CENTRE = "KP-KVS"
CITY_FEE = 1_700_000  # 17.000,00 per centre city
VGC_FEE = 2_681_613
SUBSIDY = 12_390_806
COSTS = [  # kind, account, description, cents, programme line (2017–2021), day
    ("staff", "6200", "Personeelskosten stafmedewerkers (2 vte)", 23_650_000, None, date(2019, 12, 20)),
    ("operating", "6130", "Werkingskosten: huur, ICT, drukwerk", 3_822_419, None, date(2019, 11, 29)),
    (
        "research",
        "6140",
        "Opdracht haalbaarheid Smart Portraits",
        6_200_000,
        "Smart Cities",
        date(2019, 10, 15),
    ),
    (
        "events",
        "6150",
        "Studiedagen, workshops en werkbezoek Eindhoven",
        3_500_000,
        "Toekomstgericht herbestemmen",
        date(2019, 9, 30),
    ),
]
WORK = [  # programme line (2017–2021), title, months, status
    ("O(mgeving)B(eleid)M(anagement) Informatie", "Werkgroep OBMi: vier bijeenkomsten", (1, 12), "done"),
    (
        "O(mgeving)B(eleid)M(anagement) Informatie",
        "ORBA: workshops meerjarenplanning en indicatoren",
        (2, 6),
        "done",
    ),
    (
        "O(mgeving)B(eleid)M(anagement) Informatie",
        "GDPR: workshops 'meer dan een dataregister'",
        (3, 11),
        "done",
    ),
    ("Smart Cities", "Speerpuntenprogramma: stuurgroep Smart Portraits", (1, 12), "done"),
    ("Smart Cities", "Werkbezoek Eindhoven", (10, 10), "done"),
    ("Toekomstgericht herbestemmen", "Studiedag herbestemming erfgoed met Leuven", (5, 5), "done"),
    ("Toekomstgericht herbestemmen", "Begeleiding herbestemming parochiekerken", (1, 12), "done"),
    ("Stadsgenoten", "Stadsgenoten: tweedaagse excursie", (9, 9), "done"),
    (
        "Bovenlokale en stadsregionale arrangementen",
        "Memorandum voor de Vlaamse verkiezingen",
        (1, 4),
        "done",
    ),
    (
        "Innovaties in de stedelijke administratie",
        "Screening van de beleidsnota's van de Vlaamse Regering",
        (10, 12),
        "done",
    ),
    (
        "Multifunctioneel en meervoudig ruimtegebruik",
        "Publicatie meervoudig ruimtegebruik",
        (3, 9),
        "postponed",
    ),
]


def _export(members: list[Organisation]) -> bytes:
    """The year as the managing organisation's cost-centre export, with its total row."""
    rows = [
        "Boekdatum;Economische rekening;Omschrijving;Bedrag;Kostenplaats;Boekstuk;Programmalijn;"
        "Organisatie;Soort"
    ]
    total = 0
    number = 0

    def row(day: date, account: str, text: str, cents: int, line="", organisation="", kind="") -> None:
        nonlocal total, number
        number += 1
        total += cents
        rows.append(
            f"{day:%d/%m/%Y};{account};{text};{format_euros(cents)};{COST_CENTRE};2019-{number:04d};"
            f"{line};{organisation};{kind}"
        )

    for member in members:
        fee = VGC_FEE if member.kind == Organisation.Kind.VGC else CITY_FEE
        row(date(2019, 4, 15), "7400", f"Lidgeld 2019 {member.name}", fee, organisation=member.slug)
    row(date(2019, 6, 28), "7401", "Werkingssubsidie Vlaamse overheid (stedenbeleid)", SUBSIDY)
    for kind, account, text, cents, line, day in COSTS:
        row(day, account, text, cents, line or "", kind=kind)  # research and events say so
    rows.append(f";;Totaal;{format_euros(total)};;;;;")
    return "\n".join(rows).encode("utf-8")


def demo_werking_load(*, editor) -> int:
    """Idempotent: a year with entries or a work programme is left as it is."""
    if LedgerEntry.objects.filter(year=YEAR).exists() or WorkProgramme.objects.filter(year=YEAR).exists():
        return 0
    members = list(
        Organisation.objects.filter(kind__in=[Organisation.Kind.CENTRE_CITY, Organisation.Kind.VGC]).order_by(
            "name"
        )
    )
    if not members:
        return 0
    for member in members:
        fee = VGC_FEE if member.kind == Organisation.Kind.VGC else CITY_FEE
        services.record_save(
            obj=BudgetLine(),
            actor=editor,
            values={
                "year": YEAR,
                "kind": "fee",
                "organisation": member,
                "amount_cents": fee,
                "due_on": date(2019, 3, 31),
            },
        )
    services.record_save(
        obj=BudgetLine(),
        actor=editor,
        values={
            "year": YEAR,
            "kind": "subsidy",
            "grantor": "Vlaamse overheid",
            "amount_cents": SUBSIDY,
            "due_on": date(2019, 6, 30),
        },
    )
    lines = {line.name: line for line in ProgrammeLine.objects.filter(period__name="2017–2021")}
    for kind, _account, text, cents, line, _day in COSTS:
        services.record_save(
            obj=BudgetLine(),
            actor=editor,
            values={
                "year": YEAR,
                "kind": kind,
                "label": text,
                "amount_cents": cents,
                "programme_line": lines.get(line or ""),
            },
        )
    report = ledger_import.check(name="kostenplaats-2019.csv", data=_export(members), year=YEAR)
    if not report.ok:  # the reference data changed under the demo: say so rather than half a year
        raise RuntimeError(f"demo accounts 2019: {report.problems[:3]}")
    services.entries_import(report=report, year=YEAR, file_name="kostenplaats-2019.csv", actor=editor)
    services.record_save(
        obj=YearAccounts(),
        actor=editor,
        values={
            "year": YEAR,
            "approved_on": date(2020, 6, 18),
            "approved_by_body": "beheerscomité",
            "note": "De afrekening van het jaarverslag 2019.",
        },
    )
    programme = services.record_save(
        obj=WorkProgramme(),
        actor=editor,
        values={
            "year": YEAR,
            "introduction": "Het werkprogramma van het derde jaar van de periode 2017–2021.",
            "reviewed_on": date(2019, 2, 14),
            "review_note": "Goedgekeurd; de publicatie mag naar 2020 schuiven.",
        },
    )
    for line, title, (starts, ends), status in WORK:
        services.record_save(
            obj=PlannedActivity(),
            actor=editor,
            values={
                "work_programme": programme,
                "programme_line": lines[line],
                "title": title,
                "owner": editor,
                "starts_in": starts,
                "ends_in": ends,
                "status": status,
            },
        )
    _link_activity(lines)
    _bodies(editor=editor, programme=programme)
    # The 2019 report drafted, not published: a published report is a knowledge item, and the judged
    # relevance sets of `make bench` run on the demo's items.
    from stadskennis.programmes.annual_report import draft_run

    draft = AnnualReport.objects.create(
        year=YEAR,
        introduction="In 2019 werkte het Kenniscentrum verder aan de programmalijnen van 2017–2021.",
    )
    draft_run(draft.pk)
    return len(report.rows)


def _bodies(*, editor, programme: WorkProgramme) -> None:
    """The management committee and the executive board, with the demo's Gent member on the board (so
    that login reads the draft budget and the board's minutes), a meeting of 2019 and its decision."""
    from django.contrib.auth import get_user_model

    from stadskennis.programmes import governance
    from stadskennis.programmes.models import BodyMeeting, Decision

    committee = governance.body_create(
        slug="beheerscomite",
        name="Beheerscomité",
        kind="management_committee",
        actor=editor,
        description="De burgemeesters van de centrumsteden sturen het Kenniscentrum aan.",
    )
    board = governance.body_create(
        slug="dagelijks-bestuur",
        name="Dagelijks bestuur",
        kind="executive_board",
        actor=editor,
        sees_draft_budget=True,
        description="Volgt de werking en de programmalijnen van dag tot dag op; leest de begroting mee.",
    )
    gent = get_user_model().objects.filter(email="lid.gent@stadskennis.example").first()
    if gent is not None:
        governance.seat_add(body=board, user=gent, actor=editor, function="algemeen directeur")
        governance.seat_add(body=committee, user=gent, actor=editor, function="burgemeester")
    meeting = governance.meeting_save(
        meeting=BodyMeeting(body=board),
        actor=editor,
        attendees=[user for user in (gent, editor) if user],
        title="Dagelijks bestuur februari 2019",
        starts_at=timezone.make_aware(datetime(2019, 2, 14, 14)),
        place="Brussel",
        agenda="1. Werkprogramma 2019\n2. Begroting 2019\n3. Varia",
        minutes="Het dagelijks bestuur keurt het **werkprogramma 2019** goed. De publicatie over meervoudig "
        "ruimtegebruik mag naar 2020 schuiven.",
        minutes_approved_on=date(2019, 4, 25),
    )
    postponed = programme.activities.filter(status="postponed").first()
    services.record_save(
        obj=Decision(),
        actor=editor,
        values={
            "body": board,
            "meeting": meeting,
            "number": "2019/03",
            "decided_on": date(2019, 2, 14),
            "title": "Het werkprogramma 2019 wordt goedgekeurd",
            "planned_activity": postponed,
            "programme_line": postponed.programme_line if postponed else None,
        },
    )


def _link_activity(lines: dict[str, ProgrammeLine]) -> None:
    """The demo's workgroups, events and items of 2017–2021 under the line whose themes they share, so
    the lines' pages show a history. A plain update: no search document carries the programme line."""
    from stadskennis.events.models import Event
    from stadskennis.knowledge.models import KnowledgeItem
    from stadskennis.network.models import Workgroup

    Workgroup.objects.filter(key="obmi").update(
        programme_line=lines["O(mgeving)B(eleid)M(anagement) Informatie"]
    )
    Workgroup.objects.filter(key="herbestemming").update(programme_line=lines["Toekomstgericht herbestemmen"])
    for line in lines.values():
        themes = list(line.themes.values_list("pk", flat=True))
        if line.parent_id or not themes:
            continue
        Event.objects.filter(
            programme_line__isnull=True, themes__in=themes, starts_at__year__range=(2017, 2021)
        ).update(programme_line=line)
        KnowledgeItem.objects.filter(
            programme_line__isnull=True, themes__in=themes, year__range=(2017, 2021)
        ).update(programme_line=line)
