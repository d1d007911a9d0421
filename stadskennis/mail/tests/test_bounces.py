"""Bounces and complaints: read from a delivery status notification or the webhook, and the one rule
on which addresses we stop mailing, as the Agenda's form and its mails apply it."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from stadskennis.events import registrations
from stadskennis.events.models import Event
from stadskennis.events.tasks import send_registration_mail
from stadskennis.events.tests.factories import make_event
from stadskennis.mail import services
from stadskennis.mail.models import MailBounce

pytestmark = pytest.mark.django_db

DSN = b"""From: MAILER-DAEMON@mail.stad.example
To: noreply@stadskennis.example
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

I'm sorry to have to inform you that your message could not be delivered.

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.stad.example

Final-Recipient: rfc822; Weg@Zele.example
Action: failed
Status: 5.1.1

Final-Recipient: rfc822; vol@zele.example
Action: delayed
Status: 4.2.2

--B--
"""


def test_a_delivery_status_notification_stops_mail_to_the_failed_address(centre):
    out = io.StringIO()
    call_command("mail-bounce", stdin=io.BytesIO(DSN), stdout=out)
    assert services.is_undeliverable("weg@zele.example")  # 5.1.1: at once
    assert not services.is_undeliverable("vol@zele.example")  # 4.2.2: once is not enough
    event = make_event(owner=centre, audience=Event.Audience.PUBLIC, visibility="public")
    with pytest.raises(registrations.RegistrationRefused, match="kwam eerder niet aan"):
        registrations.register_guest(
            event=event, name="W", email="WEG@zele.example", organisation_name="Zele"
        )


def test_temporary_failures_stop_mail_from_the_limit_on(settings):
    settings.MAIL_SOFT_BOUNCE_LIMIT = 3
    for n in range(3):
        assert not services.is_undeliverable("vol@zele.example"), n
        services.bounce_record(services.Report(address="vol@zele.example", kind="soft", status="4.2.2"))
    assert services.is_undeliverable("vol@zele.example")
    services.address_confirmed("VOL@zele.example")  # a link mailed to it was followed
    assert not services.is_undeliverable("vol@zele.example")


def test_bad_notifications_record_nothing_and_say_why():
    err = io.StringIO()
    call_command("mail-bounce", stdin=io.BytesIO(b"Subject: hallo\n\ngewone mail"), stderr=err)
    assert "not a delivery status notification" in err.getvalue()
    with pytest.raises(services.BadReport, match="larger than"):
        services.reports_from_dsn(b"x" * (services.MAX_REPORT_BYTES + 1))
    assert not MailBounce.objects.exists()


def test_the_webhook_takes_reports_all_or_nothing(client, settings):
    url = reverse("mail:bounces")
    assert client.post(url, "{}", content_type="application/json").status_code == 404  # not configured
    settings.MAIL_BOUNCE_WEBHOOK_TOKEN = "geheim-token"
    bearer = {"HTTP_AUTHORIZATION": "Bearer geheim-token"}
    assert client.post(url, "{}", content_type="application/json").status_code == 403
    mixed = [{"address": "a@zele.example", "kind": "complaint"}, {"address": "geen adres", "kind": "hard"}]
    bad = client.post(url, json.dumps(mixed), content_type="application/json", **bearer)
    assert bad.status_code == 400 and "not an email address" in bad.json()["error"]
    assert not MailBounce.objects.exists()  # the good report of the batch is not kept either
    assert client.post(url, "{niet json", content_type="application/json", **bearer).status_code == 400
    nul = [{"address": "b@zele.example", "kind": "soft", "status": "4.2.2\u0000"}]
    refused = client.post(url, json.dumps(nul), content_type="application/json", **bearer)
    assert refused.status_code == 400 and refused.json() == {
        "error": "report 1: a NUL character is not allowed"
    }
    odd_length = client.post(url, "{}", content_type="application/json", CONTENT_LENGTH="veel", **bearer)
    assert odd_length.status_code == 413
    good = client.post(url, json.dumps(mixed[:1]), content_type="application/json", **bearer)
    assert good.json() == {"recorded": 1} and services.is_undeliverable("a@zele.example")


def test_no_mail_goes_to_an_address_that_bounced_and_organisers_see_it(cast, centre, mailbox, client_for):
    event = make_event(owner=centre)
    registration = registrations.register_member(event=event, user=cast["member"])
    registrants = reverse("events:registrants", args=[event.slug])
    assert "mail komt niet aan" not in client_for(cast["editor"]).get(registrants).content.decode()
    services.bounce_record(services.Report(address=cast["member"].email, kind="hard"))
    assert send_registration_mail.call(registration.pk, registration.status) == "undeliverable"
    assert mailbox == []
    assert "mail komt niet aan" in client_for(cast["editor"]).get(registrants).content.decode()


def test_only_a_followed_link_clears_a_bounce(cast, centre):
    """A member registering proves nothing about their mailbox; a guest confirming by the link does."""
    event = make_event(owner=centre, audience=Event.Audience.PUBLIC, visibility="public")
    services.bounce_record(services.Report(address=cast["member"].email, kind="hard"))
    registrations.register_member(event=event, user=cast["member"])
    assert services.is_undeliverable(cast["member"].email)
    guest = registrations.register_guest(
        event=event, name="Ann", email="ann@zele.example", organisation_name="Z"
    )
    services.bounce_record(services.Report(address="ann@zele.example", kind="soft"))
    registrations.confirm_email(registration=guest)
    assert not MailBounce.objects.filter(address="ann@zele.example").exists()
