"""Loads the demo content (people, knowledge items, workgroups, logins) idempotently."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from stadskennis.accounts.models import User
from stadskennis.core.models import Organisation, Theme
from stadskennis.core.outbox import record_rebuild
from stadskennis.core.reference import reference_load
from stadskennis.core.visibility import Visibility
from stadskennis.dashboards.demo import demo_dashboards_load
from stadskennis.demo.cast import DEMO_LOGINS, DEMO_PASSWORD
from stadskennis.demo.dossier import demo_dossiers_load
from stadskennis.dossiers.demo import demo_dossier_sites_load
from stadskennis.events.demo import demo_events_load
from stadskennis.indicators.demo_catalogue import demo_indicators_load
from stadskennis.knowledge.models import KnowledgeItem
from stadskennis.network.models import ActionPoint, Assignment, Meeting, Person, Submission, Workgroup
from stadskennis.newsletter.demo import demo_issues_load, demo_spotlight_load
from stadskennis.plans.demo import demo_plans_load
from stadskennis.programmes.demo import demo_werking_load
from stadskennis.reports.demo import demo_report_load
from stadskennis.search.services import synonyms_seed

DEMO_FILE = Path(__file__).parent / "data" / "demo.json"


@transaction.atomic
def demo_load(*, path: Path = DEMO_FILE) -> dict[str, int]:
    """Reference data first, then the demo. Running it twice changes nothing the second time."""
    reference_load()
    data = json.loads(path.read_text(encoding="utf-8"))
    orgs = {o.slug: o for o in Organisation.objects.all()}
    themes = {t.slug: t for t in Theme.objects.all()}
    users = _load_logins(orgs)
    editor = users["redacteur@stadskennis.example"]

    people = {}
    for row in data["people"]:
        person, _ = Person.objects.update_or_create(
            email=row["email"],
            defaults={
                "first_name": row["first_name"],
                "last_name": row["last_name"],
                "function": row.get("function", ""),
                "organisation": orgs[row["organisation"]],
                "department": row.get("department", ""),
                "expertise": row.get("expertise", ""),
                "phone": row.get("phone", ""),
            },
        )
        person.themes.set([themes[s] for s in row.get("themes", [])])
        people[row["key"]] = person
    _link_logins_to_people(users, people)

    for row in data["items"]:
        item, _ = KnowledgeItem.objects.update_or_create(
            external_id=f"demo:{row['key']}",
            defaults={
                "title": row["title"],
                "summary": row.get("summary", ""),
                "body": row.get("body", ""),
                "kind": row["kind"],
                "outcome": row.get("outcome") or "",
                "owner": orgs[row["owner"]],
                "year": row.get("year"),
                "url": row.get("url") or "",
                "visibility": row["visibility"],
                "created_by": editor,
                "deleted_at": None,
            },
        )
        item.themes.set([themes[s] for s in row.get("themes", [])])
        item.organisations.set([orgs[s] for s in row.get("organisations", [])])
        item.contacts.set([people[k] for k in row.get("contacts", [])])

    for row in data["workgroups"]:
        group, _ = Workgroup.objects.update_or_create(
            key=row["key"],
            defaults={
                "name": row["name"],
                "kind": row.get("kind", "werkgroep"),
                "purpose": row.get("purpose", ""),
                "owner": orgs["kenniscentrum"],
                "visibility": row.get("visibility", "public"),
                "lead_organisation": orgs.get(row.get("lead_organisation")),
                "lead_person": people.get(row.get("lead_person")),
                "created_by": editor,
                "deleted_at": None,
            },
        )
        group.themes.set([themes[s] for s in row.get("themes", [])])
        group.members.set([people[k] for k in row.get("members", [])])

    _load_workgroup_life(data, people, orgs, editor)
    _load_questions(users, themes, people)
    _load_rondvraag(users, orgs)
    demo_dossiers_load(editor=editor)  # a filled theme dossier (GDPR)
    figures = demo_indicators_load()  # Stad in cijfers: a demo catalogue with generated figures
    figures["reports"] = demo_report_load(editor=editor)  # a thematic report over those figures
    demo_dashboards_load(editor=editor)  # a dashboard per field of urbanity, and Gent's own
    # ORBA: Antwerp's and Mechelen's plans, Antwerp's demo member their plan manager
    figures["plan_elements"] = demo_plans_load(
        managers={"antwerpen": users["lid.antwerpen@stadskennis.example"]}
    )
    figures["events"] = demo_events_load(editor=editor, users=users)  # the Agenda: 2019's and some to come
    demo_spotlight_load(editor=editor)  # three weeks of "Veranderend speelveld"
    demo_issues_load(editor=editor)  # three past newsletters in the archive
    demo_dossier_sites_load(editor=editor)  # the public dossier of church repurposing
    figures["entries_2019"] = demo_werking_load(
        editor=editor
    )  # the 2019 accounts and work programme, after the annual report
    synonyms_seed()
    record_rebuild()  # the indexer rebuilds every module's documents: items, people, workgroups, …
    return {
        "people": len(data["people"]),
        "items": len(data["items"]),
        "workgroups": len(data["workgroups"]),
        "logins": len(DEMO_LOGINS),
        **figures,
    }


def _load_logins(orgs) -> dict[str, User]:
    users = {}
    for login in DEMO_LOGINS:
        user = User.objects.filter(email=login.email).first()
        if user is None:
            user = User.objects.create_user(
                login.email,
                DEMO_PASSWORD,
                full_name=login.full_name,
                role=login.role,
                organisation=orgs[login.organisation],
                is_superuser=login.role == "administrator",
            )
        elif user.full_name != login.full_name:  # a database from before the cast was renamed
            user.full_name = login.full_name
            user.save(update_fields=["full_name"])
        users[login.email] = user
    return users


def _link_logins_to_people(users, people) -> None:
    """Each member login is the account of its demo person, so their start page has content and the
    Netwerk shows the same name as the account."""
    for login in DEMO_LOGINS:
        if not login.person:
            continue
        user, person = users[login.email], people[login.person]
        if person.user_id == user.pk:
            continue
        Person.objects.filter(user=user).exclude(pk=person.pk).update(user=None)
        person.user = user
        person.save(update_fields=["user"])


def _load_workgroup_life(data, people, orgs, editor) -> None:
    """Meetings, homework and action points, dated around today so the pages look alive."""
    today = timezone.localdate()

    def at(days: int, hour: int = 10):
        moment = datetime.combine(today + timedelta(days=days), time(hour=hour))
        return timezone.make_aware(moment)

    groups = {g.key: g for g in Workgroup.objects.filter(key__in=[w["key"] for w in data["workgroups"]])}
    meetings = {}
    for row in data.get("meetings", []):
        starts = at(row["days_from_now"], row.get("hour", 10))
        meeting, _ = Meeting.objects.update_or_create(
            workgroup=groups[row["workgroup"]],
            title=row["title"],
            defaults={
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=2),
                "place": row.get("place", ""),
                "online_url": row.get("online_url", ""),
                "agenda": row.get("agenda", ""),
                "minutes": row.get("minutes", ""),
            },
        )
        meeting.attendees.set([people[k] for k in row.get("attendees", [])])
        meetings[row["title"]] = meeting
    for row in data.get("assignments", []):
        assignment, _ = Assignment.objects.update_or_create(
            workgroup=groups[row["workgroup"]],
            title=row["title"],
            defaults={
                "question": row["question"],
                "deadline": at(row["days_from_now"], 17),
                "for_meeting": meetings.get(row.get("meeting")),
                "created_by": editor,
            },
        )
        for answer in row.get("submissions", []):
            submitted = answer.get("submitted", False)
            Submission.objects.update_or_create(
                assignment=assignment,
                owner=orgs[answer["organisation"]],
                defaults={
                    "text": answer["text"],
                    "visibility": Visibility.NETWORK if submitted else Visibility.ORGANISATION,
                    "submitted_at": at(-1) if submitted else None,
                    "submitted_by": people[answer["person"]] if submitted else None,
                    "deleted_at": None,
                },
            )
    for row in data.get("action_points", []):
        due = row.get("due_days_from_now")
        ActionPoint.objects.update_or_create(
            workgroup=groups[row["workgroup"]],
            text=row["text"],
            defaults={
                "meeting": meetings.get(row.get("meeting")),
                "kind": row.get("kind", "action"),
                "owner_person": people.get(row.get("owner")),
                "due_date": today + timedelta(days=due) if due is not None else None,
            },
        )


DEMO_QUESTIONS = [
    {
        "title": "Hoe zit het met een belasting op leegstaande winkelpanden?",
        "context": "Wij herzien ons reglement op leegstand en willen weten welke steden winkelpanden "
        "apart belasten.",
        "asker": "lid.gent@stadskennis.example",
        "themes": ["leegstand"],
        "status": "answered",
        "visibility": "network",
        "answer": "Vier centrumsteden belasten leegstaande handelspanden apart, meestal met een progressief "
        "tarief per jaar leegstand. Zie de instrumentendatabank lokaal woonbeleid en de contactpersonen.",
        "experts": ["an-peeters"],
    },
    {
        "title": "Wie is bezig met deelsteps in de binnenstad?",
        "context": "We krijgen klachten over gedropte steps.",
        "asker": "lid.antwerpen@stadskennis.example",
        "themes": [],
        "status": "new",
        "visibility": "network",
        "answer": "",
        "experts": [],
    },
]


def _load_questions(users, themes, people) -> None:
    from stadskennis.questions.models import Question

    for row in DEMO_QUESTIONS:
        asker = users[row["asker"]]
        question, _ = Question.objects.update_or_create(
            title=row["title"],
            defaults={
                "context": row["context"], "owner": asker.organisation, "created_by": asker,
                "visibility": row["visibility"], "status": row["status"], "answer": row["answer"],
                "answered_at": timezone.now() if row["answer"] else None, "deleted_at": None,
            },
        )  # fmt: skip
        question.themes.set([themes[s] for s in row["themes"] if s in themes])
        question.experts.set([people[k] for k in row["experts"]])


def _load_rondvraag(users, orgs) -> None:
    """A survey round on the GDPR register, sent to the centre cities; Antwerp has answered."""
    import hashlib

    from stadskennis.questions.models import Answer, Recipient, Rondvraag, SurveyQuestion

    editor = users["redacteur@stadskennis.example"]
    rondvraag, _ = Rondvraag.objects.update_or_create(
        title="Stand van het GDPR-register in de steden",
        defaults={"owner": orgs["kenniscentrum"], "visibility": "organisation", "phase": Rondvraag.Phase.OPEN,
                  "created_by": editor, "deleted_at": None, "deadline": timezone.now() + timedelta(days=14),
                  "introduction": "Hoe ver staan de steden met hun register van verwerkingsactiviteiten?"},
    )  # fmt: skip
    questions = [
        ("Heeft je stad een register van verwerkingsactiviteiten?", "yes_no", "", "", True),
        ("Hoeveel verwerkingen zijn beschreven?", "number", "", "verwerkingen", False),
        (
            "Met welke tool hou je het bij?",
            "single_choice",
            "Eigen toepassing\nSpreadsheet\nAndere",
            "",
            False,
        ),
    ]
    made = []
    for position, (text, kind, choices, unit, required) in enumerate(questions, start=1):
        question, _ = SurveyQuestion.objects.update_or_create(
            rondvraag=rondvraag, position=position,
            defaults={"text": text, "kind": kind, "choices": choices, "unit": unit, "required": required},
        )  # fmt: skip
        made.append(question)
    for slug in ("gent", "antwerpen", "mechelen"):
        recipient, _ = Recipient.objects.get_or_create(
            rondvraag=rondvraag, organisation=orgs[slug],
            defaults={"token_hash": hashlib.sha256(f"demo-{slug}".encode()).hexdigest(),
                      "invited_at": timezone.now()},
        )  # fmt: skip
        if slug == "antwerpen":
            for question, value in zip(made, ["yes", 412.0, "Eigen toepassing"], strict=True):
                Answer.objects.update_or_create(recipient=recipient, question=question,
                                                defaults={"value": value, "version": 1})  # fmt: skip
            Recipient.objects.filter(pk=recipient.pk).update(
                status=Recipient.Status.SUBMITTED, submitted_at=timezone.now(), opened_at=timezone.now()
            )
