"""Factory-made people and workgroups are found by search, as those made in the interface are."""

from __future__ import annotations

import pytest

from stadskennis.core.models import AuditEntry
from stadskennis.network.tests.factories import MeetingFactory, PersonFactory, WorkgroupFactory
from stadskennis.search.services import search

pytestmark = pytest.mark.django_db


def titles(query: str) -> set[str]:
    return {r.title for r in search(user=None, query=query).results}


def test_people_and_workgroups_from_factories_are_searchable(gent, centre, mailbox):
    lotte = PersonFactory(first_name="Lotte", last_name="Vermeulen", organisation=gent)
    group = WorkgroupFactory(name="Werkgroep leegstandsbeleid", owner=centre, members=[lotte])
    meeting = MeetingFactory(workgroup=group, attendees=[lotte])

    assert "Lotte Vermeulen" in titles("vermeulen")
    assert "Werkgroep leegstandsbeleid" in titles("leegstandsbeleid")
    assert list(group.members.all()) == [lotte] and list(meeting.attendees.all()) == [lotte]
    assert meeting.ends_at > meeting.starts_at
    created = set(AuditEntry.objects.filter(action="create").values_list("object_repr", flat=True))
    assert {"Lotte Vermeulen", "Werkgroep leegstandsbeleid"} <= created
