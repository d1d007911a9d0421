"""A city official reaches the survey rounds sent to their organisation inside the platform (issue 13,
point 4): listed in the Vraagbaak and on the start page, the answer page opened without the emailed
link, and nothing of a round sent to another organisation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from stadskennis.accounts.tests.factories import MemberFactory
from stadskennis.core.visibility import can_see_round, visible_rounds
from stadskennis.network.tests.factories import PersonFactory
from stadskennis.questions import rondvraag as service
from stadskennis.questions.models import Answer, Rondvraag
from stadskennis.questions.tests.factories import RondvraagFactory, SurveyQuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gent_round(cast, gent, centre):
    PersonFactory(email="contact@gent.example", organisation=gent, user=cast["member"])
    rondvraag = RondvraagFactory(title="Deelsteps in de binnenstad", owner=centre)
    SurveyQuestionFactory(rondvraag=rondvraag, text="Hoeveel deelsteps rijden er?", kind="number")
    service.send(rondvraag=rondvraag, organisations=[gent], actor=cast["editor"])
    return rondvraag


def _respond(rondvraag) -> str:
    return reverse("questions:respond", kwargs={"pk": rondvraag.pk})


def test_a_member_finds_the_round_in_the_vraagbaak_and_on_the_start_page_and_answers_without_the_link(
    cast, client_for, gent_round
):
    colleague = MemberFactory(organisation=cast["member"].organisation)  # not the mailed contact
    assert "Nog niet begonnen" in client_for(colleague).get("/vraagbaak/rondvragen/").content.decode()
    for user in (cast["member"], colleague):
        client = client_for(user)
        for page in ("/vraagbaak/", "/vraagbaak/rondvragen/", "/start/"):
            html = client.get(page).content.decode()
            assert "Deelsteps in de binnenstad" in html, page
            assert f'href="{_respond(gent_round)}"' in html, page
        assert client.get(_respond(gent_round)).status_code == 200
    # the colleague answers from the platform, with no token: a draft of the organisation
    question = gent_round.questions.get()
    response = client_for(colleague).post(
        _respond(gent_round), {f"q{question.pk}": "120", f"q{question.pk}_version": 0}
    )
    assert response.status_code == 302
    assert Answer.objects.get(question=question).value == 120
    assert (
        "Kladversie: 1 van 1 vraag beantwoord"
        in client_for(cast["member"]).get("/vraagbaak/rondvragen/").content.decode()
    )


def test_a_member_of_an_organisation_not_invited_neither_sees_nor_opens_it(cast, client_for, gent_round):
    client = client_for(cast["other_member"])
    for page in ("/vraagbaak/", "/vraagbaak/rondvragen/", "/start/"):
        response = client.get(page)
        assert response.status_code == 200
        assert "Deelsteps in de binnenstad" not in response.content.decode(), page
    assert client.get(_respond(gent_round)).status_code == 404
    assert client.get(reverse("questions:rondvraag", kwargs={"pk": gent_round.pk})).status_code == 403
    assert client_for(None).get("/vraagbaak/rondvragen/").status_code == 302  # to the login page


def test_closed_and_published_rounds_follow_the_rules_of_can_see_round(cast, client_for, gent_round, gent):
    service.close(rondvraag=gent_round, actor=cast["editor"])
    greet, arne = client_for(cast["member"]), client_for(cast["other_member"])
    html = greet.get("/vraagbaak/rondvragen/").content.decode()
    assert "Afgesloten: het Kenniscentrum verwerkt de antwoorden" in html
    assert "Je organisatie diende niets in." in html
    assert greet.get(_respond(gent_round)).status_code == 200  # their answers, read-only
    assert "Deelsteps in de binnenstad" not in arne.get("/vraagbaak/rondvragen/").content.decode()

    # published as the publish flow leaves it (that flow is tested with the comparison)
    Rondvraag.objects.filter(pk=gent_round.pk).update(phase="published", visibility="network")
    comparison = reverse("questions:comparison", kwargs={"pk": gent_round.pk})
    html = arne.get("/vraagbaak/rondvragen/").content.decode()
    assert "Deelsteps in de binnenstad" in html and f'href="{comparison}"' in html
    assert f'href="{_respond(gent_round)}"' not in html  # Antwerp was not asked: no answers of its own
    assert arne.get(comparison).status_code == 200


def test_the_centre_keeps_its_management_list(cast, client_for, gent_round):
    html = client_for(cast["editor"]).get("/vraagbaak/rondvragen/").content.decode()
    assert reverse("questions:rondvraag_create") in html
    assert f'href="{gent_round.get_absolute_url()}"' in html


@pytest.mark.parametrize("role", ["anonymous", "member", "other_member", "editor"])
def test_the_lists_and_the_single_round_agree_on_who_sees_what(role, cast, centre, gent, gent_round):
    draft = RondvraagFactory(title="Nog in opmaak", owner=centre)
    published = RondvraagFactory(title="Gepubliceerd", owner=centre, visibility="public", sent_to=[gent])
    Rondvraag.objects.filter(pk=published.pk).update(phase="published")
    user = cast[role]
    rounds = [draft, gent_round, Rondvraag.objects.get(pk=published.pk)]
    listed = set(visible_rounds(user, Rondvraag.objects.all()).values_list("pk", flat=True))
    assert listed == {r.pk for r in rounds if can_see_round(user, r)}
    assert (
        listed
        == {
            "anonymous": {published.pk},
            "member": {gent_round.pk, published.pk},
            "other_member": {published.pk},
            "editor": {draft.pk, gent_round.pk, published.pk},
        }[role]
    )
