"""A theme's dossier shows, city by city, the answers to survey rounds on the theme, only to whoever
may see the round's comparison (issue 13, point 8)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from stadskennis.accounts.tests.factories import MemberFactory
from stadskennis.core.tests.factories import ThemeFactory
from stadskennis.core.visibility import can_see_comparison, visible_comparisons
from stadskennis.network.tests.factories import AssignmentFactory, PersonFactory, WorkgroupFactory
from stadskennis.questions import rondvraag as survey
from stadskennis.questions.models import Rondvraag
from stadskennis.questions.tests.factories import AnswerFactory, RondvraagFactory, SurveyQuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def leegstand(db):
    return ThemeFactory(slug="leegstand", name="Leegstand")


@pytest.fixture
def heffing(cast, leegstand, gent, antwerpen, centre):
    """A round on vacancy: Gent submitted its answers, Antwerp has only a draft. Not published."""
    rondvraag = RondvraagFactory(
        title="Heffing op leegstaande winkels",
        owner=centre,
        sent_to=[gent, antwerpen],
        sent_to__by=cast["editor"],
    )
    rondvraag.themes.set([leegstand])
    taxes = SurveyQuestionFactory(rondvraag=rondvraag, position=1, text="Heft je stad een belasting?",
                                  kind="yes_no")  # fmt: skip
    rate = SurveyQuestionFactory(rondvraag=rondvraag, position=2, text="Tarief per jaar", kind="number",
                                 unit="euro")  # fmt: skip
    for organisation, user in ((gent, cast["member"]), (antwerpen, cast["other_member"])):
        recipient = rondvraag.recipients.get(organisation=organisation)
        AnswerFactory(recipient=recipient, question=taxes, value="yes", saved_by=user)
        AnswerFactory(recipient=recipient, question=rate, value=1250, saved_by=user)
    survey.submit(recipient=rondvraag.recipients.get(organisation=gent), user=cast["member"])
    return rondvraag


def answers_in(client, theme, slug: str) -> str:
    """The 'answers to survey rounds' part of one city's block."""
    page = client.get(reverse("knowledge:theme", args=[theme.slug])).content.decode()
    if f'id="stad-{slug}"' not in page:
        return ""
    city = page.split(f'id="stad-{slug}"')[1].split("</section>")[0]
    marker = 'data-section="survey_answers"'
    if marker not in city:
        return ""
    assert "<h4>Antwoorden op rondvragen</h4>" in city  # the section's heading, in Dutch
    return city.split(marker)[1].split("data-section=")[0]  # up to the next section


def publish(rondvraag, visibility):
    Rondvraag.objects.filter(pk=rondvraag.pk).update(phase=Rondvraag.Phase.PUBLISHED, visibility=visibility)


def test_a_city_block_shows_its_submitted_answers_with_a_link_to_its_column(client_for, cast, leegstand,
                                                                           heffing, gent):  # fmt: skip
    answers = answers_in(client_for(cast["editor"]), leegstand, "gent")

    assert "Heffing op leegstaande winkels" in answers
    comparison = reverse("questions:comparison", args=[heffing.pk])
    assert f'href="{comparison}?org={gent.pk}"' in answers
    assert "antwoordde op" in answers
    assert "Heft je stad een belasting? ja" in answers and "Tarief per jaar: 1 250 euro" in answers
    assert answers_in(client_for(cast["editor"]), leegstand, "antwerpen") == ""  # a draft is no answer


@pytest.mark.parametrize(
    "visibility, sees",
    [
        (None, {"anonymous": False, "member": False, "other_member": False, "editor": True}),
        ("network", {"anonymous": False, "member": True, "other_member": True, "editor": True}),
        ("public", {"anonymous": True, "member": True, "other_member": True, "editor": True}),
    ],
)
def test_answers_show_only_to_whoever_may_see_the_comparison(visibility, sees, client_for, cast, leegstand,
                                                             heffing):  # fmt: skip
    if visibility:
        publish(heffing, visibility)

    shown = {role: "Heffing op leegstaande winkels" in answers_in(client_for(cast[role]), leegstand, "gent")
             for role in sees}  # fmt: skip

    assert shown == sees


def test_a_round_filed_under_another_theme_leaves_the_dossier(client_for, cast, leegstand, heffing):
    editor = client_for(cast["editor"])
    assert "Heffing op leegstaande winkels" in answers_in(editor, leegstand, "gent")

    heffing.themes.set([ThemeFactory(slug="wonen", name="Wonen")])

    assert answers_in(editor, leegstand, "gent") == ""


def test_a_theme_with_only_published_answers_is_a_link_for_those_who_may_see_them(client_for, cast, heffing):
    themes_page = reverse("knowledge:themes")
    link = 'href="/kennisbank/thema/leegstand/"'
    assert link not in client_for(cast["member"]).get(themes_page).content.decode()

    publish(heffing, "network")

    assert link in client_for(cast["member"]).get(themes_page).content.decode()
    assert link not in client_for(None).get(themes_page).content.decode()


def test_the_filter_agrees_with_the_rule_for_every_viewer_and_round(cast, gent, antwerpen, centre, heffing):
    """`visible_comparisons` is `can_see_comparison` as a filter: the same answer for every pair."""
    published = RondvraagFactory(title="Gepubliceerd netwerk", owner=centre, phase="published",
                                 visibility="network")  # fmt: skip
    public = RondvraagFactory(
        title="Gepubliceerd publiek", owner=centre, phase="published", visibility="public"
    )
    deleted = RondvraagFactory(title="Weg", owner=centre, phase="published", visibility="public")
    Rondvraag.objects.filter(pk=deleted.pk).update(deleted_at="2026-01-01T00:00Z")
    homework = RondvraagFactory(title="Fiche", owner=centre)
    members = [PersonFactory(organisation=gent, user=cast["member"])]
    group = WorkgroupFactory(owner=centre, visibility="network", members=members)
    AssignmentFactory(workgroup=group, questionnaire=homework)
    viewers = {**cast, "outsider": MemberFactory(organisation=centre)}

    for role, user in viewers.items():
        filtered = set(visible_comparisons(user, Rondvraag.objects.all()))
        ruled = {r for r in Rondvraag.objects.all() if can_see_comparison(user, r)}
        assert filtered == ruled, role
    assert homework in visible_comparisons(cast["member"], Rondvraag.objects.all())
    assert homework not in visible_comparisons(cast["other_member"], Rondvraag.objects.all())
    assert {published, public} <= set(visible_comparisons(cast["other_member"], Rondvraag.objects.all()))
