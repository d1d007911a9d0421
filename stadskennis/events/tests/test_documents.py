"""Presentations and the report: uploaded to the event by its organisers, seen by whoever may see the
event, and published to the Kennisbank in one step."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stadskennis.events import attendance, registrations
from stadskennis.events.tests.factories import make_event
from stadskennis.knowledge.models import KnowledgeItem
from stadskennis.search.services import search

pytestmark = pytest.mark.django_db


def test_a_presentation_goes_to_the_kennisbank_in_one_step(cast, centre, gent, client_for):
    event = make_event(owner=centre, title="Studiedag leegstand", visibility="network", actor=cast["editor"])
    came = registrations.register_member(event=event, user=cast["member"])
    attendance.check_in(registration=came, actor=cast["editor"])
    editor = client_for(cast["editor"])
    upload = SimpleUploadedFile(
        "register.txt", b"Het leegstandsregister van Kortrijk", content_type="text/plain"
    )
    editor.post(reverse("events:document_add", args=[event.slug]), {"title": "Het register", "file": upload})
    document = event.documents.get()
    url = reverse("events:document", args=[document.pk])
    assert client_for(cast["member"]).get(url).status_code == 200
    assert client_for(None).get(url).status_code == 404  # the event is for the network
    publish = reverse("events:document_publish", args=[document.pk])
    assert client_for(cast["member"]).post(publish, {"visibility": "public"}).status_code == 403
    response = editor.post(publish, {"visibility": "network"})
    item = KnowledgeItem.objects.get(title="Het register")
    assert response["Location"] == item.get_absolute_url()
    assert (item.kind, item.visibility) == ("presentation", "network")
    assert "Studiedag leegstand" in item.summary
    assert set(item.organisations.values_list("slug", flat=True)) == {"gent"}  # who came
    assert item.attachments.get().original_name == "register.txt"
    assert editor.post(publish, {"visibility": "network"})["Location"] == item.get_absolute_url()  # once
    assert KnowledgeItem.objects.filter(title="Het register").count() == 1
    assert "Het register" in [r.title for r in search(user=cast["member"], query="register").results]


def test_only_organisers_upload(cast, centre, client_for):
    event = make_event(owner=centre, actor=cast["editor"])
    upload = SimpleUploadedFile("x.txt", b"x", content_type="text/plain")
    response = client_for(cast["member"]).post(
        reverse("events:document_add", args=[event.slug]), {"file": upload}
    )
    assert response.status_code == 403
    assert not event.documents.exists()
