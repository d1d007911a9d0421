"""Governing bodies: a seat is access, the meetings and documents are for the body's members only
(centre staff outside it included), the register of decisions for members and staff, and the draft
budget for the executive board's members and staff."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from stadskennis.accounts.tests.factories import EditorFactory, MemberFactory
from stadskennis.core.models import AuditEntry
from stadskennis.core.reference import reference_load
from stadskennis.programmes import governance
from stadskennis.programmes.models import BodyMeeting, Decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(cast, gent):
    reference_load()
    secretary = EditorFactory(email="secretaris@centre.example", full_name="Sara Secretaris")
    body = governance.body_create(
        slug="dagelijks-bestuur",
        name="Dagelijks bestuur",
        kind="executive_board",
        actor=secretary,
        sees_draft_budget=True,
    )
    mayor = MemberFactory(email="burgemeester@gent.example", full_name="Burgemeester Gent", organisation=gent)
    governance.seat_add(body=body, user=mayor, actor=secretary, function="algemeen directeur", chairs=True)
    meeting = governance.meeting_save(
        meeting=BodyMeeting(body=body),
        actor=secretary,
        attendees=[mayor],
        title="Vergadering dagelijks bestuur",
        starts_at=timezone.now(),
        agenda="1. Begroting 2020",
        minutes="Het bestuur keurt het **werkprogramma** goed.",
    )
    governance.document_add(
        meeting=meeting,
        upload=SimpleUploadedFile("nota.pdf", b"%PDF-1.4 vertrouwelijk"),
        title="Nota begroting",
        actor=secretary,
    )
    return {"body": body, "secretary": secretary, "mayor": mayor, "meeting": meeting}


def test_the_meeting_and_its_documents_are_for_the_members_only(board, cast, client_for):
    meeting, document = board["meeting"], board["meeting"].documents.get()
    url = meeting.get_absolute_url()
    for who, expected in [
        (board["mayor"], 200),
        (board["secretary"], 200),
        (cast["editor"], 404),
        (cast["administrator"], 404),
        (cast["member"], 403),
    ]:
        assert client_for(who).get(url).status_code == expected, who
    assert "<strong>werkprogramma</strong>" in client_for(board["mayor"]).get(url).content.decode()
    assert (
        b"".join(client_for(board["mayor"]).get(document.get_absolute_url()).streaming_content)
        == b"%PDF-1.4 vertrouwelijk"
    )
    assert client_for(cast["editor"]).get(document.get_absolute_url()).status_code == 404
    assert client_for(None).get(document.get_absolute_url()).status_code == 302
    body_page = client_for(cast["editor"]).get(board["body"].get_absolute_url()).content.decode()
    assert "Burgemeester Gent" in body_page  # the roster: staff see who sits
    assert "Vergadering dagelijks bestuur" not in body_page  # but not what the body met about


def test_leaving_the_body_ends_the_access_at_once(board, client_for):
    governance.seat_remove(body=board["body"], user=board["mayor"], actor=board["secretary"])
    assert client_for(board["mayor"]).get(board["meeting"].get_absolute_url()).status_code == 403


def test_the_executive_board_reads_the_draft_budget_but_cannot_change_it(board, cast, client_for):
    mayor = client_for(board["mayor"])
    page = mayor.get("/werking/geld/2019/")
    assert page.status_code == 200
    assert "Export van de kostenplaats importeren" not in page.content.decode()
    assert mayor.get("/werking/geld/2019/importeren/").status_code == 403
    assert mayor.get("/werking/geld/2019/begroting/nieuw/").status_code == 403
    assert client_for(cast["member"]).get("/werking/geld/2019/").status_code == 403
    client_for(cast["editor"]).post("/werking/werkprogramma/2019/")  # staff start it
    programme = mayor.get("/werking/werkprogramma/2019/")
    assert programme.status_code == 200 and "Activiteit plannen" not in programme.content.decode()
    assert (
        mayor.post("/werking/werkprogramma/2019/beoordeling/", {"reviewed_on": "2019-02-14"}).status_code
        == 403
    )
    assert mayor.post("/werking/werkprogramma/2020/").status_code == 403
    governance.seat_remove(body=board["body"], user=board["mayor"], actor=board["secretary"])
    assert mayor.get("/werking/geld/2019/").status_code == 403


def test_decisions_are_registered_for_members_and_staff_and_can_be_turned_back(board, cast, client_for):
    secretary = client_for(board["secretary"])
    response = secretary.post(
        board["body"].get_absolute_url(),
        {
            "decision": "1",
            "number": "2019/01",
            "decided_on": "2019-02-14",
            "meeting": board["meeting"].pk,
            "title": "Werkprogramma 2019 goedgekeurd",
        },
    )
    assert response.status_code == 302
    duplicate = secretary.post(
        board["body"].get_absolute_url(),
        {"decision": "1", "number": "2019/01", "decided_on": "2019-02-14", "title": "Nog eens"},
    )
    assert duplicate.status_code == 400
    assert Decision.objects.count() == 1
    assert (
        "Werkprogramma 2019 goedgekeurd"
        in client_for(cast["editor"]).get(board["body"].get_absolute_url()).content.decode()
    )
    other = MemberFactory(email="x@antwerpen.example", organisation=cast["other_member"].organisation)
    governance.seat_add(
        body=governance.body_create(slug="ander", name="Ander", kind="other", actor=board["secretary"]),
        user=other,
        actor=board["secretary"],
    )
    assert (
        "Werkprogramma 2019" not in client_for(other).get(board["body"].get_absolute_url()).content.decode()
    )
    assert (
        client_for(cast["editor"])
        .post(
            board["body"].get_absolute_url(),
            {"decision": "1", "number": "2019/02", "decided_on": "2019-02-14", "title": "Niet van mij"},
        )
        .status_code
        == 403
    )
    decision = Decision.objects.get()
    created = AuditEntry.objects.get(
        action="create", content_type__model="decision", object_id=str(decision.pk)
    )
    assert created.object_repr == "Dagelijks bestuur 2019/01"  # the log names the number, not the title
    from stadskennis.programmes.services import change_revert

    change_revert(entry=created, actor=board["secretary"])
    assert not Decision.objects.alive().exists()


def test_only_members_can_be_present(board):
    outsider = MemberFactory(email="buiten@example.org")
    with pytest.raises(Exception, match="leden|members"):
        governance.meeting_save(meeting=board["meeting"], actor=board["secretary"], attendees=[outsider])
    assert list(board["meeting"].attendees.all()) == [board["mayor"]]
