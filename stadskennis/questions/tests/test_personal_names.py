"""What the check before publication takes for a person's name or contact details, and what not."""

from __future__ import annotations

import pytest

from stadskennis.questions.personal_names import Lexicon, Passage, find_personal_data, redact

LEXICON = Lexicon(
    people=["Griet Vandamme", "Els Van den Broeck"],
    organisations=["Stad Gent", "Stad Antwerpen", "Kenniscentrum Vlaamse Steden"],
)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # someone in the Netwerk, also at a sentence's start and typed in lower case
        ("Griet Vandamme beheert het register.", [("Griet Vandamme", "network")]),
        ("Vraag het aan els van den broeck.", [("els van den broeck", "network")]),
        # anyone else: capitalised words in a row, not counting the sentence's first word
        ("Het register houdt Jan Peeters bij.", [("Jan Peeters", "name")]),
        ("Sinds 2019. Contact: Sofie De Smet", [("Sofie De Smet", "name")]),
        ("Jan Peeters Van Damme zei het.", [("Peeters Van Damme", "name")]),
        # contact details
        ("Mail jan.peeters@gent.example.", [("jan.peeters@gent.example", "email")]),
        ("Bel 09 266 50 00 of +32 470 12 34 56.", [("09 266 50 00", "phone"), ("+32 470 12 34 56", "phone")]),
        ("Bel 0470/12.34.56", [("0470/12.34.56", "phone")]),
    ],
)
def test_names_and_contact_details_are_found(text, found):
    assert [(p.text, p.reason) for p in find_personal_data(text, LEXICON)] == found


@pytest.mark.parametrize(
    "text",
    [
        "Eigen toepassing, sinds 2019-2020 bij Stad Gent en de Vlaamse Overheid.",
        "Jan beheert het.",  # a first name alone
        "Het Kenniscentrum Vlaamse Steden vroeg het in Januari.",
        "We werken met GDPR en de AVG.",
        "1 250,5 verwerkingen; 412 in 2024.",
        "",
    ],
)
def test_ordinary_answers_raise_no_alarm(text):
    assert find_personal_data(text, LEXICON) == []


def test_redact_replaces_each_passage():
    text = "Contacteer Jan Peeters of jan@gent.example."
    passages = find_personal_data(text, LEXICON)
    assert redact(text, passages, mark="[weggelaten]") == "Contacteer [weggelaten] of [weggelaten]."
    assert (
        redact(text, [Passage(0, 10, "Contacteer", "name")], mark="…") == "… Jan Peeters of jan@gent.example."
    )
