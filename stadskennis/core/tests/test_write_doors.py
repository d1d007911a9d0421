"""Every write with side effects goes through one door: the admin audits like the pages, composing a
survey round is audited, and looking at a form writes nothing (issue 12, point 8)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from stadskennis.core.models import AuditEntry
from stadskennis.core.tests.factories import ThemeFactory
from stadskennis.knowledge.models import ThemeDossier
from stadskennis.questions.models import Rondvraag, SurveyQuestion

pytestmark = pytest.mark.django_db


def test_an_admin_save_and_delete_are_in_the_audit_log(client_for, cast):
    client = client_for(cast["administrator"])
    when = {
        "created_at_0": "2026-11-27",
        "created_at_1": "10:00:00",
        "updated_at_0": "2026-11-27",
        "updated_at_1": "10:00:00",
    }
    response = client.post("/admin/search/synonym/add/", {"terms": "OCMW, sociaal huis", **when})
    assert response.status_code == 302
    created = AuditEntry.objects.get(action="create")
    assert created.actor == cast["administrator"] and created.object_repr.startswith("OCMW")
    client.post(f"/admin/search/synonym/{created.object_id}/delete/", {"post": "yes"})
    assert AuditEntry.objects.filter(action="delete", object_id=created.object_id).exists()


def test_opening_the_dossier_form_writes_nothing_and_saving_it_creates_the_dossier(client_for, cast):
    theme = ThemeFactory(slug="wonen", name="Wonen")
    client = client_for(cast["editor"])
    assert client.get(reverse("knowledge:theme_edit", args=[theme.slug])).status_code == 200
    assert not ThemeDossier.objects.exists()
    client.post(
        reverse("knowledge:theme_edit", args=[theme.slug]), {"introduction": "Stand van zaken wonen."}
    )
    assert ThemeDossier.objects.get().introduction == "Stand van zaken wonen."


def test_composing_a_survey_round_is_audited_step_by_step(client_for, cast, centre):
    client = client_for(cast["editor"])
    client.post(reverse("questions:rondvraag_create"), {"title": "Deelsteps 2026", "reminder_days": 3})
    rondvraag = Rondvraag.objects.get()
    base = f"/vraagbaak/rondvragen/{rondvraag.pk}"
    client.post(f"{base}/vragen/", {"position": 1, "text": "Aantal deelsteps", "kind": "number"})
    question = SurveyQuestion.objects.get()
    client.post(f"{base}/vragen/{question.pk}/verwijderen/")
    client.post(f"{base}/afsluiten/")
    rondvraag.refresh_from_db()
    assert rondvraag.phase == Rondvraag.Phase.CLOSED and not SurveyQuestion.objects.exists()
    trail = [
        (entry.action, sorted(entry.changes))
        for entry in AuditEntry.objects.filter(object_id=str(rondvraag.pk)).order_by("id")
    ]
    assert trail == [
        ("create", []),
        ("update", ["question_added"]),
        ("update", ["question_removed"]),
        ("update", ["phase"]),
    ]


def test_the_audit_log_shows_a_change_of_a_field_named_items(client_for, cast):
    """Issue 13, point 2: linking items to a question records a change named "items"; the log answered 500."""
    from stadskennis.core.services import audit_record
    from stadskennis.questions.services import question_ask, question_handle

    question = question_ask(actor=cast["member"], title="Hoe tellen jullie deelsteps?", visibility="network")
    question_handle(question=question, actor=cast["editor"], items=[], experts=[], status="in_progress")
    audit_record(
        actor=cast["editor"],
        action="update",
        obj=question,
        changes={"items": ["Deelstepnota"], "status": "x"},
    )
    response = client_for(cast["editor"]).get(reverse("core:audit_log"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<span class="change">items</span>' in page and '<span class="change">status</span>' in page
