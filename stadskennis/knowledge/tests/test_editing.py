"""Editors write items in the interface; bad input loses nothing; delete goes to a restorable trash."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stadskennis.core.models import AuditEntry
from stadskennis.core.services import content_soft_delete
from stadskennis.knowledge.models import Attachment, KnowledgeItem
from stadskennis.knowledge.tests.factories import KnowledgeItemFactory

pytestmark = pytest.mark.django_db


def form_data(owner, **overrides):
    data = {
        "title": "Tijdelijk gebruik van leegstaande panden",
        "kind": "practice",
        "outcome": "partial",
        "summary": "Kort",
        "body": "## Wat werkte\n\nVeel.",
        "owner": owner.pk,
        "visibility": "public",
        "year": "2019",
        "url": "",
        "source": "",
    }
    data.update(overrides)
    return data


def test_editor_creates_an_item_with_attachment_and_it_is_audited(client_for, cast, gent):
    client = client_for(cast["editor"])
    upload = SimpleUploadedFile("verslag.txt", b"inhoud", content_type="text/plain")
    response = client.post(reverse("knowledge:create"), {**form_data(gent), "attachment": upload})
    assert response.status_code == 302
    item = KnowledgeItem.objects.get()
    assert item.created_by == cast["editor"] and item.outcome == "partial"
    assert item.attachments.get().original_name == "verslag.txt"
    page = client.get(item.get_absolute_url()).content.decode()
    assert "<h2>Wat werkte</h2>" in page
    assert AuditEntry.objects.filter(action="create", object_id=str(item.pk)).exists()


def test_missing_fields_are_named_and_nothing_is_written(client_for, cast, gent):
    response = client_for(cast["editor"]).post(
        reverse("knowledge:create"), form_data(gent, title="", kind="")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_title"' in html and 'href="#id_kind"' in html
    assert KnowledgeItem.objects.count() == 0


def test_outcome_only_for_practices(client_for, cast, gent):
    response = client_for(cast["editor"]).post(
        reverse("knowledge:create"), form_data(gent, kind="study", outcome="failed")
    )
    assert response.status_code == 200
    assert 'href="#id_outcome"' in response.content.decode()
    assert KnowledgeItem.objects.count() == 0


def test_oversized_upload_is_refused_with_its_size_and_nothing_is_written(client_for, cast, gent, settings):
    settings.MAX_UPLOAD_SIZE = 1024
    upload = SimpleUploadedFile("groot.pdf", b"x" * 2048, content_type="application/pdf")
    response = client_for(cast["editor"]).post(
        reverse("knowledge:create"), {**form_data(gent), "attachment": upload}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "2,0\xa0KB" in html and "1,0\xa0KB" in html
    assert KnowledgeItem.objects.count() == 0 and Attachment.objects.count() == 0


def test_markdown_is_sanitised(client_for, cast, gent):
    client = client_for(cast["editor"])
    client.post(
        reverse("knowledge:create"),
        form_data(gent, body="<script>alert(1)</script>\n\n**Veilig** en [een link](javascript:alert(1))"),
    )
    response = client.get(KnowledgeItem.objects.get().get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Veilig</strong> en" in html and "een link" in html  # the text is shown, as Markdown
    assert "<script>alert" not in html and "javascript:" not in html


def test_edit_records_what_changed(client_for, cast, gent):
    client = client_for(cast["editor"])
    client.post(reverse("knowledge:create"), form_data(gent))
    item = KnowledgeItem.objects.get()
    client.post(reverse("knowledge:edit", args=[item.pk]), form_data(gent, title="Nieuwe titel"))
    entry = AuditEntry.objects.filter(action="update").get()
    assert entry.changes == {"title": "Nieuwe titel"} and entry.actor == cast["editor"]


def test_delete_moves_to_trash_and_an_editor_restores_it(client_for, cast, gent):
    client = client_for(cast["editor"])
    item = KnowledgeItemFactory(title="Weg en terug", owner=gent)
    client.post(reverse("knowledge:delete", args=[item.pk]))
    assert client_for(None).get(item.get_absolute_url()).status_code == 404
    trash = client.get(reverse("core:trash")).content.decode()
    assert "Weg en terug" in trash

    client.post(reverse("core:restore", args=["knowledge.KnowledgeItem", item.pk]))
    assert client_for(None).get(item.get_absolute_url()).status_code == 200
    actions = list(AuditEntry.objects.values_list("action", flat=True).order_by("id"))
    assert actions == ["create", "delete", "restore"]
    log = client.get(reverse("core:audit_log")).content.decode()
    assert "Weg en terug" in log


def test_members_cannot_delete_or_restore(client_for, cast, gent):
    item = KnowledgeItemFactory(title="Blijft", owner=gent)
    member = client_for(cast["member"])
    assert member.post(reverse("knowledge:delete", args=[item.pk])).status_code == 403
    content_soft_delete(obj=item, actor=cast["editor"])
    assert member.post(reverse("core:restore", args=["knowledge.KnowledgeItem", item.pk])).status_code == 403
    assert KnowledgeItem.objects.get(pk=item.pk).deleted_at is not None


def test_restore_of_unknown_things_is_a_404(client_for, cast):
    client = client_for(cast["editor"])
    assert client.post(reverse("core:restore", args=["knowledge.KnowledgeItem", 999])).status_code == 404
    assert client.post(reverse("core:restore", args=["accounts.User", 1])).status_code == 404
    assert client.post(reverse("core:restore", args=["nonsense", 1])).status_code == 404


def test_admin_changes_reach_the_search_index(client_for, cast, gent):
    from stadskennis.search.services import search

    client = client_for(cast["editor"])
    client.post(reverse("knowledge:create"), form_data(gent, title="Geheimzinnige kerkstudie"))
    item = KnowledgeItem.objects.get()
    data = {
        **form_data(gent, title="Geheimzinnige kerkstudie", visibility="organisation"),
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
    }
    response = client.post(f"/admin/knowledge/knowledgeitem/{item.pk}/change/", data)
    assert response.status_code == 302, response.content[:2000]
    assert search(user=None, query="geheimzinnige").total == 0
    audited = AuditEntry.objects.filter(
        object_id=str(item.pk), action="update"
    ).get()  # the admin is audited too
    assert audited.actor == cast["editor"] and "visibility" in audited.changes["fields"]
    client.post(f"/admin/knowledge/knowledgeitem/{item.pk}/delete/", {"post": "yes"})
    assert KnowledgeItem.objects.get().deleted_at is not None
    assert search(user=cast["editor"], query="geheimzinnige").total == 0


def test_a_missing_file_is_a_404_not_a_500(client_for, cast, gent):
    client = client_for(cast["editor"])
    upload = SimpleUploadedFile("weg.txt", b"inhoud", content_type="text/plain")
    client.post(reverse("knowledge:create"), {**form_data(gent), "attachment": upload})
    attachment = Attachment.objects.get()
    attachment.file.delete(save=False)
    assert client.get(reverse("knowledge:attachment", args=[attachment.pk])).status_code == 404
