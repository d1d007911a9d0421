"""Following and the digest: what is new and visible, by real SMTP, with one-click unsubscribe."""

from __future__ import annotations

import re
import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import timezone

from stadskennis.accounts.models import User
from stadskennis.accounts.tests.factories import MemberFactory
from stadskennis.core.tests.factories import ThemeFactory
from stadskennis.follows.models import DigestPreference, Follow
from stadskennis.follows.services import follow_set, unsubscribe_token
from stadskennis.follows.tasks import send_digests
from stadskennis.knowledge.services import item_create
from stadskennis.network.models import Workgroup
from stadskennis.network.tests.factories import (
    AssignmentFactory,
    MeetingFactory,
    PersonFactory,
    WorkgroupFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def wonen(db):
    return ThemeFactory(slug="wonen", name="Wonen", kind="urbanity_field")


def _since_last_week(user):
    DigestPreference.objects.filter(user=user).update(last_sent_at=timezone.now() - timedelta(days=8))


@pytest.mark.parametrize("kind", ["theme", "organisation", "workgroup", "person"])
def test_follow_and_unfollow_every_kind_of_target(kind, cast, client_for, wonen, gent, centre):
    target = {
        "theme": lambda: wonen,
        "organisation": lambda: gent,
        "workgroup": lambda: WorkgroupFactory(name="W", owner=centre),
        "person": lambda: PersonFactory(first_name="A", last_name="B", organisation=gent),
    }[kind]()
    member = client_for(cast["member"])
    member.post("/volgen/wijzigen/", {"kind": kind, "id": target.pk, "follow": "1", "next": "/"})
    assert Follow.objects.filter(user=cast["member"], **{kind: target}).exists()
    assert f'<a href="{target.get_absolute_url()}">{target}</a>' in member.get("/volgen/").content.decode()
    member.post("/volgen/wijzigen/", {"kind": kind, "id": target.pk, "follow": "0"})
    assert not Follow.objects.exists()


def test_anonymous_users_are_sent_to_login(client, wonen):
    response = client.post("/volgen/wijzigen/", {"kind": "theme", "id": wonen.pk, "follow": "1"})
    assert response.status_code == 302 and "/account/aanmelden/" in response["Location"]


def test_a_hidden_workgroup_cannot_be_followed(cast, client_for, centre):
    group = WorkgroupFactory(name="Geheim", owner=centre, visibility="draft")
    response = client_for(cast["member"]).post(
        "/volgen/wijzigen/", {"kind": "workgroup", "id": group.pk, "follow": "1"}
    )
    assert response.status_code == 404 and not Follow.objects.exists()


@pytest.mark.parametrize("bad_id", ["abc", "", "999999"])
def test_a_bad_target_id_is_a_404_not_an_error(bad_id, cast, client_for):
    response = client_for(cast["member"]).post(
        "/volgen/wijzigen/", {"kind": "theme", "id": bad_id, "follow": "1"}
    )
    assert response.status_code == 404 and not Follow.objects.exists()


def test_follow_button_on_the_theme_dossier(cast, client_for, wonen):
    member = client_for(cast["member"])
    html = member.get("/kennisbank/thema/wonen/").content.decode()
    assert 'name="kind" value="theme"' in html and 'name="follow" value="1"' in html
    member.post("/volgen/wijzigen/", {"kind": "theme", "id": wonen.pk, "follow": "1"})
    html = member.get("/kennisbank/thema/wonen/").content.decode()
    assert 'name="follow" value="0"' in html  # the same button now stops following
    assert (
        'name="kind" value="theme"' not in client_for(None).get("/kennisbank/thema/wonen/").content.decode()
    )


def test_digest_has_what_is_new_and_visible_only(cast, wonen, gent, antwerpen, mailbox):
    member = cast["member"]
    follow_set(user=member, target_kind="theme", target=wonen, follow=True)
    _since_last_week(member)
    item_create(
        actor=None,
        title="Woonbeleid in Gent",
        kind="practice",
        owner=gent,
        visibility="public",
        themes=[wonen],
    )
    item_create(
        actor=None,
        title="Interne nota Antwerpen",
        kind="study",
        owner=antwerpen,
        visibility="organisation",
        themes=[wonen],
    )
    item_create(actor=None, title="Ander thema", kind="study", owner=gent, visibility="public")
    assert send_digests.call("weekly")["sent"] == 1
    (mail,) = mailbox
    assert mail["To"] == member.email
    text = mail.get_payload()[0].get_payload(decode=True).decode()
    assert "Woonbeleid in Gent" in text
    assert "Interne nota Antwerpen" not in text and "Ander thema" not in text
    assert mail["List-Unsubscribe"].strip().startswith("<http") and mail["List-Unsubscribe-Post"]
    assert send_digests.call("weekly")["sent"] == 0  # not again within the week


def test_unsubscribe_in_one_click_without_login(cast, client, wonen, gent, mailbox):
    member = cast["member"]
    follow_set(user=member, target_kind="theme", target=wonen, follow=True)
    _since_last_week(member)
    item_create(
        actor=None, title="Woonbeleid", kind="practice", owner=gent, visibility="public", themes=[wonen]
    )
    send_digests.call("weekly")
    link = re.search(
        r"(http\S+/volgen/uitschrijven/\S+/)", mailbox[0].get_payload()[0].get_payload(decode=True).decode()
    )
    path = "/" + link.group(1).split("/", 3)[3]
    # Opening the link only asks (mail scanners follow links); the button unsubscribes.
    page = client.get(path)
    assert page.status_code == 200
    assert "Stuur mij het overzicht niet meer" in page.content.decode()
    assert DigestPreference.objects.get(user=member).frequency == "weekly"
    done = client.post(path)
    assert done.status_code == 200 and "geen overzichten meer" in done.content.decode()
    assert DigestPreference.objects.get(user=member).frequency == "none"
    _since_last_week(member)
    item_create(
        actor=None, title="Nog meer wonen", kind="practice", owner=gent, visibility="public", themes=[wonen]
    )
    assert send_digests.call("weekly")["sent"] == 0
    assert client.post("/volgen/uitschrijven/vals/").status_code == 400


def test_an_unsubscribe_link_of_an_erased_account_answers_calmly(client, gent):
    gone = MemberFactory(organisation=gent)
    token = unsubscribe_token(gone)
    gone.delete()
    assert client.post(f"/volgen/uitschrijven/{token}/").status_code == 200
    assert not DigestPreference.objects.exists()


def test_digest_leaves_out_drafts_and_lists_meetings_homework_and_new_people(
    cast, wonen, gent, centre, mailbox
):
    member = cast["member"]
    open_group = WorkgroupFactory(name="Open groep", owner=centre, visibility="network")
    closed_group = WorkgroupFactory(name="Dichte groep", owner=centre)
    for kind, target in [("theme", wonen), ("organisation", gent), ("workgroup", open_group)]:
        follow_set(user=member, target_kind=kind, target=target, follow=True)
    follow_set(user=member, target_kind="workgroup", target=closed_group, follow=True)
    Workgroup.objects.filter(pk=closed_group.pk).update(visibility="draft")  # hidden after following
    _since_last_week(member)
    start = timezone.now() + timedelta(days=10)
    for group in (open_group, closed_group):
        MeetingFactory(workgroup=group, title=f"Overleg {group.name}", starts_at=start)
        AssignmentFactory(workgroup=group, title=f"Huiswerk {group.name}", deadline=start)
    PersonFactory(first_name="Lotte", last_name="Peeters", function="Woonambtenaar", organisation=gent)
    item_create(
        actor=cast["editor"],
        title="Kladversie",
        kind="practice",
        owner=gent,
        visibility="draft",
        themes=[wonen],
    )
    assert send_digests.call("weekly")["sent"] == 1
    text = mailbox[0].get_payload()[0].get_payload(decode=True).decode()
    assert "Overleg Open groep" in text and "Huiswerk Open groep" in text
    assert "Lotte Peeters, Woonambtenaar" in text
    assert "Dichte groep" not in text and "Kladversie" not in text


def test_an_invalid_address_is_counted_and_the_others_get_theirs(cast, wonen, gent, mailbox):
    User.objects.filter(pk=cast["member"].pk).update(email="geen-adres")
    for role in ("member", "other_member"):
        follow_set(user=cast[role], target_kind="theme", target=wonen, follow=True)
        _since_last_week(cast[role])
    item_create(
        actor=None, title="Woonbeleid", kind="practice", owner=gent, visibility="public", themes=[wonen]
    )
    assert send_digests.call("weekly") == {"sent": 1, "empty": 0, "failed": 1}
    assert [m["To"] for m in mailbox] == [cast["other_member"].email]


def test_frequency_none_sends_nothing(cast, wonen, gent, mailbox, client_for):
    member = cast["member"]
    follow_set(user=member, target_kind="theme", target=wonen, follow=True)
    client_for(member).post("/volgen/", {"frequency": "none"})
    item_create(
        actor=None, title="Woonbeleid", kind="practice", owner=gent, visibility="public", themes=[wonen]
    )
    assert send_digests.call("weekly") == {"sent": 0, "empty": 0, "failed": 0}
    assert mailbox == []


class Refusing:
    """An SMTP server that refuses one address with 550 and accepts the rest."""

    def __init__(self, refused):
        self.refused, self.accepted = refused, []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address == self.refused:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.accepted.extend(envelope.rcpt_tos)
        return "250 OK"


def test_a_refused_address_does_not_stop_the_run(cast, wonen, gent, settings):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    handler = Refusing(cast["member"].email)
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_PORT = port
        for role in ("member", "other_member"):
            follow_set(user=cast[role], target_kind="theme", target=wonen, follow=True)
            _since_last_week(cast[role])
        item_create(
            actor=None, title="Woonbeleid", kind="practice", owner=gent, visibility="public", themes=[wonen]
        )
        assert send_digests.call("weekly") == {"sent": 1, "empty": 0, "failed": 1}
        assert handler.accepted == [cast["other_member"].email]
        refused = DigestPreference.objects.get(user=cast["member"])
        assert refused.last_sent_at < timezone.now() - timedelta(days=7)  # tried again next run
    finally:
        controller.stop()


@pytest.mark.django_db(transaction=True)  # the worker closes its connection
def test_command_queues_the_run_for_the_worker(cast, wonen, gent, mailbox):
    follow_set(user=cast["member"], target_kind="theme", target=wonen, follow=True)
    _since_last_week(cast["member"])
    item_create(
        actor=None, title="Woonbeleid", kind="practice", owner=gent, visibility="public", themes=[wonen]
    )
    call_command("send-digests", frequency="weekly", stdout=open("/dev/null", "w"))
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert [m["To"] for m in mailbox] == [cast["member"].email]
