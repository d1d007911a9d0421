"""The access matrix beyond knowledge items (issue 12, point 7): every role × every visibility for
questions and their answers, meeting documents, homework answers and people's contact details, each
asked on the page and on its API twin (and search where the thing is searchable). The matrix of
knowledge items, workgroups, feeds and files is test_visibility_matrix.py; survey comparisons are
questions/tests/test_comparison_access.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from stadskennis.network import services as network_services
from stadskennis.network.tests.factories import (
    AssignmentFactory,
    MeetingFactory,
    PersonFactory,
    WorkgroupFactory,
)
from stadskennis.questions.services import question_ask, question_handle

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "other_member", "editor"]
VISIBILITIES = ["public", "network", "organisation"]
# Content owned by Gent: the member is of Gent, the other member of Antwerp.
SEES = {
    "anonymous": {"public"},
    "member": {"public", "network", "organisation"},
    "other_member": {"public", "network"},
    "editor": {"public", "network", "organisation"},
}


@pytest.fixture
def questions(cast):
    made = {}
    for visibility in VISIBILITIES:
        question = question_ask(
            actor=cast["member"], title=f"Matrixvraag {visibility} over deelfietsen", visibility=visibility
        )
        question_handle(
            question=question, actor=cast["editor"], answer=f"Matrixantwoord {visibility}", status="answered"
        )
        made[visibility] = question
    return made


@pytest.mark.parametrize("role", ROLES)
def test_questions_and_their_answers_on_page_api_list_and_search(role, cast, client_for, questions):
    client = client_for(cast[role])
    pages = {v for v, q in questions.items() if client.get(q.get_absolute_url()).status_code == 200}
    api = {v for v, q in questions.items() if client.get(f"/api/questions/{q.pk}").status_code == 200}
    listed = {row["title"].split()[1] for row in client.get("/api/questions").json()["items"]}
    found = {
        hit["title"].split()[1] for hit in client.get("/api/search", {"q": "deelfietsen"}).json()["results"]
    }
    answers = {
        v
        for v, q in questions.items()
        if f"Matrixantwoord {v}" in client.get(q.get_absolute_url()).content.decode()
    }
    assert pages == api == listed == found == answers == SEES[role]
    for v, q in questions.items():  # never a 403 that reveals what exists
        assert client.get(q.get_absolute_url()).status_code == (200 if v in SEES[role] else 404)


@pytest.fixture
def groups(cast, gent):
    made = {}
    for visibility in VISIBILITIES:
        group = WorkgroupFactory(
            key=f"groep-{visibility}", name=f"Groep {visibility}", owner=gent, visibility=visibility
        )
        meeting = MeetingFactory(workgroup=group, title=f"Vergadering {visibility}")
        document = network_services.meeting_document_add(
            meeting=meeting,
            title=f"Presentatie {visibility}",
            uploaded_file=SimpleUploadedFile(f"{visibility}.txt", b"dia's"),
            actor=cast["editor"],
        )
        made[visibility] = (group, meeting, document)
    return made


@pytest.mark.parametrize("role", ROLES)
def test_meeting_documents_follow_their_workgroup(role, cast, client_for, groups):
    client = client_for(cast[role])
    downloads = {
        v
        for v, (_g, _m, document) in groups.items()
        if client.get(document.get_absolute_url()).status_code == 200
    }
    listed = {
        v
        for v, (_g, meeting, _d) in groups.items()
        if f"Presentatie {v}" in client.get(meeting.get_absolute_url()).content.decode()
    }
    api = {
        v
        for v, (group, _m, _d) in groups.items()
        if client.get(f"/api/workgroups/{group.key}").status_code == 200
    }
    assert downloads == listed == api == SEES[role]


@pytest.mark.parametrize("role, finds_draft", [("member", True), ("other_member", False), ("editor", True)])
def test_a_homework_answer_is_its_organisations_until_submitted(
    role, finds_draft, cast, client_for, gent, antwerpen
):
    greet = PersonFactory(first_name="Greet", organisation=gent, user=cast["member"])
    arne = PersonFactory(first_name="Arne", organisation=antwerpen, user=cast["other_member"])
    group = WorkgroupFactory(key="obmi", name="Werkgroep OBMI", visibility="network", members=[greet, arne])
    assignment = AssignmentFactory(
        workgroup=group, title="Register", deadline=timezone.now() + timedelta(days=5)
    )
    network_services.submission_save(
        assignment=assignment,
        organisation=gent,
        actor=cast["member"],
        text="Ons conceptregister",
        submit=False,
    )
    client = client_for(cast[role])
    summary = reverse("network:assignment_summary", args=[group.key, assignment.pk])
    found = client.get("/api/search", {"q": "conceptregister"}).json()["results"]
    assert bool(found) == finds_draft  # search: organisation-visible while a draft
    assert "Ons conceptregister" not in client.get(summary).content.decode()  # side by side: submitted only
    own_form = client.get(assignment.get_absolute_url()).content.decode()
    assert ("Ons conceptregister" in own_form) == (role == "member")
    network_services.submission_save(
        assignment=assignment,
        organisation=gent,
        actor=cast["member"],
        text="Ons conceptregister",
        submit=True,
    )
    assert "Ons conceptregister" in client.get(summary).content.decode()
    assert client.get("/api/search", {"q": "conceptregister"}).json()["results"]


@pytest.mark.parametrize(
    "role, sees_contact", [("anonymous", False), ("member", True), ("other_member", True)]
)
def test_contact_details_are_for_members_on_page_and_api(role, sees_contact, cast, client_for, antwerpen):
    person = PersonFactory(
        first_name="Lies",
        last_name="Contact",
        email="lies@antwerpen.example",
        phone="03 123 45 67",
        organisation=antwerpen,
    )
    client = client_for(cast[role])
    page = client.get(person.get_absolute_url()).content.decode()
    api = client.get(f"/api/people/{person.pk}").json()
    assert ("lies@antwerpen.example" in page) == sees_contact
    assert ("03 123 45 67" in page) == sees_contact
    assert (api.get("email") == "lies@antwerpen.example") == sees_contact


@pytest.mark.parametrize("visibility, cacheable", [("public", True), ("network", False)])
def test_only_files_anyone_may_see_are_cacheable_by_shared_caches(
    visibility, cacheable, cast, client_for, groups
):
    _group, _meeting, document = groups[visibility]
    response = client_for(cast["editor"]).get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["Cache-Control"] == ("public, max-age=300" if cacheable else "private, no-store")
