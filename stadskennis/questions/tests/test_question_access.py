"""A question shows each part only to whom its visibility allows: a draft answer and the experts it
names stay with the centre until the answer is given, and its lists of related items keep only what
the reader may see (issue 12, points 2 and 3)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from stadskennis.core.services import content_soft_delete
from stadskennis.knowledge.services import item_create
from stadskennis.network.expertise import find_experts
from stadskennis.network.tests.factories import PersonFactory
from stadskennis.questions.services import question_ask, question_handle

pytestmark = pytest.mark.django_db

DRAFT = "Conceptantwoord: de stad overweegt een fietsparkeerverordening voor nieuwbouw."


@pytest.fixture
def question(cast, gent, antwerpen):
    expert = PersonFactory(first_name="Koen", last_name="Fietsexpert", organisation=antwerpen)
    question = question_ask(
        actor=cast["member"], title="Hoe regelen jullie fietsenstallingen bij nieuwbouw?", visibility="public"
    )
    question_handle(
        question=question, actor=cast["editor"], answer=DRAFT, experts=[expert], status="in_progress"
    )
    return question


def test_a_draft_answer_is_not_on_the_page_in_the_api_in_search_or_in_the_expert_finder(
    question, cast, client_for
):
    for role in ("anonymous", "member", "other_member"):
        client = client_for(cast[role])
        page = client.get(question.get_absolute_url()).content.decode()
        assert question.title in page
        assert "fietsparkeerverordening" not in page
        assert "Fietsexpert" not in page
        assert client.get(f"/api/questions/{question.pk}").json()["answer"] is None
        found = client.get("/api/search", {"q": "fietsparkeerverordening"}).json()
        assert found["results"] == []
        hits = client.get("/api/search", {"q": "fietsenstallingen nieuwbouw"}).json()["results"]
        assert [h["title"] for h in hits] == [question.title]
        assert "fietsparkeerverordening" not in hits[0]["snippet"]
        assert "Fietsexpert" not in [
            e.person.last_name for e in find_experts(user=cast[role], query="fietsenstallingen")
        ]


def test_the_answer_and_its_experts_appear_once_the_centre_gives_it(question, cast, client_for):
    question_handle(question=question, actor=cast["editor"], status="answered")
    client = client_for(None)
    page = client.get(question.get_absolute_url()).content.decode()
    assert "fietsparkeerverordening" in page
    assert "Koen Fietsexpert" in page
    assert client.get(f"/api/questions/{question.pk}").json()["answer"] == DRAFT
    hits = client.get("/api/search", {"q": "fietsparkeerverordening"}).json()["results"]
    assert [h["title"] for h in hits] == [question.title]
    experts = find_experts(user=None, query="fietsenstallingen")
    assert [e.person.last_name for e in experts] == ["Fietsexpert"]


def test_the_asker_cannot_agree_to_publish_an_answer_not_yet_given(question, cast, client_for):
    response = client_for(cast["member"]).post(reverse("questions:agree", args=[question.pk]))
    assert response.status_code == 403
    question.refresh_from_db()
    assert question.publish_agreed_at is None


@pytest.mark.parametrize("role", ["anonymous", "member", "other_member", "editor"])
def test_linked_items_show_only_what_the_reader_may_see_and_never_deleted_ones(
    role, question, cast, client_for, gent, antwerpen
):
    def item(title, owner, visibility):
        return item_create(
            actor=cast["editor"], title=title, kind="practice", owner=owner, visibility=visibility
        )

    linked = {
        "public": item("Openbare fietsnota", gent, "public"),
        "network": item("Netwerknota fietsen", gent, "network"),
        "antwerp": item("Interne Antwerpse fietsnota", antwerpen, "organisation"),
        "deleted": item("Geschrapte fietsnota", gent, "public"),
    }
    content_soft_delete(obj=linked["deleted"], actor=cast["editor"])
    question_handle(question=question, actor=cast["editor"], items=list(linked.values()))
    sees = {
        "anonymous": {"public"},
        "member": {"public", "network"},
        "other_member": {"public", "network", "antwerp"},
        "editor": {"public", "network", "antwerp"},
    }[role]
    page = client_for(cast[role]).get(question.get_absolute_url()).content.decode()
    shown = {key for key, obj in linked.items() if obj.title in page}
    assert shown == sees
