"""Builds stadskennis/search/data/lexicon-nl.txt, the word list the compound splitter knows.

Source: the written questions of the Belgian federal Chamber (2020, data.dekamer.be, CC0) in
../shared/data, plus the demo content. Every word that occurs at least three times, folded
(lowercase, no diacritics), four letters or longer. Run: .venv/bin/python scripts/build_lexicon.py
"""

import collections
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    ROOT.parent / "shared" / "data" / "kamervragen-2020-nl.jsonl",
    ROOT / "stadskennis" / "demo" / "data" / "demo.json",
]
TARGET = ROOT / "stadskennis" / "search" / "data" / "lexicon-nl.txt"


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def main() -> None:
    counts = collections.Counter()
    for source in SOURCES:
        if not source.exists():
            sys.exit(f"missing {source}")
        raw = source.read_text(encoding="utf-8")
        texts = (
            [json.loads(line)["text"] for line in raw.splitlines()] if source.suffix == ".jsonl" else [raw]
        )
        for text in texts:
            counts.update(w for w in re.findall(r"[a-z]+", fold(text)) if len(w) >= 4)
    words = sorted(w for w, n in counts.items() if n >= 3)
    header = (
        "# Dutch word list for compound splitting. "
        "Source: data.dekamer.be written questions 2020 (CC0) and the demo content.\n"
    )
    TARGET.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
