"""'Wie is bezig met …?': evidence ranks people, and evidence the asker may not see does not count."""

from __future__ import annotations

import pytest

from stadskennis.knowledge.tests.factories import KnowledgeItemFactory
from stadskennis.network.expertise import MAX_EVIDENCE_SHOWN, find_experts
from stadskennis.network.tests.factories import PersonFactory, WorkgroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(gent, antwerpen):
    an = PersonFactory(
        first_name="An", last_name="Peeters", organisation=gent, function="beleidsmedewerker wonen"
    )
    koen = PersonFactory(
        first_name="Koen", last_name="Janssens", organisation=antwerpen, function="data-analist"
    )
    lies = PersonFactory(first_name="Lies", last_name="Geheim", organisation=antwerpen, function="jurist")
    return an, koen, lies


def _item(title, contact, owner, visibility="public", **extra):
    return KnowledgeItemFactory(
        title=title, kind="practice", owner=owner, visibility=visibility, contacts=[contact], **extra
    )


def test_more_evidence_ranks_higher_and_each_result_shows_its_evidence(people, gent, antwerpen, centre):
    an, koen, _lies = people
    _item("Aanpak leegstand van winkelpanden in de binnenstad", an, gent)
    _item("Leegstandsheffing op handelspanden", an, gent)
    _item("Dashboard leegstand", koen, antwerpen)
    WorkgroupFactory(name="Werkgroep leegstand", owner=centre, lead_person=an, members=[an, koen])
    experts = find_experts(user=None, query="leegstand van winkelpanden")
    assert [e.person for e in experts][:2] == [an, koen]
    kinds = {e.kind for e in experts[0].evidence}
    assert {"contact", "lead"} <= kinds
    titles = [e.title for e in experts[0].evidence]
    assert "Aanpak leegstand van winkelpanden in de binnenstad" in titles


def test_evidence_the_asker_may_not_see_does_not_count(people, cast, antwerpen):
    _an, _koen, lies = people
    _item("Interne nota leegstand", lies, antwerpen, visibility="organisation")
    assert lies not in [e.person for e in find_experts(user=None, query="leegstand")]
    assert lies not in [e.person for e in find_experts(user=cast["member"], query="leegstand")]  # Gent
    found = find_experts(user=cast["other_member"], query="leegstand")  # Antwerp sees its own note
    assert lies in [e.person for e in found]


def test_expert_page_shows_evidence_with_links(people, client, gent):
    an, _koen, _lies = people
    item = _item("Kerkherbestemming in Gent", an, gent)
    html = client.get("/netwerk/wie-is-bezig-met/?q=herbestemming van kerken").content.decode()
    assert "An Peeters" in html
    assert item.get_absolute_url() in html


def test_evidence_beyond_the_first_is_counted_and_leads_to_the_profile(people, client, gent):
    an, _koen, _lies = people
    for n in range(MAX_EVIDENCE_SHOWN + 2):
        _item(f"Herbestemming van kerk {n}", an, gent)
    html = client.get("/netwerk/wie-is-bezig-met/?q=herbestemming").content.decode()
    assert "en nog 2 op het profiel van An Peeters" in html
    assert f'<a href="{an.get_absolute_url()}">en nog 2' in html


def test_empty_and_strange_questions_do_not_fail(client):
    for q in ["", '"', "(*", "NEAR OR", "x" * 10_000]:
        assert client.get("/netwerk/wie-is-bezig-met/", {"q": q}).status_code == 200


def test_a_question_in_plain_dutch_works(people, gent):
    an, _koen, _lies = people
    _item("Aanpak leegstand van winkelpanden", an, gent)
    experts = find_experts(user=None, query="Wie is bezig met leegstand van winkelpanden?")
    assert experts and experts[0].person == an


def _person_for(user, organisation, first_name):
    return PersonFactory(
        first_name=first_name,
        last_name="Vraagsteller",
        email=user.email,
        organisation=organisation,
        user=user,
    )


def test_questions_count_for_the_named_experts_and_the_asker(people, cast, gent):
    from stadskennis.questions.services import question_ask, question_handle

    _an, koen, _lies = people
    greet = _person_for(cast["member"], gent, "Greet")
    question = question_ask(
        actor=cast["member"], title="Hoe pakken jullie leegstand van winkelpanden aan?", visibility="network"
    )
    question_handle(
        question=question, actor=cast["editor"], experts=[koen], answer="Vraag het Koen.", status="answered"
    )

    found = {e.person: e for e in find_experts(user=cast["other_member"], query="leegstand")}
    assert {e.kind for e in found[koen].evidence} == {"question_expert"}
    assert found[koen].evidence[0].url == question.get_absolute_url()
    assert {e.kind for e in found[greet].evidence} == {"asked"}
    assert found[koen].score > found[greet].score  # naming an expert weighs more than asking

    anonymous = [e.person for e in find_experts(user=None, query="leegstand")]
    assert koen not in anonymous and greet not in anonymous  # the question is for the network only


def test_survey_answers_count_once_the_comparison_is_published(cast, centre, gent, antwerpen):
    from stadskennis.questions import rondvraag as survey
    from stadskennis.questions.tests.factories import (
        AnswerFactory,
        RecipientFactory,
        RondvraagFactory,
        SurveyQuestionFactory,
    )

    arne = _person_for(cast["other_member"], antwerpen, "Arne")
    round_ = RondvraagFactory(title="Leegstandsheffing in de steden", owner=centre, visibility="draft")
    question = SurveyQuestionFactory(rondvraag=round_, text="Heft uw stad op leegstand?", kind="yes_no")
    recipient = RecipientFactory(rondvraag=round_, organisation=antwerpen, actor=cast["editor"])
    AnswerFactory(recipient=recipient, question=question, value="yes", saved_by=cast["other_member"])
    assert survey.submit(recipient=recipient, user=cast["other_member"]) == []
    assert arne not in [e.person for e in find_experts(user=cast["member"], query="leegstandsheffing")]

    item = survey.publish(rondvraag=round_, actor=cast["editor"], visibility="network")
    found = {e.person: e for e in find_experts(user=cast["member"], query="leegstandsheffing")}
    assert [(e.kind, e.url) for e in found[arne].evidence] == [("survey", item.get_absolute_url())]
    assert arne not in [e.person for e in find_experts(user=None, query="leegstandsheffing")]
