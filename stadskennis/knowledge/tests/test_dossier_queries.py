"""A dossier costs as many queries for fourteen cities as for one: the Kennisbank and every registered
section (people, survey answers) answer for all organisations at once (issue 13, point 8)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stadskennis.core.tests.factories import OrganisationFactory, ThemeFactory
from stadskennis.knowledge.tests.factories import KnowledgeItemFactory
from stadskennis.network.tests.factories import PersonFactory, WorkgroupFactory
from stadskennis.questions import rondvraag as survey
from stadskennis.questions.models import Rondvraag
from stadskennis.questions.tests.factories import AnswerFactory, RondvraagFactory, SurveyQuestionFactory

pytestmark = pytest.mark.django_db

QUERY_CEILING = 30  # anonymous, whatever the number of cities


def fill_city(number: int, *, theme, rondvraag, question, group):
    """A city with two items on the theme (one a failed practice), its contact person, a member of the
    workgroup on the theme, and its submitted answer to the published round."""
    city = OrganisationFactory(slug=f"stad-{number}", name=f"Stad {number:02d}", kind="centre_city")
    person = PersonFactory(
        first_name="Persoon", last_name=f"Stad{number:02d}", organisation=city, themes=[theme]
    )
    KnowledgeItemFactory(title=f"Aanpak stad {number}", owner=city, organisations=[city], themes=[theme],
                         contacts=[person], kind="practice", outcome="failed", year=2020)  # fmt: skip
    KnowledgeItemFactory(
        title=f"Studie stad {number}", owner=city, organisations=[city], themes=[theme], year=2021
    )
    group.members.add(person)
    survey.send(rondvraag=rondvraag, organisations=[city], actor=None)
    recipient = rondvraag.recipients.get(organisation=city)
    AnswerFactory(recipient=recipient, question=question, value=f"Ja, sinds {2000 + number}.")
    survey.submit(recipient=recipient, user=None)
    return city


def publish(rondvraag):
    Rondvraag.objects.filter(pk=rondvraag.pk).update(phase="published", visibility="public")


def test_the_dossier_query_count_does_not_grow_with_the_cities(client, centre, django_assert_max_num_queries):
    theme = ThemeFactory(slug="leegstand", name="Leegstand")
    rondvraag = RondvraagFactory(title="Leegstand in de steden", owner=centre)
    rondvraag.themes.set([theme])
    question = SurveyQuestionFactory(rondvraag=rondvraag, position=1, text="Heeft je stad een register?")
    group = WorkgroupFactory(name="Werkgroep leegstand", owner=centre, themes=[theme])
    fill = {"theme": theme, "rondvraag": rondvraag, "question": question, "group": group}
    fill_city(1, **fill)
    publish(rondvraag)
    url = reverse("knowledge:theme", args=[theme.slug])
    client.get(url)  # caches warmed (content types, translations)
    with CaptureQueriesContext(connection) as one_city:
        client.get(url)

    for number in range(2, 15):
        fill_city(number, **fill)
    publish(rondvraag)  # sending opened it again

    with django_assert_max_num_queries(min(len(one_city), QUERY_CEILING)):
        page = client.get(url).content.decode()
    for number in range(1, 15):
        block = page.split(f'id="stad-stad-{number}"')[1].split("</section>")[0]
        assert f"Aanpak stad {number}" in block and "Mislukte praktijk" in block
        assert f"Persoon Stad{number:02d}" in block
        assert f"Ja, sinds {2000 + number}." in block
