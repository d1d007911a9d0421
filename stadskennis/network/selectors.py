"""Reads of the network, through the visibility model."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from stadskennis.core.models import Organisation
from stadskennis.core.visibility import access_content_or_404
from stadskennis.knowledge.models import KnowledgeItem
from stadskennis.network.models import Person, Workgroup


def person_list(*, query: str = "", organisation: str = "") -> QuerySet[Person]:
    people = Person.objects.select_related("organisation").prefetch_related("themes")
    if query:
        people = people.filter(
            Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(function__icontains=query)
            | Q(expertise__icontains=query)
        )
    if organisation:
        people = people.filter(organisation__slug=organisation)
    return people


def person_get(*, pk: int) -> Person:
    return get_object_or_404(Person.objects.select_related("organisation").prefetch_related("themes"), pk=pk)


def person_contributions(*, user, person: Person):
    return {
        "items": KnowledgeItem.objects.visible_to(user).filter(contacts=person),
        "workgroups": Workgroup.objects.visible_to(user).filter(members=person),
    }


def workgroup_list(*, user) -> QuerySet[Workgroup]:
    return Workgroup.objects.visible_to(user).select_related("lead_organisation", "lead_person")


def workgroup_get(*, user, key: str) -> Workgroup:
    queryset = Workgroup.objects.select_related("lead_organisation", "lead_person").prefetch_related(
        "members__organisation", "themes"
    )
    return access_content_or_404(user, queryset, key=key)


def organisation_list() -> QuerySet[Organisation]:
    return Organisation.objects.prefetch_related("codes")


def organisation_get(*, user, slug: str) -> dict:
    organisation = get_object_or_404(Organisation.objects.prefetch_related("codes"), slug=slug)
    return {
        "organisation": organisation,
        "people": organisation.people.prefetch_related("themes").order_by("department", "last_name"),
        "items": KnowledgeItem.objects.visible_to(user).filter(organisations=organisation)[:20],
        "workgroups": Workgroup.objects.visible_to(user)
        .filter(Q(lead_organisation=organisation) | Q(members__organisation=organisation))
        .distinct(),
    }
