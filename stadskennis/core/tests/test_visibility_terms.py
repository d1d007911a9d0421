"""Visibility as terms: what a search document carries, and what an asker's search leaves out."""

from __future__ import annotations

import itertools

import pytest

from stadskennis.core.visibility import GROUP, NOBODY, Visibility, document_terms, hidden_terms

ORGANISATIONS, AUTHORS, GROUPS = (None, 1, 2), (None, 5, 6), (None, 3, 4)
DOCUMENTS = [
    document_terms(visibility=visibility, owner_id=owner, created_by_id=author, access_group_id=group)
    for visibility, owner, author, group in itertools.product(
        [*Visibility.values, GROUP], ORGANISATIONS, AUTHORS, GROUPS
    )
]
ASKERS = {
    "anonymous": ["public"],
    "member of organisation 1, author 5": ["public", "network", "author:5", "organisation:1"],
    "member without organisation, in group 4": ["public", "network", "author:6", "group:4"],
    "staff": ["staff"],
    "staff in group 3": ["staff", "group:3"],
}


def test_every_document_carries_one_audience_and_staff_unless_a_group_s():
    for terms in DOCUMENTS:
        audiences = [t for t in terms if t != "staff"]
        assert len(audiences) == 1, terms
        assert ("staff" in terms) != audiences[0].startswith("group:"), terms


@pytest.mark.parametrize("asker", ASKERS)
def test_leaving_out_the_hidden_terms_keeps_exactly_what_the_asker_may_see(asker):
    """The engine filters by leaving out `hidden_terms`; that must keep the same documents as keeping
    those that carry one of the asker's terms, for every kind of document and asker."""
    terms = ASKERS[asker]
    indexed = {t for document in DOCUMENTS for t in document}
    hidden = set(hidden_terms(terms, indexed))
    for document in DOCUMENTS:
        assert bool(set(document) & set(terms)) == (not set(document) & hidden), (asker, document)


def test_a_document_that_lost_its_audience_is_for_staff_only():
    orphaned = document_terms(visibility=Visibility.DRAFT, owner_id=1, created_by_id=None)
    assert orphaned == [NOBODY, "staff"]
    for asker, terms in ASKERS.items():
        assert (NOBODY in hidden_terms(terms, orphaned)) != ("staff" in terms), asker
