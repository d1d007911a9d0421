"""A survey comparison answers the same on its page, its export and its API twin: one rule in the
access module decides (issue 12, point 7)."""

from __future__ import annotations

import pytest

from stadskennis.accounts.tests.factories import MemberFactory
from stadskennis.network.tests.factories import AssignmentFactory, PersonFactory, WorkgroupFactory
from stadskennis.questions import rondvraag as service
from stadskennis.questions.tests.factories import AnswerFactory, RondvraagFactory, SurveyQuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def homework_round(cast, gent, antwerpen, centre):
    """Structured homework of a workgroup (Gent and Antwerp), its round not published."""
    members = [
        PersonFactory(first_name="Greet", last_name="Gent", organisation=gent, user=cast["member"]),
        PersonFactory(
            first_name="Arne", last_name="Antwerpen", organisation=antwerpen, user=cast["other_member"]
        ),
    ]
    group = WorkgroupFactory(
        key="obmi", name="Werkgroep OBMI", owner=centre, visibility="network", members=members
    )
    fiche = RondvraagFactory(title="Schillenboek-fiche", owner=centre, visibility="organisation")
    question = SurveyQuestionFactory(rondvraag=fiche, position=1, text="Aantal vestigingen", kind="number")
    AssignmentFactory(workgroup=group, title="Fiche invullen", question="Vul in", questionnaire=fiche)
    service.send(rondvraag=fiche, organisations=[gent, antwerpen], actor=cast["editor"])
    recipient = fiche.recipients.get(organisation=gent)
    AnswerFactory(recipient=recipient, question=question, value=7, saved_by=cast["member"])
    service.submit(recipient=recipient, user=cast["member"])
    return fiche


def _surfaces(client, fiche):
    page = client.get(f"/vraagbaak/rondvragen/{fiche.pk}/vergelijking/")
    api = client.get(f"/api/rondvragen/{fiche.pk}/comparison")
    return page, api


@pytest.mark.parametrize(
    "role, sees", [("member", True), ("other_member", True), ("editor", True), ("anonymous", False)]
)
def test_page_and_api_agree_on_who_sees_a_homework_comparison(role, sees, cast, client_for, homework_round):
    page, api = _surfaces(client_for(cast[role]), homework_round)
    assert (page.status_code, api.status_code) == ((200, 200) if sees else (404, 404))
    if sees:
        gent = next(o for o in api.json()["organisations"] if o["slug"] == "gent")
        assert list(gent["answers"].values())[0]["value"] == 7


def test_an_organisation_outside_the_workgroup_sees_neither(cast, client_for, homework_round, centre):
    outsider = MemberFactory(organisation=centre)
    page, api = _surfaces(client_for(outsider), homework_round)
    assert (page.status_code, api.status_code) == (404, 404)
