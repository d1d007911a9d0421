"""Subscriptions that respect the law and the reader: double opt-in with links that expire, nobody
changing or removing someone else's subscription, one-click unsubscribe by RFC 8058, a consent log."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import mail_body
from stadskennis.mail.services import Report, bounce_record
from stadskennis.newsletter import subscriptions
from stadskennis.newsletter.forms import SignUpForm
from stadskennis.newsletter.models import Consent, Subscriber
from stadskennis.newsletter.tasks import send_already_subscribed, send_confirmation, send_welcome

pytestmark = pytest.mark.django_db
SIGNUP = reverse("newsletter:signup")
Status = Subscriber.Status


def _sign_up(client, email="ann@zele.example", **fields):
    data = {"email": email, "monthly": "on", **fields}
    return client.post(SIGNUP, data)


def _confirm_link(message) -> str:
    return re.search(r"https?://\S+/nieuwsbrief/bevestigen/\S+/", mail_body(message)).group(0)


def test_an_address_is_subscribed_only_by_following_the_mailed_link(client, mailbox):
    response = _sign_up(client, weekly="on")
    assert response.status_code == 200 and "Kijk in je mailbox" in response.content.decode()
    subscriber = Subscriber.objects.get()
    assert (subscriber.status, subscriber.monthly, subscriber.weekly) == (Status.PENDING, True, True)
    assert send_confirmation.call(subscriber.pk) == "sent"
    (message,) = mailbox
    link = _confirm_link(message).split("127.0.0.1:8000")[-1]
    assert "Bevestig" in client.get(link).content.decode()  # a GET (a mail scanner) changes nothing
    assert Subscriber.objects.get().status == Status.PENDING
    assert client.post(link).status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.status == Status.CONFIRMED
    assert [(c.action, c.source) for c in subscriber.consents.all()] == [
        ("requested", "form"), ("confirmed", "link"),
    ]  # fmt: skip
    assert "maandelijkse nieuwsbrief" in subscriber.consents.last().preferences


def test_the_welcome_mail_carries_the_one_click_unsubscribe_of_rfc_8058(mailbox, settings):
    settings.SITE_URL = "https://stadskennis.example"
    subscriber = Subscriber.objects.create(email="ann@zele.example", status=Status.CONFIRMED)
    assert send_welcome.call(subscriber.pk) == "sent"
    (message,) = mailbox
    assert (
        message["List-Unsubscribe"].strip()  # a long header is folded onto its own line
        == f"<https://stadskennis.example/nieuwsbrief/uitschrijven/{subscriber.token}/>"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"/nieuwsbrief/uitschrijven/{subscriber.token}/" in mail_body(message)  # and visible in the text


def test_the_mail_programs_post_unsubscribes_without_a_session_or_a_token():
    subscriber = Subscriber.objects.create(email="ann@zele.example", status=Status.CONFIRMED)
    mail_program = Client(enforce_csrf_checks=True)  # no cookie, no CSRF token, no login
    url = reverse("newsletter:unsubscribe", args=[subscriber.token])
    assert "Uitschrijven" in mail_program.get(url).content.decode()
    assert Subscriber.objects.get().status == Status.CONFIRMED  # a GET shows one button, nothing more
    response = mail_program.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Status.UNSUBSCRIBED
    assert subscriber.consents.get().source == Consent.Source.ONE_CLICK
    assert mail_program.post(url, "List-Unsubscribe=One-Click",
                             content_type="application/x-www-form-urlencoded").status_code == 200  # fmt: skip
    assert subscriber.consents.count() == 1  # twice is once


def test_a_tampered_link_is_a_clear_refusal(client):
    Subscriber.objects.create(email="ann@zele.example", status=Status.CONFIRMED)
    response = client.post(reverse("newsletter:unsubscribe", args=["niet-het-juiste-token"]))
    assert response.status_code == 404 and "Deze link is niet (meer) geldig" in response.content.decode()
    assert Subscriber.objects.get().status == Status.CONFIRMED
    forged = client.post(reverse("newsletter:confirm", args=["eyJzIjoxfQ:forged"]))
    assert forged.status_code == 400 and "Deze link is niet geldig" in forged.content.decode()


def test_signing_up_a_subscribed_address_changes_nothing_and_tells_its_owner_once_a_day(client, mailbox):
    subscriber = Subscriber.objects.create(email="ann@zele.example", status=Status.CONFIRMED, weekly=True)
    for _ in range(3):
        assert _sign_up(client, email="ANN@zele.example").status_code == 200  # the same page as for anyone
    subscriber.refresh_from_db()
    assert (subscriber.status, subscriber.monthly, subscriber.weekly) == (Status.CONFIRMED, True, True)
    assert not subscriber.consents.exists()
    assert send_already_subscribed.call(subscriber.pk) == "sent"
    assert "Er is niets veranderd" in mail_body(mailbox[0])
    Subscriber.objects.filter(pk=subscriber.pk).update(notified_at=timezone.now() - timedelta(days=2))
    subscriptions.subscribe_request(email="ann@zele.example", monthly=True, weekly=False)
    subscriber.refresh_from_db()
    assert subscriber.notified_at > timezone.now() - timedelta(minutes=1)


def test_a_confirmation_link_expires_and_a_newer_one_replaces_it(client, settings):
    subscriber = subscriptions.subscribe_request(email="ann@zele.example", monthly=True, weekly=False)
    old = subscriptions.confirmation_token(subscriber)
    Subscriber.objects.filter(pk=subscriber.pk).update(
        confirm_requested_at=timezone.now() - timedelta(hours=1)
    )
    subscriber = subscriptions.subscribe_request(email="ann@zele.example", monthly=True, weekly=False)
    with pytest.raises(subscriptions.SubscriptionRefused, match="Deze link werkt niet meer"):
        subscriptions.confirm(token=old)
    settings.NEWSLETTER_CONFIRM_HOURS = 0
    with pytest.raises(subscriptions.SubscriptionRefused, match="verlopen"):
        subscriptions.confirm(token=signing.dumps({"s": 1}, salt=subscriptions.SALT))
    assert Subscriber.objects.get().status == Status.PENDING


def test_an_unsubscribed_address_is_subscribed_again_only_through_a_new_link(client):
    subscriber = subscriptions.subscribe_request(email="ann@zele.example", monthly=True, weekly=False)
    link = subscriptions.confirmation_token(subscriber)
    subscriptions.confirm(token=link)
    subscriptions.unsubscribe(subscriber=subscriber, source=Consent.Source.PAGE)
    with pytest.raises(subscriptions.SubscriptionRefused):
        subscriptions.confirm(token=link)  # the old link does not bring it back
    subscriber = subscriptions.subscribe_request(email="ann@zele.example", monthly=True, weekly=False)
    assert subscriber.status == Status.UNSUBSCRIBED  # until its owner follows the new link
    assert (
        subscriptions.confirm(token=subscriptions.confirmation_token(subscriber)).status == Status.CONFIRMED
    )


def test_a_bot_and_a_flood_are_turned_away(client, settings):
    cache.clear()  # the count of this test's network starts at nought
    assert _sign_up(client, website="http://spam.example").status_code == 200
    assert not Subscriber.objects.exists()  # the honeypot: the same page, nothing saved
    settings.NEWSLETTER_SIGNUPS_PER_HOUR = 2
    codes = [_sign_up(client, email=f"a{n}@zele.example").status_code for n in range(3)]
    assert codes == [200, 200, 429]
    assert Subscriber.objects.count() == 2


def test_an_address_that_bounced_and_a_choice_of_nothing_are_refused_in_dutch(client):
    bounce_record(Report(address="weg@zele.example", kind="hard", status="5.1.1"))
    assert "kwam eerder niet aan" in _sign_up(client, email="weg@zele.example").content.decode()
    response = client.post(SIGNUP, {"email": "ann@zele.example"})
    assert response.status_code == 400 and "Kies de maandelijkse nieuwsbrief" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_a_member_subscribes_from_their_own_page_and_unticks_to_leave(cast, client_for):
    member = client_for(cast["member"])
    page = reverse("newsletter:mine")
    assert member.post(page, {"monthly": "on"}).status_code == 302
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.user, subscriber.status) == (cast["member"].email, cast["member"],
                                                                      Status.CONFIRMED)  # fmt: skip
    assert subscriber.consents.get().source == Consent.Source.PROFILE
    member.post(page, {})
    subscriber.refresh_from_db()
    assert subscriber.status == Status.UNSUBSCRIBED


def test_the_subscription_is_in_the_members_export_and_gone_with_their_erasure(cast):
    from stadskennis.network.privacy import person_data_export, person_erase
    from stadskennis.network.tests.factories import PersonFactory

    person = PersonFactory(
        organisation=cast["member"].organisation, user=cast["member"], email=cast["member"].email
    )
    subscriptions.member_subscribe(user=cast["member"], monthly=True, weekly=True)
    (exported,) = person_data_export(person)["newsletter"]
    assert exported["status"] == "confirmed" and exported["consents"][0]["source"] == "profile"
    person_erase(person=person, actor=cast["editor"])
    assert not Subscriber.objects.exists() and not Consent.objects.exists()


def test_a_person_without_an_account_who_subscribed_is_erased_with_their_address(cast, gent):
    from stadskennis.network.privacy import person_data_export, person_erase
    from stadskennis.network.tests.factories import PersonFactory

    person = PersonFactory(organisation=gent, email="Ann.Smet@Gent.example")
    subscriber = subscriptions.subscribe_request(email="ann.smet@gent.example", monthly=True, weekly=False)
    Subscriber.objects.create(email="someone.else@gent.example", status=Status.CONFIRMED)
    assert [row["email"] for row in person_data_export(person)["newsletter"]] == [subscriber.email]
    person_erase(person=person, actor=cast["editor"])
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["someone.else@gent.example"]


def test_anyone_erases_their_address_from_the_subscriptions_page(client):
    subscriber = Subscriber.objects.create(email="ann@zele.example", status=Status.CONFIRMED)
    response = client.post(subscriber.manage_url, {"actie": "wissen"})
    assert response.status_code == 200 and not Subscriber.objects.exists()


def test_preferences_change_on_the_subscriptions_page(client):
    subscriber = Subscriber.objects.create(email="ann@zele.example", status=Status.CONFIRMED)
    client.post(subscriber.manage_url, {"actie": "bewaren", "weekly": "on"})
    subscriber.refresh_from_db()
    assert (subscriber.monthly, subscriber.weekly) == (False, True)
    assert subscriber.consents.get().action == Consent.Action.CHANGED


def test_erasing_a_members_account_erases_the_address_they_signed_up_with_on_the_public_form(cast):
    from stadskennis.network.privacy import person_erase
    from stadskennis.network.tests.factories import PersonFactory

    person = PersonFactory(
        organisation=cast["member"].organisation, user=cast["member"], email=cast["member"].email
    )
    subscriber = subscriptions.subscribe_request(email=cast["member"].email, monthly=True, weekly=False)
    subscriptions.confirm(token=subscriptions.confirmation_token(subscriber))
    assert subscriber.consents.count() == 2
    person_erase(person=person, actor=cast["editor"])
    assert not Subscriber.objects.exists() and not Consent.objects.exists()


def test_a_victims_address_gets_at_most_three_confirmation_mails_a_day(django_capture_on_commit_callbacks):
    queued = 0
    for _ in range(5):
        with django_capture_on_commit_callbacks() as callbacks:
            subscriptions.subscribe_request(email="slachtoffer@zele.example", monthly=True, weekly=False)
        queued += len(callbacks)
        Subscriber.objects.update(confirm_requested_at=timezone.now() - timedelta(minutes=11))
    assert queued == subscriptions.MAILS_PER_DAY == 3
    assert Consent.objects.count() == 3  # a request that mails nothing is not logged either


def test_an_address_too_long_once_lowercased_is_refused_not_a_server_error(client):
    address = "a@" + ".".join(["İ" * 10] * 12) + ".example"  # 141 characters, 261 once lowercased
    assert SignUpForm({"email": address, "monthly": "on"}).is_valid()
    with pytest.raises(subscriptions.SubscriptionRefused, match="te lang"):
        subscriptions.subscribe_request(email=address, monthly=True, weekly=False)
    assert not Subscriber.objects.exists()


def test_a_members_page_lets_go_of_an_older_address_and_subscribes_the_current_one(cast, client_for):
    subscriptions.member_subscribe(user=cast["member"], monthly=True, weekly=False)
    cast["member"].email = "greet.nieuw@gent.example"
    cast["member"].save()
    member = client_for(cast["member"])
    assert "Niet ingeschreven" in member.get(reverse("newsletter:mine")).content.decode()
    member.post(reverse("newsletter:mine"), {"weekly": "on"})
    old, new = Subscriber.objects.order_by("pk")
    assert (old.email, old.user) == ("greet@gent.example", None)
    assert (new.email, new.user) == ("greet.nieuw@gent.example", cast["member"])


def test_saving_nothing_on_a_members_page_keeps_no_address(cast, client_for):
    client_for(cast["member"]).post(reverse("newsletter:mine"), {})
    assert not Subscriber.objects.exists()


def test_an_expired_link_says_so_before_any_button(client, settings):
    subscriber = subscriptions.subscribe_request(email="ann@zele.example", monthly=True, weekly=False)
    link = reverse("newsletter:confirm", args=[subscriptions.confirmation_token(subscriber)])
    assert "ann@zele.example ontvangt" in client.get(link).content.decode()
    settings.NEWSLETTER_CONFIRM_HOURS = -1
    response = client.get(link)
    assert response.status_code == 400 and "Deze link is verlopen" in response.content.decode()


def test_forgotten_sign_ups_leave_no_address_behind():
    subscriptions.subscribe_request(email="ann@zele.example", monthly=True, weekly=False)
    Subscriber.objects.update(created_at=timezone.now() - timedelta(days=31))
    Subscriber.objects.create(email="bea@zele.example", status=Status.CONFIRMED,
                              created_at=timezone.now() - timedelta(days=400))  # fmt: skip
    assert subscriptions.pending_forget() == 2  # the sign-up and its consent
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["bea@zele.example"]


def test_editors_see_whose_mail_does_not_arrive_and_filter_on_it(cast, client_for):
    Subscriber.objects.create(email="weg@zele.example", status=Status.CONFIRMED)
    Subscriber.objects.create(email="ann@zele.example", status=Status.CONFIRMED)
    bounce_record(Report(address="weg@zele.example", kind="hard", status="5.1.1"))
    editor = client_for(cast["editor"])
    changelist = reverse("admin:newsletter_subscriber_changelist")
    bounced = editor.get(changelist + "?aankomst=nee").content.decode()
    assert "weg@zele.example" in bounced and "ann@zele.example" not in bounced
    arriving = editor.get(changelist + "?aankomst=ja").content.decode()
    assert "ann@zele.example" in arriving and "weg@zele.example" not in arriving
    assert client_for(cast["member"]).get(changelist).status_code == 302  # members: to the login
