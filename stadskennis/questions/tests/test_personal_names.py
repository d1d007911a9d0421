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


# --- Work that grows with the text, not with its square ------------------------------------------------
# An answer is typed by a member and scanned when the editor opens the review: an answer built to be
# slow (no "@" after a long word, thousands of addresses or names) must not hold the page for minutes.


def _emails(length: int) -> str:
    return " ".join(f"x{i}@gent.example" for i in range(length // 16))[:length]


ADVERSARIAL = {
    "one long word": lambda n: "a" * n,
    "dots and pluses": lambda n: ".+" * (n // 2),
    "at signs": lambda n: "a@" * (n // 2),  # the worst case of the search from each "@"
    "email addresses": _emails,
    "names": lambda n: ("Jan Peeters en " * (n // 15 + 1))[:n],
}


@pytest.mark.parametrize("shape", ADVERSARIAL)
def test_the_scan_takes_time_in_proportion_to_the_text(shape):
    """Four times the text takes about four times as long: less than eight times (a square would be
    sixteen). Processor time of this process, the best of five runs, so other work on the machine
    does not decide it."""
    import time
    import timeit

    def seconds(length: int) -> float:
        text = ADVERSARIAL[shape](length)
        runs = timeit.repeat(
            lambda: find_personal_data(text, LEXICON), timer=time.process_time, number=1, repeat=5
        )
        return min(runs)

    small, large = seconds(16_000), seconds(64_000)
    assert large < 8 * small, f"{shape}: {small:.4f}s for 16 000 characters, {large:.4f}s for 64 000"


class _Watched(str):
    """A text that remembers the longest piece of it any code cut out."""

    longest = 0

    def __getitem__(self, key):
        piece = super().__getitem__(key)
        _Watched.longest = max(_Watched.longest, len(piece))
        return piece


def test_whether_a_word_starts_a_sentence_is_told_from_the_text_just_before_it():
    """Not by copying all the text before every capitalised word: for 25,000 of them, 1.25 billion
    characters copied. A long run of blanks before a word does not make it a sentence's first word."""
    _Watched.longest = 0
    found = find_personal_data(_Watched("Ab, " * 25_000), LEXICON)
    assert found == [] and _Watched.longest < 1_000
    assert [p.text for p in find_personal_data("Zie" + " " * 150 + "Jan Peeters", LEXICON)] == ["Jan Peeters"]
