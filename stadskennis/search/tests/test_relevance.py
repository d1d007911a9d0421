"""The relevance report runs on both databases and our analyser beats the plain full-text search."""

import pytest

from stadskennis.accounts.models import User
from stadskennis.demo.services import demo_load
from stadskennis.search.relevance import build_plain_index, evaluate, ndcg, recall

pytestmark = pytest.mark.django_db


def test_metrics():
    assert ndcg(["a", "b"], {"a": 2, "b": 1}) == pytest.approx(1.0)
    assert ndcg(["b", "a"], {"a": 2, "b": 1}) < 1.0
    assert recall(["a", "x"], {"a": 1, "b": 1}) == 0.5


def test_our_search_beats_plain_full_text_on_the_dutch_collection():
    demo_load()
    build_plain_index()
    report = evaluate(User.objects.get(email="redacteur@stadskennis.example"))
    ours_ndcg, ours_recall = report["ours"]
    plain_ndcg, plain_recall = report["plain"]
    assert ours_ndcg > plain_ndcg + 0.15, report
    assert ours_recall > plain_recall, report
    assert ours_ndcg > 0.6, report
