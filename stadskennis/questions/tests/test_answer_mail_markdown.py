"""The mail that brings the asker the answer reads as plain text: the answer's Markdown signs go, a
link keeps its address (a plain-text reader cannot click the words)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from conftest import mail_body
from stadskennis.questions.services import question_ask, question_handle

pytestmark = pytest.mark.django_db(transaction=True)  # the worker closes its connection


def test_the_answer_mail_has_the_answer_as_plain_text(cast, mailbox):
    question = question_ask(actor=cast["member"], title="Wie heft op leegstand?", visibility="network")
    question_handle(
        question=question,
        actor=cast["editor"],
        status="answered",
        answer="## Vier steden\n\n- **Gent** heft, zie [het reglement](https://x.example/r)\n- Leuven ook",
    )
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    (body,) = [
        mail_body(m) for m in mailbox if m["To"] == cast["member"].email and "Vier steden" in mail_body(m)
    ]
    assert (
        "Vier steden\n\n- Gent heft, zie het reglement (https://x.example/r)\n- Leuven ook"
        in body.replace("\r\n", "\n")
    )
    assert "**" not in body and "](" not in body and "##" not in body
