"""The hostile-input part of `make bench` keeps to the rules it measures against. It once wrote a body
one letter past the length limit that came later, and `make bench` stopped there with nobody the wiser."""

from stadskennis.accounts.tests.factories import MemberFactory
from stadskennis.bench import hostile
from stadskennis.knowledge.models import TEXT_MAX_LENGTH, KnowledgeItem


def test_the_hostile_input_bench_writes_every_body_and_reads_the_docx(db):
    MemberFactory()
    results = hostile.run()
    bodies = KnowledgeItem.objects.filter(title="Lang woord").values_list("body", flat=True)
    assert sorted(len(body) for body in bodies) == [20_640, 24_002, TEXT_MAX_LENGTH]
    assert set(results) == {
        "ordinary body (3,000 words)",
        "one 24,000-letter word",
        "one 100,000-letter word",
        "docx",
    }
    assert results["docx"]["text_chars"] == 1_000_000  # the extraction's limit, not the file's 4,000,000
