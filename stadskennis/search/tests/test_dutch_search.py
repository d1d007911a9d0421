"""Search understands Dutch: folding, stemming, compounds on both sides, synonyms, phrases,
exclusion, prefixes, suggestions, facets and sorting, with the same answers on both databases."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stadskennis.knowledge.tests.factories import KnowledgeItemFactory
from stadskennis.search.models import Synonym
from stadskennis.search.services import search, synonyms_seed

pytestmark = pytest.mark.django_db

TEXTS = {
    "woonbeleid": ("Woonbeleid in Gent", "Het lokale woonbeleid zet in op betaalbare huurwoningen."),
    "wonen": ("Wonen boven winkels", "Steden stimuleren wonen en beleid rond leegstaande verdiepingen."),
    "stadsvernieuwing": (
        "Stadsvernieuwingsproject Kortrijk",
        "Een traject van stadsvernieuwing in de binnenstad.",
    ),
    "vernieuwing": ("Vernieuwing van de stad Genk", "Over de vernieuwing van de stad en haar wijken."),
    "kerk": ("Kerkherbestemming in Mechelen", "De kerkherbestemming gaf de parochiekerk een buurtfunctie."),
    "kerken": ("Herbestemming van kerken", "Een studie over de herbestemming van kerken in Vlaanderen."),
    "beinvloeding": ("Beïnvloeding van gedrag", "Gedragsbeïnvloeding bij afvalbeleid werd geëvalueerd."),
    "ocmw": ("Samenwerking met het OCMW", "Het OCMW en de stad werken samen rond armoede."),
    "sociaal huis": ("Het sociaal huis in Leuven", "Eén loket in het sociaal huis voor alle hulpvragen."),
    "gdpr": ("GDPR-register van de stad", "Het verwerkingsregister volgens de AVG bijhouden."),
}


@pytest.fixture
def corpus(gent):
    items = {}
    for index, (key, (title, body)) in enumerate(TEXTS.items()):
        items[key] = KnowledgeItemFactory(
            title=title,
            body=body,
            kind="practice" if index % 2 else "study",
            owner=gent,
            visibility="public",
            year=2010 + index,
        )
    synonyms_seed()
    return items


def titles(query: str, **kwargs) -> set[str]:
    return {r.title for r in search(user=None, query=query, per_page=50, **kwargs).results}


def test_diacritics_are_folded(corpus):
    assert "Beïnvloeding van gedrag" in titles("beinvloeding")
    assert "Beïnvloeding van gedrag" in titles("BEÏNVLOEDING")
    assert "Beïnvloeding van gedrag" in titles("geevalueerd")


def test_dutch_stemming(corpus):
    assert titles("kerken") >= {"Herbestemming van kerken", "Kerkherbestemming in Mechelen"}
    assert "Herbestemming van kerken" in titles("kerk")
    assert "Wonen boven winkels" in titles("woning")


def test_compound_in_the_text_found_by_its_parts(corpus):
    assert {"Woonbeleid in Gent", "Wonen boven winkels"} <= titles("wonen")
    assert "Stadsvernieuwingsproject Kortrijk" in titles("vernieuwing")
    assert "Kerkherbestemming in Mechelen" in titles("herbestemming")


def test_compound_in_the_query_finds_its_parts(corpus):
    assert "Wonen boven winkels" in titles("woonbeleid")
    assert "Vernieuwing van de stad Genk" in titles("stadsvernieuwing")
    assert "Herbestemming van kerken" in titles("kerkherbestemming")


def test_editor_managed_synonyms(corpus):
    assert {"Samenwerking met het OCMW", "Het sociaal huis in Leuven"} <= titles("OCMW")
    assert "Samenwerking met het OCMW" in titles("sociaal huis")
    assert "GDPR-register van de stad" in titles("AVG")
    Synonym.objects.create(terms="huurwoning, sociale woning")
    assert "Woonbeleid in Gent" in titles("sociale woning")


def test_quoted_phrase_and_exclusion(corpus):
    assert titles('"vernieuwing van de stad"') == {"Vernieuwing van de stad Genk"}
    assert "Herbestemming van kerken" not in titles("kerk -studie")
    assert "Kerkherbestemming in Mechelen" in titles("kerk -studie")


def test_prefix_search_as_you_type(corpus):
    assert "Kerkherbestemming in Mechelen" in titles("kerkherbest", as_you_type=True)
    assert "Herbestemming van kerken" in titles("herbes*")
    assert titles("kerkherbest") == set()  # not as you type: a whole word


def test_a_typo_that_finds_nothing_shows_the_corrected_results_at_once(corpus):
    response = search(user=None, query="herbestemmng")
    assert response.corrected_from == "herbestemmng"
    assert response.query == "herbestemming"
    assert "Herbestemming van kerken" in {r.title for r in response.results}


def test_a_typo_that_finds_little_is_offered_a_correction(corpus, gent):
    KnowledgeItemFactory(title="Vernieuwng", owner=gent)  # the misspelling once, the word three times
    response = search(user=None, query="vernieuwng")
    assert response.total == 1 and not response.corrected_from
    assert response.suggestion == "vernieuwing"


def test_a_typo_beside_a_known_word_is_offered_a_correction(corpus):
    response = search(user=None, query="herbestemmng kerken")
    assert response.total >= 2  # 'kerken' finds on its own
    assert response.suggestion == "herbestemming kerken"


def test_a_correction_keeps_exclusions_and_phrases(corpus):
    response = search(user=None, query='herbestemmng -studie "vernieuwing van de stad"')
    assert response.suggestion == 'herbestemming -studie "vernieuwing van de stad"'
    assert {r.title for r in response.results} == {"Vernieuwing van de stad Genk"}


def test_corrections_come_only_from_words_the_asker_may_see(gent):
    KnowledgeItemFactory(title="Leegstandsheffing", owner=gent, visibility="draft")
    response = search(user=None, query="leegstandsheffng")
    assert response.total == 0 and not response.corrected_from and not response.suggestion


def test_snippets_highlight_the_matched_words(corpus):
    result = search(user=None, query="wonen").results
    snippets = " ".join(str(r.snippet) for r in result)
    assert "<mark>wonen</mark>" in snippets and "<mark>woonbeleid</mark>" in snippets


def test_snippets_escape_html(gent):
    KnowledgeItemFactory(title="Script", body="Een kerk <script>alert('x')</script> & 5 < 6", owner=gent)
    snippet = str(search(user=None, query="kerk").results[0].snippet)
    assert "<script>" not in snippet and "&amp; 5 &lt; 6" in snippet


def test_facets_filters_and_sorting(corpus):
    response = search(user=None, query="stad")
    assert sum(response.facet_counts["kind"].values()) == response.total
    filtered = search(user=None, query="stad", filters={"kind": "practice"})
    assert filtered.total == response.facet_counts["kind"].get("practice", 0)
    assert {r.kind for r in filtered.results} == {"practice"}
    by_date = search(user=None, query="stad", sort="date").results
    dates = [r.date for r in by_date]
    assert dates == sorted(dates, reverse=True)


def test_title_matches_rank_first(corpus):
    results = search(user=None, query="herbestemming kerken").results
    assert results[0].title == "Herbestemming van kerken"


def test_updating_an_item_is_reflected_at_once(corpus, cast):
    from stadskennis.knowledge.services import item_update

    item_update(item=corpus["wonen"], actor=cast["editor"], title="Zorgwonen in Aalst")
    assert "Zorgwonen in Aalst" in titles("zorgwonen")
    assert "Wonen boven winkels" not in titles("winkels")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    query=st.text(max_size=300)
    | st.sampled_from(
        [
            '"',
            "*",
            "(",
            "NEAR",
            "OR",
            '"a',
            "-",
            "-*",
            '""',
            "x*y*",
            "+",
            "+kerk",
            "++",
            "-+-",
            "NEAR(kerk, 2)",
            "kerk\x00wonen",
            "kerk 🏛️ wonen",
            "كنيسة kerk",
            "שלום",
            "\u202ekerk",
            "AND OR NOT",
            "kerk" * 3000,
        ]
    )
    | st.builds(
        lambda a, b: f"{a} {b}", st.sampled_from(["kerk", '"kerk', "-kerk", "+wonen"]), st.text(max_size=50)
    )
)
def test_any_input_gives_results_or_a_message(corpus, query):
    """Never an error; whatever is shown is a real, visible document, under its own title and address."""
    documents = {item.get_absolute_url(): item.title for item in corpus.values()}
    for as_you_type in (False, True):
        response = search(user=None, query=query, as_you_type=as_you_type)
        assert len(response.results) <= response.total
        assert {r.url: r.title for r in response.results}.items() <= documents.items()
        if not response.results:
            assert response.total == 0


def test_ten_thousand_characters(corpus):
    response = search(user=None, query="kerk " * 2000)
    assert response.message and response.total >= 1


def test_best_matches_ranks_every_match_and_respects_visibility(gent, cast):
    """No window of recent matches: the oldest item, whose title is the subject, still ranks first."""
    from stadskennis.search.services import best_matches

    old_title_hit = KnowledgeItemFactory(title="Leegstand", owner=gent)
    for n in range(600):
        KnowledgeItemFactory(title=f"Leegstand en wonen {n}", body="wonen " * n, owner=gent)
    secret = KnowledgeItemFactory(title="Leegstand intern", owner=gent, visibility="draft")

    def ids(user=None):
        found = best_matches(user=user, query="leegstand", depths={"knowledge_item": 10})
        return [int(object_id) for object_id, _score in found["knowledge_item"]]

    assert ids()[0] == old_title_hit.pk
    assert len(ids()) == 10
    assert secret.pk not in ids(user=cast["member"])
    assert secret.pk in ids(user=cast["editor"])


def test_completions_come_from_the_index_words_the_asker_may_see(gent, cast):
    from stadskennis.search.services import completions

    KnowledgeItemFactory(title="Woningen boven winkels", body="De woning en het woningaanbod.", owner=gent)
    KnowledgeItemFactory(title="Woningnood intern", owner=gent, visibility="draft")
    assert {"woning", "woningen", "woningaanbod"} <= set(completions(user=None, prefix="wonin"))
    assert "woningnood" not in completions(user=None, prefix="wonin")
    assert "woningnood" in completions(user=cast["editor"], prefix="wonin")
    assert completions(user=None, prefix="w") == []  # one letter completes nothing


def test_a_new_organisation_sees_its_documents_without_a_reindex(gent, antwerpen, cast):
    """Visibility travels as terms: moving a member to another organisation needs no reindex."""
    KnowledgeItemFactory(title="Interne nota Antwerpen", owner=antwerpen, visibility="organisation")
    member = cast["member"]  # of Stad Gent
    assert titles_for(member, "nota") == set()
    member.organisation = antwerpen
    member.save()
    assert titles_for(member, "nota") == {"Interne nota Antwerpen"}


def titles_for(user, query: str) -> set[str]:
    return {r.title for r in search(user=user, query=query).results}


def test_the_reindex_command_shows_progress_and_its_rate(corpus):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("search-reindex", stdout=out)
    assert "Indexed 10 documents" in out.getvalue()
    assert "Woonbeleid in Gent" in titles("woonbeleid")
