"""Each member's participation counted from the activity that produced it, and the annual report that
holds what the year held: drafted by the real worker with its progress, published as a page, a PDF
(read back) and a knowledge item."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from stadskennis.core.models import ProgrammeLine
from stadskennis.core.reference import reference_load
from stadskennis.events.models import Registration
from stadskennis.events.tests.factories import make_event
from stadskennis.knowledge.models import KnowledgeItem
from stadskennis.knowledge.tests.factories import KnowledgeItemFactory
from stadskennis.network.models import Meeting
from stadskennis.network.tests.factories import MeetingFactory, PersonFactory, WorkgroupFactory
from stadskennis.newsletter.models import Issue, IssueItem
from stadskennis.programmes import annual_report
from stadskennis.programmes.models import AnnualReport
from stadskennis.programmes.participation import participation
from stadskennis.questions.models import Question, Recipient
from stadskennis.questions.tests.factories import QuestionFactory, RecipientFactory, RondvraagFactory


def in_2019(month: int, day: int = 10) -> datetime:
    return timezone.make_aware(datetime(2019, month, day, 10))


@pytest.fixture
def year_2019(cast, gent, antwerpen):
    reference_load()
    obmi = ProgrammeLine.objects.get(name__startswith="O(mgeving)", period__name="2017–2021")
    greet = PersonFactory(first_name="Greet", organisation=gent)
    arne = PersonFactory(first_name="Arne", organisation=antwerpen)
    group = WorkgroupFactory(name="Werkgroep OBMI", programme_line=obmi)
    MeetingFactory(workgroup=group, starts_at=in_2019(3), attendees=[greet, arne])
    MeetingFactory(workgroup=group, starts_at=in_2019(6), attendees=[greet])
    MeetingFactory(workgroup=group, starts_at=timezone.make_aware(datetime(2018, 6, 1)), attendees=[greet])
    event = make_event(owner=gent, title="Studiedag indicatoren", programme_line=obmi, days_ahead=0)
    event.starts_at, event.ends_at = in_2019(5), in_2019(5).replace(hour=16)
    event.save(update_fields=["starts_at", "ends_at"])
    Registration.objects.create(
        event=event,
        user=cast["member"],
        name="Greet",
        email="greet@gent.example",
        organisation=gent,
        status="confirmed",
        attended_at=in_2019(5),
    )
    Registration.objects.create(
        event=event, name="Gast", email="gast@gent.example", organisation=gent, status="confirmed"
    )
    Registration.objects.create(
        event=event, name="Weg", email="weg@gent.example", organisation=gent, status="cancelled"
    )
    rondvraag = RondvraagFactory(title="Rondvraag parkeerbeleid", programme_line=obmi)
    type(rondvraag).objects.filter(pk=rondvraag.pk).update(created_at=in_2019(8))
    RecipientFactory(rondvraag=rondvraag, organisation=gent, actor=cast["editor"])
    Recipient.objects.filter(organisation=gent).update(status="submitted", submitted_at=in_2019(9))
    RecipientFactory(rondvraag=rondvraag, organisation=antwerpen, actor=cast["editor"])  # invited, silent
    question = QuestionFactory(asker=cast["member"], title="Wie meet leegstand?")
    Question.objects.filter(pk=question.pk).update(created_at=in_2019(2), answered_at=in_2019(3))
    item = KnowledgeItemFactory(
        title="Praktijk datawarehouse Gent",
        owner=gent,
        visibility="public",
        kind="practice",
        programme_line=obmi,
    )
    KnowledgeItem.objects.filter(pk=item.pk).update(created_at=in_2019(4))
    issue = Issue.objects.create(number=120, month=date(2019, 5, 1), status=Issue.Status.SENT)
    IssueItem.objects.create(issue=issue, kind="practice", knowledge_item=item)
    return {"gent": gent, "antwerpen": antwerpen, "obmi": obmi}


@pytest.mark.django_db
def test_participation_counts_what_each_member_took_part_in(year_2019):
    rows = {
        row.organisation.slug: row for row in participation(2019, [year_2019["gent"], year_2019["antwerpen"]])
    }
    assert rows["gent"].figures == {
        "fee_budget": 0,
        "fee_paid": 0,
        "workgroups": 1,
        "meetings": 2,
        "rounds_answered": 1,
        "events": 1,
        "event_attendances": 1,
        "questions": 1,
        "items": 1,
    }
    assert rows["gent"].workgroups == ["Werkgroep OBMI"]
    assert rows["antwerpen"].figures["meetings"] == 1
    assert rows["antwerpen"].figures["rounds_answered"] == 0
    assert rows["antwerpen"].figures["events"] == 0
    assert Meeting.objects.count() == 3  # the 2018 meeting exists but counts for no one in 2019


@pytest.mark.django_db
def test_a_member_sees_its_own_participation_and_not_another(year_2019, cast, client_for):
    member = client_for(cast["member"])
    assert member.get("/werking/deelname/2019/").url == "/werking/deelname/2019/gent/"
    assert "Werkgroep OBMI" in member.get("/werking/deelname/2019/gent/").content.decode()
    assert member.get("/werking/deelname/2019/antwerpen/").status_code == 403
    assert client_for(cast["editor"]).get("/werking/deelname/2019/antwerpen/").status_code == 200


@pytest.mark.django_db
def test_the_report_holds_what_the_year_held(year_2019):
    snapshot = annual_report.gather(AnnualReport(year=2019))
    obmi = next(line for line in snapshot["lines"] if line["id"] == year_2019["obmi"].pk)
    assert (obmi["workgroup_count"], obmi["meeting_count"]) == (1, 2)
    assert obmi["events"] == [
        {"title": "Studiedag indicatoren", "date": "2019-05-10", "participants": 2, "present": 1}
    ]
    assert obmi["round_count"] == 1
    assert obmi["items"] == [{"title": "Praktijk datawarehouse Gent", "kind": "Praktijk"}]
    assert obmi["newsletter_count"] == 1
    assert snapshot["questions"]["answered"] == 1
    assert snapshot["newsletters"] == 1
    others = [line for line in snapshot["lines"] if line["id"] != year_2019["obmi"].pk]
    assert sum(line["meeting_count"] + line["event_count"] + line["item_count"] for line in others) == 0
    assert snapshot["accounts"] is None  # not approved: the report says so


@pytest.mark.django_db(transaction=True)  # the worker closes its connection
def test_the_worker_drafts_the_report_and_the_editor_publishes_it(year_2019, cast, client_for):
    editor = client_for(cast["editor"])
    assert client_for(None).get("/werking/jaarverslag/2019/").status_code == 404
    editor.post("/werking/jaarverslag/2019/opstellen/")
    report = AnnualReport.objects.get(year=2019)
    assert report.drafting == "queued"
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    report.refresh_from_db()
    assert report.drafting == "done"
    assert report.draft_done == report.draft_total > 0  # the progress went the whole way
    field = f"line_{year_2019['obmi'].pk}"
    response = editor.post(
        "/werking/jaarverslag/2019/",
        {"introduction": "Een jaar van **data**.", field: "De steden deelden hun cijfers."},
    )
    assert response.status_code == 302
    editor.post("/werking/jaarverslag/2019/publiceren/")
    page = client_for(None).get("/werking/jaarverslag/2019/").content.decode()
    assert "De steden deelden hun cijfers." in page and "Studiedag indicatoren" in page
    from pypdf import PdfReader

    pdf = client_for(None).get("/werking/jaarverslag/2019/jaarverslag.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Jaarverslag 2019" in text and "De steden deelden hun cijfers." in text
    assert "Studiedag indicatoren" in text and "Stad Gent" in text
    item = AnnualReport.objects.get(year=2019).published_item
    assert (item.title, item.visibility, item.kind) == ("Jaarverslag 2019", "public", "study")
    assert "De steden deelden hun cijfers." in item.body
