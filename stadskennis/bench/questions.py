"""The survey comparison at scale (part of `make bench`): 300 organisations × 60 questions.

Builds one round with a realistic mix of question kinds (yes/no, choices, numbers, short and long
text), 300 organisations that all submitted, then times composing the comparison (the matrix with
counts and totals) and its XLSX export.
"""

from __future__ import annotations

import random
import time

from stadskennis.bench.search import _percentile, _sentences, _timed

SEED = 2028


def run(n_organisations: int = 300, n_questions: int = 60) -> dict:
    from django.db import connection

    from stadskennis.accounts.models import User
    from stadskennis.core.models import Organisation
    from stadskennis.questions import comparison
    from stadskennis.questions.models import Answer, Recipient, Rondvraag, SurveyQuestion

    rng = random.Random(SEED)
    sentences = _sentences()
    started = time.perf_counter()
    Organisation.objects.bulk_create(
        Organisation(slug=f"bench-gemeente-{i}", name=f"Gemeente {i}", kind="municipality")
        for i in range(n_organisations)
    )
    organisations = list(Organisation.objects.filter(slug__startswith="bench-gemeente-"))
    centre = Organisation.objects.get(slug="kenniscentrum")
    rondvraag = Rondvraag.objects.create(
        title="Benchmark-rondvraag", owner=centre, visibility="organisation", phase=Rondvraag.Phase.OPEN
    )
    kinds = ["yes_no", "single_choice", "multiple_choice", "number", "short_text", "long_text"]
    questions = SurveyQuestion.objects.bulk_create(
        SurveyQuestion(
            rondvraag=rondvraag,
            position=i,
            text=f"Vraag {i}: " + rng.choice(sentences)[:120],
            kind=kinds[i % len(kinds)],
            choices="Ja, volledig\nGedeeltelijk\nNog niet\nNiet van toepassing",
            unit="euro" if i % len(kinds) == 3 else "",
        )
        for i in range(n_questions)
    )
    Recipient.objects.bulk_create(
        Recipient(
            rondvraag=rondvraag,
            organisation=o,
            token_hash=f"bench-{o.pk}",
            status="submitted",
            submitted_at=rondvraag.created_at,
        )
        for o in organisations
    )
    recipients = list(rondvraag.recipients.all())

    def value(q):
        return {
            "yes_no": lambda: rng.choice(["yes", "no"]),
            "single_choice": lambda: rng.choice(q.choice_list),
            "multiple_choice": lambda: rng.sample(q.choice_list, 2),
            "number": lambda: round(rng.uniform(0, 1_000_000), 2),
            "short_text": lambda: rng.choice(sentences)[:200],
            "long_text": lambda: " ".join(rng.sample(sentences, 4)),
        }[q.kind]()

    Answer.objects.bulk_create(
        (
            Answer(
                recipient=r,
                question=q,
                value=value(q),
                explanation=rng.choice(["", rng.choice(sentences)[:150]]),
                version=1,
            )
            for r in recipients
            for q in questions
        ),
        batch_size=2000,
    )
    setup_seconds = time.perf_counter() - started

    def compose():
        result = comparison.compare(rondvraag)
        list(result.display_rows())  # what the page renders
        return result

    compose_ms = _timed(compose, rounds=20)
    result = compose()
    xlsx_ms = _timed(lambda: comparison.export_xlsx(result), rounds=5)
    editor = User.objects.get(email="redacteur@stadskennis.example")
    from django.test import Client

    client = Client()
    client.force_login(editor, backend="django.contrib.auth.backends.ModelBackend")
    page_ms = _timed(lambda: client.get(f"/vraagbaak/rondvragen/{rondvraag.pk}/vergelijking/"), rounds=5)
    return {
        "backend": connection.vendor,
        "organisations": n_organisations,
        "questions": n_questions,
        "answers": n_organisations * n_questions,
        "setup_seconds": setup_seconds,
        "compose_p50_ms": _percentile(compose_ms, 0.5),
        "compose_p95_ms": _percentile(compose_ms, 0.95),
        "xlsx_p95_ms": _percentile(xlsx_ms, 0.95),
        "page_p95_ms": _percentile(page_ms, 0.95),
    }
