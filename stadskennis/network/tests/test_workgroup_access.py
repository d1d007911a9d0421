"""What a workgroup lead may use and where its forms send them (issue 12, points 4 and 6)."""

from __future__ import annotations

import pytest

from stadskennis.network.models import ActionPoint, Assignment
from stadskennis.network.tests.factories import PersonFactory, WorkgroupFactory
from stadskennis.questions.models import Recipient, Rondvraag
from stadskennis.questions.tests.factories import RondvraagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def led_group(cast, gent, antwerpen, centre):
    """A workgroup whose lead is the Gent member: a member, not staff."""
    greet = PersonFactory(first_name="Greet", last_name="Gent", organisation=gent, user=cast["member"])
    arne = PersonFactory(
        first_name="Arne", last_name="Antwerpen", organisation=antwerpen, user=cast["other_member"]
    )
    return WorkgroupFactory(
        key="obmi", name="Werkgroep OBMI", owner=centre, visibility="network", lead_person=greet,
        members=[greet, arne],
    )  # fmt: skip


def _homework(questionnaire):
    return {
        "title": "Fiche invullen",
        "question": "Vul de fiche in",
        "deadline": "2030-01-10T12:00",
        "reminder_days": 3,
        "questionnaire": questionnaire.pk,
    }


def test_a_lead_who_is_a_member_is_not_offered_the_centres_draft_round_and_cannot_post_it(
    led_group, cast, client_for, centre, mailbox
):
    centre_round = RondvraagFactory(
        title="Conceptrondvraag van het centrum",
        owner=centre,
        visibility="organisation",
        created_by=cast["editor"],
    )
    RondvraagFactory(
        title="Eigen fiche van de trekker", owner=centre, visibility="organisation", created_by=cast["member"]
    )
    lead = client_for(cast["member"])
    form = lead.get(f"/netwerk/werkgroepen/{led_group.key}/opdrachten/nieuw/").content.decode()
    assert "Eigen fiche van de trekker" in form
    assert "Conceptrondvraag van het centrum" not in form

    response = lead.post(f"/netwerk/werkgroepen/{led_group.key}/opdrachten/nieuw/", _homework(centre_round))
    assert response.status_code == 200  # the form again, with the field at fault
    assert "questionnaire" in response.context["form"].errors
    assert not Assignment.objects.exists()
    assert not Recipient.objects.filter(rondvraag=centre_round).exists()
    centre_round.refresh_from_db()
    assert centre_round.phase == Rondvraag.Phase.DRAFT
    assert mailbox == []


def test_staff_still_attach_any_draft_round(led_group, cast, client_for, centre):
    fiche = RondvraagFactory(title="Schillenboek-fiche", owner=centre)
    client_for(cast["editor"]).post(
        f"/netwerk/werkgroepen/{led_group.key}/opdrachten/nieuw/", _homework(fiche)
    )
    assert Recipient.objects.filter(rondvraag=fiche).count() == 2


@pytest.mark.parametrize(
    "next_url, lands_on",
    [
        ("https://kwaad.example/phish", "workgroup"),
        ("//kwaad.example/phish", "workgroup"),
        ("/netwerk/", "/netwerk/"),
    ],
)
def test_the_action_point_form_sends_only_to_this_site(led_group, cast, client_for, next_url, lands_on):
    point = ActionPoint.objects.create(workgroup=led_group, kind="action", text="Dashboard delen")
    response = client_for(cast["member"]).post(
        f"/netwerk/punten/{point.pk}/", {"done": "1", "next": next_url}
    )
    assert response.status_code == 302
    expected = led_group.get_absolute_url() if lands_on == "workgroup" else lands_on
    assert response["Location"] == expected
