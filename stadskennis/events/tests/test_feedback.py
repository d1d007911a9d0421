"""The feedback form after an event: asked once of those who came, given once per person, summarised
without names and only in whole steps of five answers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import mail_body
from stadskennis.accounts.tests.factories import MemberFactory
from stadskennis.events import attendance, feedback, registrations
from stadskennis.events.models import Feedback
from stadskennis.events.tasks import send_feedback_request
from stadskennis.events.tests.factories import make_event

pytestmark = pytest.mark.django_db

ANSWER = {
    "overall": "4",
    "content": "5",
    "organisation": "3",
    "usefulness": "4",
    "comment": "Sterke sprekers.",
}


def _came(event, people, organiser):
    came = []
    for person in people:
        registration = registrations.register_member(event=event, user=person)
        attendance.check_in(registration=registration, actor=organiser)
        came.append(registration)
    return came


@pytest.fixture
def ended(cast, centre):
    """An event that ended an hour ago, where six members came and one registered but stayed away."""
    event = make_event(owner=centre, actor=cast["editor"], title="Studiedag erfgoed", days_ahead=1)
    people = [cast["member"], cast["other_member"], *(MemberFactory(organisation=centre) for _ in range(4))]
    came = _came(event, people, cast["editor"])
    absent = registrations.register_member(event=event, user=MemberFactory(organisation=centre))
    event.starts_at, event.ends_at = timezone.now() - timedelta(hours=4), timezone.now() - timedelta(hours=1)
    event.save(update_fields=["starts_at", "ends_at"])
    return event, came, absent


def test_those_who_came_are_asked_once(ended, mailbox, django_capture_on_commit_callbacks):
    event, came, absent = ended
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert feedback.requests_due() == 6
    assert len(queued) == 6
    assert feedback.requests_due() == 0  # never twice
    mailbox.clear()
    assert send_feedback_request.call(came[0].pk) == "sent"
    (message,) = mailbox
    assert message["Subject"] == "Hoe was het? Studiedag erfgoed"
    assert reverse("events:feedback", args=[came[0].token]) in mail_body(message)
    assert send_feedback_request.call(absent.pk) == "skipped"


def test_a_participant_gives_feedback_once(ended, client):
    event, came, absent = ended
    url = reverse("events:feedback", args=[came[0].token])
    bad = client.post(url, {**ANSWER, "overall": "9"})
    assert bad.status_code == 400 and "9 is geen beschikbare keuze" in bad.content.decode()
    assert not Feedback.objects.exists()  # nothing half-written
    assert client.post(url, ANSWER).status_code == 302
    assert "Je gaf je feedback" in client.post(url, {**ANSWER, "overall": "1"}).content.decode()
    (given,) = Feedback.objects.all()
    assert (given.overall, given.content, given.comment) == (4, 5, "Sterke sprekers.")  # the first stays
    assert "Je gaf je feedback" in client.get(url).content.decode()
    # Who registered but did not come, and anyone before the event ends, gets no form.
    assert client.get(reverse("events:feedback", args=[absent.token])).status_code == 403
    assert client.get(reverse("events:feedback", args=["geen-echte-code"])).status_code == 404


def test_the_summary_is_anonymous_and_moves_five_answers_at_a_time(ended, cast, client, client_for):
    event, came, _absent = ended
    summary_url = reverse("events:feedback_summary", args=[event.slug])
    organiser = client_for(cast["editor"])

    def answer(registration, overall, comment=""):
        url = reverse("events:feedback", args=[registration.token])
        client.post(url, {**ANSWER, "overall": overall, "comment": comment})

    for registration, score in zip(came[:4], ["4", "2", "3", "5"], strict=True):
        answer(registration, score, "Te lang." if score == "2" else "")
    early = organiser.get(summary_url).content.decode()
    assert "4 mensen gaven feedback" in early and "Te lang." not in early
    answer(came[4], "1")
    page = organiser.get(summary_url).content.decode()
    assert "5 mensen gaven feedback" in page and "Te lang." in page
    assert "3,0" in page  # the average of 4, 2, 3, 5 and 1, in Belgian notation
    assert "Greet" not in page and "Arne" not in page  # no names
    # A sixth answer shows nobody's ratings: the summary waits for five more.
    answer(came[5], "5", "Nieuw!")
    later = organiser.get(summary_url).content.decode()
    assert "6 mensen gaven feedback" in later and "Nieuw!" not in later and "3,0" in later
    assert client_for(cast["member"]).get(summary_url).status_code == 403
