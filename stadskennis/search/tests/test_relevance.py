"""The relevance report runs on both databases, and our search beats plain FTS5 bm25 (words OR-ed)."""

import pytest

from stadskennis.accounts.models import User
from stadskennis.demo.services import demo_load
from stadskennis.search.relevance import NATURAL, PlainBaseline, evaluate, ndcg, recall, reciprocal_rank

pytestmark = pytest.mark.django_db


def test_metrics():
    assert ndcg(["a", "b"], {"a": 2, "b": 1}) == pytest.approx(1.0)
    assert ndcg(["b", "a"], {"a": 2, "b": 1}) < 1.0
    assert recall(["a", "x"], {"a": 1, "b": 1}) == 0.5
    assert reciprocal_rank(["x", "a"], "a") == 0.5
    assert reciprocal_rank(["x"] * 10 + ["a"], "a") == 0.0


def test_the_baseline_ors_the_words_and_takes_any_input():
    baseline = PlainBaseline()
    baseline.add([("a", "Leegstand in Gent", "heffing op panden"), ("b", "Wonen", "betaalbare woningen")])
    assert baseline.search("leegstand wonen") and set(baseline.search("leegstand wonen")) == {"a", "b"}
    assert baseline.search('"NEAR( * -') == []


@pytest.fixture
def editor():
    demo_load()
    return User.objects.get(email="redacteur@stadskennis.example")


def test_judged_queries_rank_well_and_beat_the_baseline(editor):
    report = evaluate(editor)
    ours_ndcg, ours_recall = report["ours"]
    plain_ndcg, plain_recall = report["plain"]
    assert ours_ndcg >= 0.90, report
    assert ours_ndcg > plain_ndcg and ours_recall >= plain_recall, report


def test_natural_questions_find_what_they_ask_for(editor):
    report = evaluate(editor, NATURAL)
    assert report["ours"][0] > report["plain"][0], report
