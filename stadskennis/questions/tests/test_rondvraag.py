"""Survey rounds: compose, send with personal links, answer as an organisation (drafts, versions,
conflicts, required questions, numbers), follow up, compare, export and publish."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import load_workbook

from stadskennis.accounts.tests.factories import MemberFactory
from stadskennis.knowledge.models import KnowledgeItem
from stadskennis.network.tests.factories import PersonFactory
from stadskennis.questions import rondvraag as service
from stadskennis.questions.models import AnswerVersion, Recipient, Rondvraag
from stadskennis.questions.tests.factories import RondvraagFactory, SurveyQuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_(cast, centre, gent, antwerpen):
    for user, organisation in ((cast["member"], gent), (cast["other_member"], antwerpen)):
        PersonFactory(first_name=user.full_name, email=user.email, organisation=organisation, user=user)
    r = RondvraagFactory(title="GDPR-register in de steden", owner=centre, visibility="organisation")
    SurveyQuestionFactory(
        rondvraag=r, position=1, text="Heeft uw stad een register?", kind="yes_no", required=True
    )
    SurveyQuestionFactory(rondvraag=r, position=2, text="Aantal verwerkingen", kind="number", unit="stuks")
    SurveyQuestionFactory(
        rondvraag=r,
        position=3,
        text="Welke tool?",
        kind="single_choice",
        choices="Eigen toepassing\nSpreadsheet\nAndere",
        with_explanation=True,
    )
    return r


def _q(round_, position):
    return round_.questions.get(position=position)


def _post(client, round_, data, **extra):
    return client.post(f"/vraagbaak/rondvragen/{round_.pk}/antwoorden/", data, **extra)


def _answers(round_, yes="yes", number="", tool="", versions=None):
    q1, q2, q3 = (_q(round_, i) for i in (1, 2, 3))
    versions = versions or {}
    return {
        f"q{q1.pk}": yes,
        f"q{q1.pk}_version": versions.get(1, 0),
        f"q{q2.pk}": number,
        f"q{q2.pk}_version": versions.get(2, 0),
        f"q{q3.pk}": tool,
        f"q{q3.pk}_version": versions.get(3, 0),
        f"q{q3.pk}_explanation": "sinds 2019",
    }


@pytest.mark.django_db(transaction=True)  # the worker closes its connection
def test_a_full_round_from_composition_to_published_comparison(
    round_, cast, client_for, gent, antwerpen, mailbox
):
    editor = client_for(cast["editor"])
    editor.post(f"/vraagbaak/rondvragen/{round_.pk}/versturen/", {"organisations": [gent.pk, antwerpen.pk]})
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert sorted(m["To"] for m in mailbox) == sorted([cast["member"].email, cast["other_member"].email])
    link = re.search(r"http\S+antwoorden/\?t=\S+", mailbox[0].get_payload(decode=True).decode()).group(0)
    assert "/antwoorden/?t=" in link
    round_.refresh_from_db()
    assert round_.phase == "open"
    greet, arne = client_for(cast["member"]), client_for(cast["other_member"])
    _post(greet, round_, {**_answers(round_, number="412", tool="Eigen toepassing"), "submit": "1"})
    _post(arne, round_, {**_answers(round_, yes="no", number="1.250,5", tool="Spreadsheet"), "submit": "1"})
    assert Recipient.objects.filter(submitted_at__isnull=False).count() == 2
    html = editor.get(f"/vraagbaak/rondvragen/{round_.pk}/vergelijking/").content.decode()
    assert "412 stuks" in html and "1 250,5 stuks" in html and "sinds 2019" in html
    assert "Totaal van de 2 antwoordende organisaties: 1 662,5 stuks" in html
    # the XLSX, read back cell by cell
    book = load_workbook(
        io.BytesIO(editor.get(f"/vraagbaak/rondvragen/{round_.pk}/vergelijking/?formaat=xlsx").content)
    )
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Organisatie", "NIS-code", "Ingediend", "Heeft uw stad een register?")
    assert rows[0][4:] == (
        "Heeft uw stad een register? – toelichting",
        "Aantal verwerkingen (stuks)",
        "Aantal verwerkingen – toelichting",
        "Welke tool?",
        "Welke tool? – toelichting",
    )
    by_org = {row[0]: row[2:] for row in rows[1:]}
    assert by_org["Stad Gent"][1:] == ("ja", None, 412, None, "Eigen toepassing", "sinds 2019")
    assert by_org["Stad Antwerpen"][1:] == ("nee", None, 1250.5, None, "Spreadsheet", "sinds 2019")
    assert by_org["Stad Gent"][0] is not None  # when it was submitted
    # before publication a member sees no comparison; after, the network does, and search finds it
    assert arne.get(f"/vraagbaak/rondvragen/{round_.pk}/vergelijking/").status_code == 404
    review = f"/vraagbaak/rondvragen/{round_.pk}/publiceren/"
    fingerprint = editor.get(review).context["form"]["fingerprint"].value()  # what the editor reviewed
    response = editor.post(review, {"visibility": "network", "fingerprint": fingerprint})
    item = KnowledgeItem.objects.get(title__contains="GDPR-register in de steden")
    assert response["Location"] == item.get_absolute_url()
    assert arne.get(f"/vraagbaak/rondvragen/{round_.pk}/vergelijking/").status_code == 200
    assert (
        "GDPR-register in de steden" in arne.get("/zoeken/", {"q": "verwerkingen register"}).content.decode()
    )


def test_a_respondent_sees_only_their_own_organisations_answers(round_, cast, client_for, gent, antwerpen):
    service.send(rondvraag=round_, organisations=[gent, antwerpen], actor=cast["editor"])
    _post(client_for(cast["member"]), round_, _answers(round_, number="77777"))
    arne_page = (
        client_for(cast["other_member"])
        .get(f"/vraagbaak/rondvragen/{round_.pk}/antwoorden/")
        .content.decode()
    )
    assert "77777" not in arne_page
    assert (
        "77777"
        in client_for(cast["member"]).get(f"/vraagbaak/rondvragen/{round_.pk}/antwoorden/").content.decode()
    )


def test_a_forwarded_or_old_link_opens_nothing(round_, cast, client_for, gent, centre):
    service.send(rondvraag=round_, organisations=[gent], actor=cast["editor"])
    outsider = MemberFactory(organisation=centre)
    assert (
        client_for(outsider).get(f"/vraagbaak/rondvragen/{round_.pk}/antwoorden/?t=anything").status_code
        == 404
    )
    assert (
        client_for(cast["member"]).get(f"/vraagbaak/rondvragen/{round_.pk}/antwoorden/?t=oud").status_code
        == 404
    )
    assert client_for(None).get(f"/vraagbaak/rondvragen/{round_.pk}/antwoorden/").status_code == 302


def test_a_required_question_left_open_blocks_submission_and_says_which(round_, cast, client_for, gent):
    service.send(rondvraag=round_, organisations=[gent], actor=cast["editor"])
    html = _post(
        client_for(cast["member"]), round_, {**_answers(round_, yes=""), "submit": "1"}
    ).content.decode()
    assert "Heeft uw stad een register?" in html and "deze vraag is verplicht" in html
    assert Recipient.objects.get().submitted_at is None


def test_a_number_rejects_words_with_a_clear_message(round_, cast, client_for, gent):
    service.send(rondvraag=round_, organisations=[gent], actor=cast["editor"])
    html = _post(client_for(cast["member"]), round_, _answers(round_, number="ongeveer 12")).content.decode()
    assert "“ongeveer 12” is geen getal" in html
    assert not round_.questions.get(position=2).answers.exists()


def test_a_file_too_large_or_forbidden_is_refused_with_the_reason(round_, cast, client_for, gent, settings):
    q = SurveyQuestionFactory(rondvraag=round_, position=4, text="Bezorg het register", kind="file")
    service.send(rondvraag=round_, organisations=[gent], actor=cast["editor"])
    member = client_for(cast["member"])
    html = _post(
        member, round_, {**_answers(round_), f"q{q.pk}": SimpleUploadedFile("x.exe", b"MZ")}
    ).content.decode()
    assert "niet aanvaard" in html
    settings.MAX_UPLOAD_SIZE = 10
    html = _post(
        member, round_, {**_answers(round_), f"q{q.pk}": SimpleUploadedFile("r.pdf", b"x" * 100)}
    ).content.decode()
    assert "de limiet is" in html


def test_two_colleagues_at_once_never_overwrite_silently(round_, cast, client_for, gent):
    colleague = MemberFactory(email="collega@gent.example", organisation=gent)
    service.send(rondvraag=round_, organisations=[gent], actor=cast["editor"])
    greet, collega = client_for(cast["member"]), client_for(colleague)
    _post(greet, round_, _answers(round_, number="100"))  # version 1 of the number
    html = _post(collega, round_, _answers(round_, number="150")).content.decode()  # based on version 0
    assert "niet bewaard" in html and "100" in html and "150" in html
    answer = round_.questions.get(position=2).answers.get()
    assert answer.value == 100 and answer.version == 1
    _post(collega, round_, _answers(round_, number="150", versions={1: 1, 2: 1, 3: 1}))  # after seeing it
    answer.refresh_from_db()
    assert answer.value == 150 and answer.version == 2
    assert list(AnswerVersion.objects.filter(answer=answer).values_list("value", flat=True)) == [100, 150]


@pytest.mark.django_db(transaction=True)
def test_tracker_and_reminder_to_who_has_not_submitted(round_, cast, client_for, gent, antwerpen, mailbox):
    service.send(rondvraag=round_, organisations=[gent, antwerpen], actor=cast["editor"])
    _post(client_for(cast["member"]), round_, {**_answers(round_), "submit": "1"})
    client_for(cast["other_member"]).get(f"/vraagbaak/rondvragen/{round_.pk}/antwoorden/")
    html = client_for(cast["editor"]).get(round_.get_absolute_url()).content.decode()
    assert "ingediend" in html and "geopend" in html
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    mailbox.clear()
    client_for(cast["editor"]).post(f"/vraagbaak/rondvragen/{round_.pk}/herinneren/")
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert [m["To"] for m in mailbox] == [cast["other_member"].email]


def test_editor_reopens_a_submitted_answer(round_, cast, client_for, gent):
    service.send(rondvraag=round_, organisations=[gent], actor=cast["editor"])
    _post(client_for(cast["member"]), round_, {**_answers(round_), "submit": "1"})
    recipient = Recipient.objects.get()
    assert _post(client_for(cast["member"]), round_, _answers(round_, number="5")).status_code == 403
    client_for(cast["editor"]).post(f"/vraagbaak/rondvragen/{round_.pk}/heropenen/{recipient.pk}/")
    recipient.refresh_from_db()
    assert recipient.submitted_at is None


@pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("member", 403), ("other_member", 403)])
def test_composing_and_tracking_are_for_editors(round_, cast, client_for, role, status):
    response = client_for(cast[role]).get(round_.get_absolute_url())
    assert response.status_code == status  # anonymous: to the login page; members: refused
    if status == 302:
        assert response["Location"].startswith("/account/aanmelden/")
    assert client_for(cast[role]).get(f"/vraagbaak/rondvragen/{round_.pk}/vergelijking/").status_code == 404


def test_composing_a_choice_question_needs_choices(round_, cast, client_for):
    round_.phase = "draft"
    round_.save()
    response = client_for(cast["editor"]).post(
        f"/vraagbaak/rondvragen/{round_.pk}/vragen/",
        {"text": "Kies", "kind": "single_choice", "choices": "enkel één", "position": 5},
        follow=True,
    )
    assert "minstens twee keuzes" in response.content.decode()
    assert not round_.questions.filter(text="Kies").exists()


@pytest.mark.django_db(transaction=True)
def test_the_reminder_goes_out_by_itself_days_before_the_deadline(round_, cast, gent, antwerpen, mailbox):
    from datetime import timedelta

    from django.utils import timezone

    from stadskennis.network.tasks import send_due_reminders

    round_.deadline, round_.reminder_days = timezone.now() + timedelta(days=2), 3
    round_.save()
    service.send(rondvraag=round_, organisations=[gent, antwerpen], actor=cast["editor"])
    Recipient.objects.filter(organisation=antwerpen).update(submitted_at=timezone.now())
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    mailbox.clear()
    assert send_due_reminders.call() == 1
    assert send_due_reminders.call() == 0  # once
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert [m["To"] for m in mailbox] == [cast["member"].email]
    assert "/antwoorden/" in mailbox[0].get_payload(decode=True).decode()


def test_the_personal_link_expires_with_the_round(round_, cast, client_for, gent):
    import secrets

    service.send(rondvraag=round_, organisations=[gent], actor=cast["editor"])
    token = secrets.token_urlsafe(8)
    Recipient.objects.update(token_hash=service._hash(token))
    url = f"/vraagbaak/rondvragen/{round_.pk}/antwoorden/?t={token}"
    assert client_for(cast["member"]).get(url).status_code == 200
    round_.phase = "closed"
    round_.save()
    assert client_for(cast["member"]).get(url).status_code == 404


def test_a_round_is_copied_and_compared_over_time(round_, cast, client_for, gent):
    service.send(rondvraag=round_, organisations=[gent], actor=cast["editor"])
    _post(client_for(cast["member"]), round_, {**_answers(round_, number="100"), "submit": "1"})
    editor = client_for(cast["editor"])
    editor.post(f"/vraagbaak/rondvragen/{round_.pk}/kopie/", {"title": "GDPR-register 2027"})
    copy = Rondvraag.objects.get(title="GDPR-register 2027")
    assert copy.phase == "draft" and copy.copied_from == round_
    assert [q.text for q in copy.questions.all()] == [q.text for q in round_.questions.all()]
    service.send(rondvraag=copy, organisations=[gent], actor=cast["editor"])
    _post(client_for(cast["member"]), copy, {**_answers(copy, number="180"), "submit": "1"})
    html = editor.get(f"/vraagbaak/rondvragen/{round_.pk}/doorheen-de-tijd/{copy.pk}/").content.decode()
    assert "100 stuks" in html and "180 stuks" in html
    assert (
        client_for(cast["member"])
        .get(f"/vraagbaak/rondvragen/{round_.pk}/doorheen-de-tijd/{copy.pk}/")
        .status_code
        == 404
    )


def test_the_report_as_pdf_holds_the_answers(round_, cast, client_for, gent):
    from pypdf import PdfReader

    round_.introduction = "Inleiding van het rapport"
    round_.save()
    service.send(rondvraag=round_, organisations=[gent], actor=cast["editor"])
    _post(
        client_for(cast["member"]),
        round_,
        {**_answers(round_, number="412", tool="Eigen toepassing"), "submit": "1"},
    )
    response = client_for(cast["editor"]).get(f"/vraagbaak/rondvragen/{round_.pk}/vergelijking/?formaat=pdf")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Inleiding van het rapport" in text and "Eigen toepassing" in text and "412 stuks" in text
    assert "Gent" in text


def test_a_respondent_invites_a_colleague_of_the_same_organisation(round_, cast, client_for, gent, mailbox):
    from stadskennis.accounts.models import Invitation

    service.send(rondvraag=round_, organisations=[gent], actor=cast["editor"])
    member = client_for(cast["member"])
    member.post(f"/vraagbaak/rondvragen/{round_.pk}/collega/", {"email": "nieuwe.collega@gent.example"})
    invitation = Invitation.objects.get(email="nieuwe.collega@gent.example")
    assert invitation.organisation == gent and invitation.role == "member"
    html = member.post(
        f"/vraagbaak/rondvragen/{round_.pk}/collega/", {"email": "geen adres"}, follow=True
    ).content.decode()
    assert "geen geldig e-mailadres" in html
    assert (
        client_for(cast["other_member"])
        .post(f"/vraagbaak/rondvragen/{round_.pk}/collega/", {"email": "x@antwerpen.example"})
        .status_code
        == 404
    )


def test_a_crash_mid_save_leaves_the_previous_answer(round_, cast, gent, monkeypatch):
    from django.db import DatabaseError

    from stadskennis.questions.models import Answer

    service.send(rondvraag=round_, organisations=[gent], actor=cast["editor"])
    recipient = Recipient.objects.get()
    question = _q(round_, 2)
    service.answer_save(
        recipient=recipient,
        question=question,
        value=10.0,
        explanation="",
        base_version=0,
        user=cast["member"],
    )

    def crash(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(
        AnswerVersion.objects, "create", crash
    )  # the failure strikes after the answer row is written
    with pytest.raises(DatabaseError):
        service.answer_save(
            recipient=recipient,
            question=question,
            value=99.0,
            explanation="",
            base_version=1,
            user=cast["member"],
        )
    answer = Answer.objects.get()
    assert answer.value == 10.0 and answer.version == 1
    assert list(AnswerVersion.objects.values_list("value", flat=True)) == [10.0]


@pytest.mark.parametrize("phase", ["open", "closed", "published"])
@pytest.mark.parametrize("role", ["anonymous", "member", "other_member", "editor"])
def test_who_sees_answers_per_role_and_phase(round_, cast, client_for, gent, phase, role):
    service.send(rondvraag=round_, organisations=[gent], actor=cast["editor"])
    _post(client_for(cast["member"]), round_, {**_answers(round_, number="424"), "submit": "1"})
    if phase == "published":
        service.publish(rondvraag=round_, actor=cast["editor"], visibility="network")
    else:
        Rondvraag.objects.filter(pk=round_.pk).update(phase=phase)
    comparison = client_for(cast[role]).get(f"/vraagbaak/rondvragen/{round_.pk}/vergelijking/")
    respond = client_for(cast[role]).get(f"/vraagbaak/rondvragen/{round_.pk}/antwoorden/")
    sees_comparison = role == "editor" or (phase == "published" and role != "anonymous")
    assert (comparison.status_code == 200 and "424 stuks" in comparison.content.decode()) is sees_comparison
    sees_own_answers = role in ("member",)  # Gent's own page; the editor is not a member of Gent
    assert (respond.status_code == 200 and "424" in respond.content.decode()) is sees_own_answers


def test_one_wrong_answer_saves_nothing_and_keeps_what_was_typed(round_, cast, client_for, gent):
    """The page and the API save answers through one service: all of them, or none when one is wrong,
    with the same message on both."""
    from stadskennis.accounts.models import ApiToken

    service.send(rondvraag=round_, organisations=[gent], actor=cast["editor"])
    member = client_for(cast["member"])
    response = _post(member, round_, _answers(round_, yes="yes", number="twaalf", tool="Spreadsheet"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "“twaalf” is geen getal" in page and 'value="twaalf"' in page  # the field at fault, as typed
    assert 'value="Spreadsheet" checked' in page  # the other answers stay in the form
    recipient = round_.recipients.get(organisation=gent)
    assert not recipient.answers.exists()  # and nothing was half saved

    _token, key = ApiToken.issue(user=cast["member"], name="test")
    q1, q2 = _q(round_, 1), _q(round_, 2)
    put = client_for(None).put(
        f"/api/rondvragen/{round_.pk}/answers",
        {"answers": [{"question": q1.pk, "value": "yes"}, {"question": q2.pk, "value": "twaalf"}]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert put.status_code == 422
    assert put.json()["errors"] == [
        {
            "field": f"answers.{q2.pk}",
            "message": "“twaalf” is geen getal. Geef enkel een getal, zoals 12 of 12,5.",
        }
    ]
    assert not recipient.answers.exists()
