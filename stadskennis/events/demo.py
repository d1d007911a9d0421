"""Demo events: those of the centre's 2019 annual report, told in our own words, and a few to come
(dated from today, so the demo always has something to register for)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from stadskennis.core.models import Organisation, ProgrammeLine, Theme
from stadskennis.events import registrations
from stadskennis.events.models import Event, EventSession, RegistrationOption, RegistrationQuestion


def _at(day, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _date(text: str):
    return datetime.strptime(text, "%Y-%m-%d").date()


PAST = [
    {
        "slug": "workshop-meerjarenplan-2019",
        "title": "Workshop: van bestuursakkoord naar strategisch meerjarenplan",
        "kind": "workshop",
        "day": "2019-05-24",
        "hours": (13, 17),
        "place": "Kenniscentrum Vlaamse Steden, Brussel",
        "themes": ["strategische-meerjarenplanning"],
        "audience": "members",
        "summary": "Vier steden tonen hoe zij hun bestuursakkoord omzetten in een strategisch meerjarenplan, "
        "en beantwoorden de vragen die de andere steden en de VGC vooraf instuurden.",
        "sessions": [
            ("De aanpak van Aalst en Genk", 13, 14, "Aalst; Genk"),
            ("De aanpak van Mechelen en Roeselare", 14, 15, "Mechelen; Roeselare"),
            ("Gesprek: welke vragen blijven open?", 15, 16, ""),
        ],
    },
    {
        "slug": "workshop-indicatoren-2019",
        "title": "Vervolgworkshop: bruikbare indicatoren voor de meerjarenplanning",
        "kind": "workshop",
        "day": "2019-09-04",
        "hours": (13, 16),
        "place": "Kenniscentrum Vlaamse Steden, Brussel",
        "themes": ["strategische-meerjarenplanning", "obmi"],
        "audience": "members",
        "summary": "Op vraag van de vorige workshop: Antwerpen en Gent lichten toe hoe zij indicatoren "
        "kiezen om hun meerjarenplan op te volgen.",
        "sessions": [
            ("Indicatoren kiezen in Antwerpen", 13, 14, "Stad Antwerpen"),
            ("Indicatoren kiezen in Gent", 14, 15, "Stad Gent"),
        ],
    },
    {
        "slug": "workshop-gdpr-2019",
        "title": "Workshop GDPR: meer dan een dataregister",
        "kind": "workshop",
        "day": "2019-10-17",
        "hours": (9, 12),
        "place": "Kenniscentrum Vlaamse Steden, Brussel",
        "themes": ["gdpr"],
        "audience": "members",
        "summary": "De derde workshop van het jaar voor wie in een stad de GDPR invoert: de vragen die na "
        "het dataregister opduiken, stad per stad besproken.",
        "sessions": [],
    },
    {
        "slug": "tweedaagse-tijdelijk-gebruik-2019",
        "title": "Tweedaagse: tijdelijk gebruik in Brussel en Gent",
        "kind": "excursion",
        "day": "2019-05-10",
        "end_day": "2019-05-11",
        "hours": (9, 17),
        "place": "Brussel (dag 1) en Gent (dag 2)",
        "themes": ["tijdelijk-gebruik", "leegstand"],
        "audience": "members",
        "city": "gent",
        "summary": "Twee dagen langs projecten waar leegstaande panden en terreinen tijdelijk een nieuwe "
        "bestemming kregen: de eerste dag in Brussel, de tweede in Gent.",
        "sessions": [],
    },
    {
        "slug": "werkbezoek-eindhoven-2019",
        "title": "Werkbezoek Eindhoven: de slimme stad van dichtbij",
        "kind": "work_visit",
        "day": "2019-09-11",
        "end_day": "2019-09-12",
        "hours": (9, 17),
        "place": "Eindhoven (Nederland)",
        "themes": ["smart-cities", "city-deals"],
        "audience": "members",
        "partner": "Gemeente Eindhoven",
        "summary": "Met de gemeente Eindhoven, in het programma Smart Cities: de eerste dag de strategie van "
        "de stad, de tweede dag een bezoek aan slimme stadsprojecten.",
        "sessions": [
            ("Het DNA en de strategie van een slimme stad", 9, 12, "Gemeente Eindhoven"),
            ("City deals, Europa en de stadsregio", 13, 17, "Gemeente Eindhoven"),
        ],
    },
    {
        "slug": "tweedaagse-stadsvernieuwing-2019",
        "title": "Tweedaagse: stadsvernieuwing in Genk en Leuven",
        "kind": "excursion",
        "day": "2019-10-04",
        "end_day": "2019-10-05",
        "hours": (9, 17),
        "place": "Genk (dag 1) en Leuven (dag 2)",
        "themes": ["stadsvernieuwing", "gebiedsgericht-werken"],
        "audience": "members",
        "city": "genk",
        "summary": "Genk en Leuven ontvangen de steden: een dag rond de vernieuwing van het centrum van "
        "Genk, een dag rond de Vaartkom in Leuven.",
        "sessions": [],
    },
    {
        "slug": "studiedag-erfgoed-herbestemmen-2019",
        "title": "Studiedag: moeilijk te herbestemmen erfgoed anders ontwikkelen en financieren",
        "kind": "study_day",
        "day": "2019-11-07",
        "hours": (9, 16),
        "place": "Leuven",
        "themes": ["herbestemming", "herbestemming-kerken"],
        "audience": "local_governments",
        "city": "leuven",
        "partner": "Miss Miyagi",
        "summary": "Hoe krijgt een erfgoedpand een nieuw gebruik, en wat kunnen de markt en commons daarin "
        "betekenen? Onderzoek op basis van Leuvense voorbeelden. De voormiddag voor alle lokale besturen, "
        "de namiddag voor de centrumsteden en de VGC.",
        "sessions": [
            ("Onderzoek: erfgoed herbestemmen met de markt en commons", 9, 12, "Miss Miyagi; Stad Leuven"),
            ("Voor centrumsteden en VGC: de interne organisatie van herbestemmingsprojecten", 13, 16, ""),
        ],
        "sessions_chosen": True,
        "members_from": 13,  # the afternoon is the members' (its session's own audience)
    },
]

# Dated from today: (days ahead, …)
COMING = [
    {
        "slug": "workshop-opvolging-meerjarenplan",
        "title": "Workshop: het meerjarenplan opvolgen met indicatoren",
        "kind": "workshop",
        "ahead": 21,
        "hours": (13, 16),
        "place": "Kenniscentrum Vlaamse Steden, Brussel",
        "format": "hybrid",
        "online_url": "https://vergaderen.example/workshop-opvolging",
        "themes": ["strategische-meerjarenplanning", "obmi"],
        "audience": "members",
        "capacity": 25,
        "summary": "Hoe rapporteer je jaarlijks over je meerjarenplan zonder dat het een invuloefening "
        "wordt? Twee steden tonen hun rapport aan de gemeenteraad.",
        "sessions": [("Het rapport aan de raad in Mechelen", 13, 14, "Stad Mechelen")],
        "registered": ["lid.antwerpen@stadskennis.example"],
    },
    {
        "slug": "studiedag-leegstand",
        "title": "Studiedag: leegstand aanpakken, van register tot heffing",
        "kind": "study_day",
        "ahead": 45,
        "hours": (9, 16),
        "place": "Stadhuis Kortrijk",
        "themes": ["leegstand", "wonen"],
        "audience": "local_governments",
        "city": "kortrijk",
        "capacity": 80,
        "summary": "Voor alle lokale besturen: hoe steden leegstand opsporen, registreren en belasten, en "
        "wat een heffing op bedrijfspanden opbrengt.",
        "sessions": [
            ("Het leegstandsregister in de praktijk", 9, 11, "Stad Kortrijk"),
            ("Leegstandsheffing op bedrijfspanden: wat werkt?", 11, 12, ""),
        ],
        "questions": [
            ("Lunch", True, ["Broodjes", "Vegetarisch", "Veganistisch", "Ik eet niet mee"], {}),
            (
                "Wandeling langs leegstaande panden in de namiddag",
                False,
                ["Ik loop mee"],
                {"Ik loop mee": 20},
            ),
            ("Vraag voor de sprekers", False, [], {}),
        ],
        "registered": [],
    },
    {
        "slug": "stadsatelier-slim-verdichten",
        "title": "Stadsatelier: slim verdichten in de twintigste-eeuwse gordel",
        "kind": "stadsatelier",
        "ahead": 30,
        "hours": (10, 15),
        "place": "Stad Gent, Administratief Centrum",
        "themes": ["slim-verdichten", "meervoudig-ruimtegebruik"],
        "audience": "members",
        "city": "gent",
        "capacity": 1,
        "summary": "Een kleine groep ontwerpers en planners werkt een dag aan een echte Gentse wijk. De "
        "plaatsen zijn beperkt; wie geen plaats heeft, komt op de wachtlijst.",
        "sessions": [],
        "registered": ["lid.antwerpen@stadskennis.example", "lid.gent@stadskennis.example"],
    },
]


def demo_events_load(*, editor, users: dict) -> int:
    """Create (or bring back to the demo's state) the demo events; registrations go through the
    registration service, as a member's click does."""
    centre = Organisation.objects.get(slug="kenniscentrum")
    themes = {t.slug: t for t in Theme.objects.all()}
    smart = ProgrammeLine.objects.filter(name__icontains="smart").first()
    today = timezone.localdate()
    for row in PAST + COMING:
        first = _date(row["day"]) if "day" in row else today + timedelta(days=row["ahead"])
        last = _date(row["end_day"]) if "end_day" in row else first
        start_hour, end_hour = row["hours"]
        event, _created = Event.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "title": row["title"],
                "summary": row["summary"],
                "kind": row["kind"],
                "format": row.get("format", "physical"),
                "online_url": row.get("online_url", ""),
                "starts_at": _at(first, start_hour),
                "ends_at": _at(last, end_hour),
                "place": row["place"],
                "organising_city": Organisation.objects.filter(slug=row.get("city", "")).first(),
                "partner": row.get("partner", ""),
                "programme_line": smart if "smart-cities" in row["themes"] else None,
                "audience": row["audience"],
                "capacity": row.get("capacity"),
                "owner": centre,
                "visibility": "public" if row["audience"] != "members" or "day" in row else "network",
                "created_by": editor,
                "deleted_at": None,
                "status": Event.Status.SCHEDULED,
                "sessions_chosen": row.get("sessions_chosen", False),
            },
        )
        event.themes.set([themes[s] for s in row["themes"]])
        event.sessions.all().delete()
        for title, begin, end, guests in row["sessions"]:
            EventSession.objects.create(
                event=event,
                title=title,
                starts_at=_at(first, begin),
                ends_at=_at(first, end),
                guest_speakers=guests,
                audience="members" if begin >= row.get("members_from", 99) else "",
            )
        if not event.questions.exists():
            _questions_load(event, row.get("questions", []))
        for email in row.get("registered", []):
            user = users[email]
            if not event.registrations.filter(
                user=user, status__in=["confirmed", "waiting", "offered"]
            ).exists():
                registrations.register_member(event=event, user=user)
    _intervisie_load(editor=editor, users=users, centre=centre, theme=themes.get("leegstand"))
    return len(PAST) + len(COMING) + 1


def _questions_load(event: Event, questions) -> None:
    """Registration questions: a question without choices asks for a text."""
    for position, (label, required, choices, places) in enumerate(questions, start=1):
        question = RegistrationQuestion.objects.create(
            event=event, label=label, required=required, position=position,
            kind=RegistrationQuestion.Kind.CHOICE if choices else RegistrationQuestion.Kind.TEXT,
        )  # fmt: skip
        for n, choice in enumerate(choices, start=1):
            RegistrationOption.objects.create(
                question=question, label=choice, capacity=places.get(choice), position=n
            )


def _intervisie_load(*, editor, users: dict, centre, theme) -> None:
    """A closed intervisie on vacancy: Gent accepted the statement and brought a case; Antwerpen is
    invited and sees only the statement. Nobody else sees it at all (log in as another to try)."""
    from stadskennis.core import access_groups
    from stadskennis.events import intervisie

    day = timezone.localdate() + timedelta(days=24)
    event = Event.objects.filter(slug="intervisie-leegstandsbeleid").first()
    if event is None:
        event = Event.objects.create(
            slug="intervisie-leegstandsbeleid",
            title="Intervisie: wat doe je met een eigenaar die niet reageert?",
            summary="Drie ambtenaren leegstandsbeleid bespreken elk een vastgelopen dossier, "
            "onder begeleiding.",
            kind=Event.Kind.INTERVISIE,
            starts_at=_at(day, 13),
            ends_at=_at(day, 16),
            place="Kenniscentrum Vlaamse Steden, Brussel",
            audience=Event.Audience.MEMBERS,
            capacity=6,
            owner=centre,
            visibility="network",
            created_by=editor,
        )
        if theme:
            event.themes.set([theme])
    intervisie.intervisie_close(event=event, actor=editor)
    group = event.access_group
    gent, antwerpen = users["lid.gent@stadskennis.example"], users["lid.antwerpen@stadskennis.example"]
    for user in (gent, antwerpen):
        access_groups.member_add(group=group, user=user, actor=editor)
    if not event.cases.exists():
        intervisie.statement_accept(event=event, user=gent)
        intervisie.case_submit(
            event=event,
            user=gent,
            title="Een handelspand dat al zes jaar leeg staat",
            description="De eigenaar woont in het buitenland en reageert op geen enkele brief. De heffing "
            "wordt betaald, dus ze werkt niet als prikkel. Wat deden jullie in zo'n geval?",
        )
