"""Intervisie: an event closed to a named group of invited participants, whose cases and notes never
leave the group, in any surface: pages, agenda, search, API, feeds, admin, digests, Kennisbank."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conftest import mail_body
from stadskennis.core.models import AccessGroupMembership, AuditEntry
from stadskennis.core.visibility import asker_terms, document_terms
from stadskennis.events import intervisie
from stadskennis.events.models import Event, IntervisieCase, IntervisieNote, Registration
from stadskennis.events.tasks import send_intervisie_invitation
from stadskennis.events.tests.factories import make_event
from stadskennis.follows.services import digest_for, follow_set
from stadskennis.knowledge.models import KnowledgeItem
from stadskennis.search.services import search

pytestmark = pytest.mark.django_db

SECRET_WORD = "zwerfvuilcoaching"  # in the event's description: found only by the group


@pytest.fixture
def closed(cast, centre):
    """An intervisie organised by the editor, first public, then closed; the Gent member invited."""
    event = make_event(
        owner=centre,
        actor=cast["editor"],
        title="Intervisie wijkbeheer",
        kind=Event.Kind.INTERVISIE,
        visibility="public",
        audience=Event.Audience.PUBLIC,
        description=f"Casusbespreking over {SECRET_WORD} in de wijk.",
        capacity=6,
    )
    intervisie.intervisie_close(event=event, actor=cast["editor"])
    intervisie.participant_invite(event=event, user=cast["member"], actor=cast["editor"])
    event.refresh_from_db()
    return event


def test_closing_keeps_the_intervisie_from_everyone_outside_the_group(cast, closed, client_for):
    page = closed.get_absolute_url()
    seen = {role: client_for(cast[role]).get(page).status_code for role in cast}
    # The administrator and anyone else outside the group: a 404 that reveals nothing.
    assert seen == {"anonymous": 404, "member": 200, "other_member": 404, "editor": 200, "administrator": 404}
    for role, status in seen.items():
        user = cast[role]
        agenda = client_for(user).get(reverse("events:agenda")).content.decode()
        assert ("Intervisie wijkbeheer" in agenda) is (status == 200), role
        found = [r.title for r in search(user=user, query=SECRET_WORD).results]
        assert found == (["Intervisie wijkbeheer"] if status == 200 else []), role
        api = client_for(user).get("/api/events").json()
        assert ("Intervisie wijkbeheer" in [e["title"] for e in api["items"]]) is (status == 200), role
        assert client_for(user).get(f"/api/events/{closed.slug}").status_code == status, role
        ics = client_for(user).get(reverse("events:event_ics", args=[closed.slug]))
        assert ics.status_code == status, role
    for feed in ("events:public_ics", "events:feed_rss", "events:feed_atom"):
        assert b"wijkbeheer" not in client_for(None).get(reverse(feed)).content, feed
    admin = client_for(cast["administrator"]).get(reverse("admin:events_event_changelist"))
    assert admin.status_code == 200 and "wijkbeheer" not in admin.content.decode()


def test_the_search_document_carries_only_the_group(closed, cast):
    group_term = f"group:{closed.access_group_id}"
    assert document_terms(
        visibility="group",
        owner_id=closed.owner_id,
        created_by_id=None,
        access_group_id=closed.access_group_id,
    ) == [group_term]
    assert group_term in asker_terms(cast["member"]) and group_term in asker_terms(cast["editor"])
    assert group_term not in asker_terms(cast["administrator"]) and "staff" in asker_terms(
        cast["administrator"]
    )


def test_an_invitation_is_mailed_and_the_statement_comes_before_the_cases(
    cast, centre, client_for, mailbox, django_capture_on_commit_callbacks
):
    event = make_event(owner=centre, actor=cast["editor"], title="Intervisie leegstand", kind="intervisie")
    organiser = client_for(cast["editor"])
    response = organiser.post(reverse("events:close", args=[event.slug]))
    assert response.status_code == 302
    event.refresh_from_db()
    with django_capture_on_commit_callbacks() as queued:
        invite = organiser.post(
            reverse("events:participants", args=[event.slug]), {"email": "GREET@gent.example"}
        )
    assert invite.status_code == 302 and len(queued) == 1  # the mail leaves once the invitation is saved
    assert send_intervisie_invitation.call(event.pk, cast["member"].pk) == "sent"  # what the worker runs
    (message,) = [m for m in mailbox if m["To"] == "greet@gent.example"]
    assert message["Subject"] == "Uitnodiging voor een intervisie: Intervisie leegstand"
    assert event.get_absolute_url() in mail_body(message)
    unknown = organiser.post(
        reverse("events:participants", args=[event.slug]), {"email": "niemand@x.example"}
    )
    assert unknown.status_code == 400 and "Er is geen actief account" in unknown.content.decode()

    member = client_for(cast["member"])
    before = member.get(event.get_absolute_url()).content.decode()
    assert "vertrouwelijkheidsverklaring" in before and "Casussen" not in before
    refused = member.post(
        reverse("events:case_add", args=[event.slug]), {"case-title": "Mijn casus", "case-description": "x"}
    )
    assert refused.status_code == 302 and not IntervisieCase.objects.exists()

    member.post(reverse("events:accept", args=[event.slug]))
    membership = AccessGroupMembership.objects.get(group=event.access_group, user=cast["member"])
    assert membership.statement_accepted_at is not None
    assert Registration.objects.get(event=event, user=cast["member"]).status == "confirmed"
    member.post(
        reverse("events:case_add", args=[event.slug]),
        {
            "case-title": "Leegstand boven winkels",
            "case-description": "Wat werkt bij eigenaars die niet reageren?",
        },
    )
    member.post(
        reverse("events:note_add", args=[event.slug]), {"note-text": "Afspraak: eigenaar persoonlijk bellen."}
    )
    after = member.get(event.get_absolute_url()).content.decode()
    assert "Leegstand boven winkels" in after and "eigenaar persoonlijk bellen" in after
    assert "Leegstand boven winkels" in organiser.get(event.get_absolute_url()).content.decode()


def test_cases_and_notes_never_leave_the_group(cast, closed, client_for):
    intervisie.statement_accept(event=closed, user=cast["member"])
    intervisie.case_submit(
        event=closed, user=cast["member"], title="Geheime casus", description="Over kwetsbare huurders."
    )
    intervisie.note_add(event=closed, user=cast["member"], text="Notitie over kwetsbare huurders.")
    follow_set(
        user=cast["other_member"], target_kind="organisation", target=cast["member"].organisation, follow=True
    )
    for role in ("member", "editor", "other_member", "administrator"):
        user = cast[role]
        assert search(user=user, query="kwetsbare huurders").total == 0, role  # never indexed at all
        digest = digest_for(user, since=timezone.now() - timedelta(days=1))
        assert "kwetsbare" not in repr(digest), role
    for url in (
        reverse("events:case_add", args=[closed.slug]),
        reverse("events:note_add", args=[closed.slug]),
    ):
        assert (
            client_for(cast["other_member"])
            .post(url, {"case-title": "x", "case-description": "y", "note-text": "z"})
            .status_code
            == 404
        )
        assert (
            client_for(cast["administrator"])
            .post(url, {"case-title": "x", "case-description": "y", "note-text": "z"})
            .status_code
            == 404
        )
    assert IntervisieCase.objects.count() == 1 and IntervisieNote.objects.count() == 1
    # The audit log, which administrators read, names neither the case nor the note.
    assert not AuditEntry.objects.filter(object_repr__icontains="huurders").exists()


def test_an_intervisie_publishes_nothing_to_the_kennisbank(cast, closed, client_for):
    organiser = client_for(cast["editor"])
    upload = SimpleUploadedFile("verslag.txt", b"Verslag van de intervisie", content_type="text/plain")
    organiser.post(reverse("events:document_add", args=[closed.slug]), {"title": "Verslag", "file": upload})
    document = closed.documents.get()
    page = organiser.get(closed.get_absolute_url()).content.decode()
    assert "Verslag" in page and reverse("events:document_publish", args=[document.pk]) not in page
    response = organiser.post(
        reverse("events:document_publish", args=[document.pk]), {"visibility": "network"}
    )
    assert response.status_code == 403 and not KnowledgeItem.objects.filter(title="Verslag").exists()
    assert (
        client_for(cast["administrator"]).get(reverse("events:document", args=[document.pk])).status_code
        == 404
    )


def test_a_removed_participant_loses_the_intervisie_and_their_place(cast, closed, client_for):
    intervisie.statement_accept(event=closed, user=cast["member"])
    organiser = client_for(cast["editor"])
    remove = reverse("events:participant_remove", args=[closed.slug, cast["member"].pk])
    assert client_for(cast["member"]).post(remove).status_code == 403  # only organisers
    assert organiser.post(remove).status_code == 302
    assert client_for(cast["member"]).get(closed.get_absolute_url()).status_code == 404
    assert Registration.objects.get(event=closed, user=cast["member"]).status == "cancelled"


def test_a_changed_statement_is_accepted_anew(cast, closed, client_for):
    intervisie.statement_accept(event=closed, user=cast["member"])
    organiser = client_for(cast["editor"])
    organiser.post(reverse("events:participants", args=[closed.slug]), {"statement": "Nieuwe verklaring."})
    member_page = client_for(cast["member"]).get(closed.get_absolute_url()).content.decode()
    assert "Nieuwe verklaring." in member_page and "Binnen de groep" not in member_page
    organiser_page = organiser.get(closed.get_absolute_url()).content.decode()
    assert "Binnen de groep" in organiser_page  # who wrote it, accepted it


def test_only_invited_people_take_part(cast, closed):
    with pytest.raises(intervisie.IntervisieRefused):
        intervisie.statement_accept(event=closed, user=cast["other_member"])
    with pytest.raises(intervisie.IntervisieRefused):
        intervisie.participant_invite(event=closed, user=cast["other_member"], actor=cast["member"])
    assert not AccessGroupMembership.objects.filter(user=cast["other_member"]).exists()


def test_cases_are_submitted_before_the_intervisie_starts(cast, centre):
    event = make_event(owner=centre, actor=cast["editor"], kind="intervisie", days_ahead=-1)
    intervisie.intervisie_close(event=event, actor=cast["editor"])
    with pytest.raises(intervisie.IntervisieRefused, match="voor de intervisie begint"):
        intervisie.case_submit(event=event, user=cast["editor"], title="Te laat", description="x")


def test_other_content_is_unchanged_for_a_staff_member_in_a_group(cast, closed, gent):
    """Belonging to a group widens nothing else, and a model that cannot be closed to a group still
    answers (the group clause is left out for it)."""
    from stadskennis.knowledge.tests.factories import KnowledgeItemFactory

    KnowledgeItemFactory(title="Gewoon item", owner=gent, visibility="draft", actor=cast["member"])
    assert KnowledgeItem.objects.visible_to(cast["editor"]).filter(title="Gewoon item").exists()
    assert not KnowledgeItem.objects.visible_to(cast["other_member"]).filter(title="Gewoon item").exists()


def test_the_event_page_title_is_the_title(cast, centre, client_for):
    event = make_event(owner=centre, actor=cast["editor"], title="Studiedag erfgoed")
    page = client_for(cast["editor"]).get(event.get_absolute_url()).content.decode()
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "Studiedag erfgoed" in title and "<" not in title and "Upload" not in title


def test_what_a_participant_wrote_is_in_their_export_and_loses_their_name_on_erasure(cast, closed):
    from stadskennis.events.privacy import account_data_erase, account_data_export

    intervisie.statement_accept(event=closed, user=cast["member"])
    intervisie.case_submit(event=closed, user=cast["member"], title="Mijn casus", description="Het verhaal.")
    intervisie.note_add(event=closed, user=cast["member"], text="Mijn notitie.")
    exported = account_data_export(cast["member"])
    assert [c["title"] for c in exported["intervisie_cases"]] == ["Mijn casus"]
    assert [n["note"] for n in exported["intervisie_notes"]] == ["Mijn notitie."]
    assert account_data_export(cast["other_member"])["intervisie_notes"] == []
    account_data_erase(cast["member"])
    assert IntervisieCase.objects.get().submitted_by is None and IntervisieNote.objects.get().author is None


def test_closing_makes_account_registrants_invitees_and_ends_guests(cast, centre, client_for):
    """Whoever registered before the intervisie was closed: with an account, invited (they accept the
    statement like anyone); a guest, who cannot log in, no longer registered, and their page shows nothing."""
    event = make_event(owner=centre, actor=cast["editor"], kind="intervisie", title="Intervisie armoede",
                       visibility="public", audience=Event.Audience.PUBLIC)  # fmt: skip
    from stadskennis.events import registrations

    early = registrations.register_member(event=event, user=cast["other_member"])
    guest = registrations.register_guest(
        event=event, name="Ann", email="ann@zele.example", organisation_name="Zele"
    )
    intervisie.intervisie_close(event=event, actor=cast["editor"])
    guest.refresh_from_db()
    assert guest.status == "cancelled"
    assert client_for(None).get(guest.get_absolute_url()).status_code == 404
    assert AccessGroupMembership.objects.filter(group=event.access_group, user=cast["other_member"]).exists()
    page = client_for(cast["other_member"]).get(event.get_absolute_url()).content.decode()
    assert "vertrouwelijkheidsverklaring" in page and "Binnen de groep" not in page
    # Removed again: their registration's page and calendar file show nothing any more.
    intervisie.participant_remove(event=event, user=cast["other_member"], actor=cast["editor"])
    assert client_for(None).get(early.get_absolute_url()).status_code == 404
    assert client_for(None).get(reverse("events:registration_ics", args=[early.token])).status_code == 404


def test_a_staff_member_invited_takes_part_but_does_not_organise(cast, closed, client_for):
    intervisie.participant_invite(event=closed, user=cast["administrator"], actor=cast["editor"])
    administrator = client_for(cast["administrator"])
    assert administrator.get(closed.get_absolute_url()).status_code == 200
    assert administrator.get(reverse("events:registrants", args=[closed.slug])).status_code == 403
    assert administrator.get(reverse("events:participants", args=[closed.slug])).status_code == 403
    remove_organiser = reverse("events:participant_remove", args=[closed.slug, cast["editor"].pk])
    assert administrator.post(remove_organiser).status_code == 403
    with pytest.raises(intervisie.IntervisieRefused):
        intervisie.participant_remove(event=closed, user=cast["editor"], actor=cast["editor"])


def test_taking_part_comes_after_the_statement(cast, closed, client_for):
    member = client_for(cast["member"])
    member.post(reverse("events:register", args=[closed.slug]))
    assert not Registration.objects.filter(event=closed, user=cast["member"]).exists()
    member.post(reverse("events:accept", args=[closed.slug]))
    assert Registration.objects.get(event=closed, user=cast["member"]).status == "confirmed"


def test_the_trash_and_the_audit_log_keep_the_intervisie_from_staff_outside_it(cast, closed, client_for):
    from stadskennis.core.services import content_soft_delete

    since = AuditEntry.objects.order_by("-pk").first().pk
    intervisie.statement_accept(event=closed, user=cast["member"])
    content_soft_delete(obj=closed, actor=cast["editor"])
    after_closing = AuditEntry.objects.filter(pk__gt=since)
    assert after_closing.exists()
    assert not after_closing.filter(object_repr__icontains="wijkbeheer").exists()
    assert not after_closing.filter(object_repr__icontains="Greet").exists()
    administrator = client_for(cast["administrator"])
    assert "wijkbeheer" not in administrator.get(reverse("core:trash")).content.decode()
    assert "wijkbeheer" in client_for(cast["editor"]).get(reverse("core:trash")).content.decode()


def test_nobody_anonymous_manages_an_event_without_an_author(centre, client_for):
    from stadskennis.core.visibility import can_manage_event

    event = make_event(owner=centre, actor=None, visibility="public")
    assert can_manage_event(None, event) is False
    page = client_for(None).get(event.get_absolute_url()).content.decode()
    assert reverse("events:registrants", args=[event.slug]) not in page


def test_the_admin_lists_an_intervisie_for_its_organisers_only(cast, closed, client_for):
    intervisie.participant_invite(event=closed, user=cast["administrator"], actor=cast["editor"])
    changelist = reverse("admin:events_event_changelist")
    assert "wijkbeheer" not in client_for(cast["administrator"]).get(changelist).content.decode()
    own = make_event(
        owner=closed.owner, actor=cast["administrator"], title="Intervisie eigen beheer", kind="intervisie"
    )
    intervisie.intervisie_close(event=own, actor=cast["administrator"])
    assert "Intervisie eigen beheer" in client_for(cast["administrator"]).get(changelist).content.decode()


def test_an_intervisie_that_asks_for_parts_says_so_after_the_statement_and_registers_on_its_form(
    cast, closed, client_for
):
    from stadskennis.events.models import EventSession

    Event.objects.filter(pk=closed.pk).update(sessions_chosen=True)
    morning = EventSession.objects.create(
        event=closed,
        title="Ronde 1",
        starts_at=closed.starts_at,
        ends_at=closed.starts_at + timedelta(hours=1),
    )
    member = client_for(cast["member"])
    accepted = member.post(reverse("events:accept", args=[closed.slug]), follow=True).content.decode()
    assert "Schrijf je hieronder nu in" in accepted and "Aan welke delen neem je deel?" in accepted
    assert not Registration.objects.filter(event=closed).exists()
    member.post(reverse("events:register", args=[closed.slug]), {"sessions": [morning.pk]})
    registration = Registration.objects.get(event=closed, user=cast["member"])
    assert registration.status == "confirmed" and list(registration.sessions.all()) == [morning]
