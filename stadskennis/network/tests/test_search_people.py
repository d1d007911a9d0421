"""People and workgroups on the search page, in the index after a rebuild and after admin edits.

The search rules themselves (found by expertise, never by contact details, erased people gone,
draft workgroups for editors only, edits found at once) are in test_people_search.py.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from stadskennis.core.tests.factories import ThemeFactory
from stadskennis.network.privacy import person_erase
from stadskennis.network.tests.factories import MeetingFactory, PersonFactory, WorkgroupFactory
from stadskennis.search.index import documents_per_module
from stadskennis.search.services import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def an(gent):
    return PersonFactory(
        first_name="An",
        last_name="Peeters",
        email="an.peeters@gent.example",
        phone="09 123 45 67",
        organisation=gent,
        function="beleidsmedewerker economie",
        department="Dienst Economie",
        expertise="leegstand van winkelpanden",
        themes=[ThemeFactory(slug="economie", name="Lokale economie")],
    )


@pytest.fixture
def groups(centre, gent, cast):
    public = WorkgroupFactory(
        key="kern",
        name="Werkgroep kernversterking",
        purpose="Leegstand in de kernen tegengaan.",
        owner=centre,
        lead_organisation=gent,
        visibility="public",
        created_by=cast["editor"],
    )
    draft = WorkgroupFactory(
        key="klad",
        name="Kladgroep winkelleegstand",
        purpose="Leegstand, nog in voorbereiding.",
        owner=centre,
        visibility="draft",
        created_by=cast["editor"],
    )
    return {"public": public, "draft": draft}


def _titles(user, query):
    return [r.title for r in search(user=user, query=query).results]


def test_search_page_shows_a_person_with_label_link_and_no_contact_details(an, groups, client):
    page = client.get(reverse("search:results"), {"q": "leegstand"})
    html = page.content.decode()
    assert page.status_code == 200
    assert f'<a href="{an.get_absolute_url()}">An Peeters</a>' in html
    assert '<p class="card-meta">Persoon</p>' in html and '<p class="card-meta">Werkgroep</p>' in html
    assert "<mark>leegstand</mark> van winkelpanden" in html
    assert "an.peeters@gent.example" not in html and "123 45 67" not in html
    assert "Kladgroep" not in html


def test_kind_facet_counts_people_and_workgroups_per_role(an, groups, client, client_for, cast):
    anonymous = client.get("/api/search", {"q": "leegstand"}).json()
    assert anonymous["facets"]["kind"] == {"person": 1, "workgroup": 1}
    editor = client_for(cast["editor"]).get("/api/search", {"q": "leegstand"}).json()
    assert editor["facets"]["kind"] == {"person": 1, "workgroup": 2}
    labels = search(user=None, query="leegstand").facets["kind"]
    assert labels["person"][0] == "Persoon" and labels["workgroup"][0] == "Werkgroep"


def test_filter_people_by_organisation_and_theme(an, groups, antwerpen):
    PersonFactory(
        first_name="Koen", last_name="Jacobs", organisation=antwerpen, expertise="leegstand van kantoren"
    )
    assert len(search(user=None, query="leegstand", filters={"kind": "person"}).results) == 2
    by_organisation = search(user=None, query="leegstand", filters={"kind": "person", "organisation": "gent"})
    assert [r.title for r in by_organisation.results] == ["An Peeters"]
    by_theme = search(user=None, query="leegstand", filters={"theme": "economie"})
    assert [r.title for r in by_theme.results] == ["An Peeters"]


def test_found_by_function_department_organisation_and_theme(an):
    for words in ("beleidsmedewerker", "dienst economie", "Stad Gent", "lokale economie"):
        assert "An Peeters" in _titles(None, words), words


def test_reindex_command_indexes_people_and_workgroups_but_not_erased_people(an, groups, gent):
    person_erase(person=PersonFactory(first_name="Weg", last_name="Gewist", organisation=gent), actor=None)
    call_command("search-reindex", stdout=io.StringIO())
    assert documents_per_module() == {"person": 1, "workgroup": len(groups)}
    assert "An Peeters" in _titles(None, "winkelpanden")


def test_admin_edit_of_a_person_is_found_at_once(an, cast, client_for):
    client = client_for(cast["editor"])
    url = reverse("admin:network_person_change", args=[an.pk])
    assert client.get(url).status_code == 200
    now = timezone.localtime()
    response = client.post(
        url,
        {
            "first_name": "An",
            "last_name": "Peeters",
            "email": an.email,
            "phone": an.phone,
            "function": an.function,
            "organisation": an.organisation_id,
            "department": an.department,
            "themes": [t.pk for t in an.themes.all()],
            "expertise": "deelmobiliteit en fietsdelen",
            "legal_basis": an.legal_basis,
            "last_active_at_0": now.strftime("%Y-%m-%d"),
            "last_active_at_1": now.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "An Peeters" in _titles(None, "deelmobiliteit")
    assert "An Peeters" not in _titles(None, "winkelpanden")


def test_admin_delete_of_a_workgroup_hides_it_from_search_and_can_be_restored(groups, cast, client_for):
    from stadskennis.core.services import content_restore

    group = groups["public"]
    client = client_for(cast["editor"])
    response = client.post(reverse("admin:network_workgroup_delete", args=[group.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert "Werkgroep kernversterking" not in _titles(None, "kernversterking")
    group.refresh_from_db()
    assert group.deleted_at is not None  # soft: the trash can restore it
    content_restore(obj=group, actor=cast["editor"])
    assert "Werkgroep kernversterking" in _titles(None, "kernversterking")


def test_admin_lists_the_network_for_editors(cast, client_for, groups):
    client = client_for(cast["editor"])
    for model in (
        "person",
        "workgroup",
        "meeting",
        "meetingdocument",
        "assignment",
        "submission",
        "actionpoint",
    ):
        assert client.get(reverse(f"admin:network_{model}_changelist")).status_code == 200, model
    assert client_for(cast["member"]).get(reverse("admin:network_person_changelist")).status_code == 302


def test_admin_upload_of_a_meeting_document_records_its_name_and_size(groups, cast, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from stadskennis.network.models import MeetingDocument

    meeting = MeetingFactory(workgroup=groups["public"], title="Startvergadering")
    upload = SimpleUploadedFile(
        "presentatie leegstand.pdf", b"%PDF-1.4 hallo", content_type="application/pdf"
    )
    response = client_for(cast["editor"]).post(
        reverse("admin:network_meetingdocument_add"),
        {"meeting": meeting.pk, "title": "Presentatie", "file": upload},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    document = MeetingDocument.objects.get()
    assert (document.original_name, document.size) == ("presentatie leegstand.pdf", 14)
