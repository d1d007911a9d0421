"""People and workgroups in the one search.

A person's document holds what the directory shows publicly (name, function, department,
expertise, organisation, themes), never an email address or phone number. Erased people are not
indexed at all.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stadskennis.core.visibility import Visibility
from stadskennis.network.models import Person, Workgroup
from stadskennis.search.registry import Document


class PersonProvider:
    key = "person"
    model = Person
    label = gettext_lazy("People")
    carries = {"core.theme": "themes", "core.organisation": "organisation"}

    def indexable(self):
        return (
            Person.objects.filter(erased_at__isnull=True)
            .select_related("organisation")
            .prefetch_related("themes")
        )

    def kind_label(self, kind: str) -> str:
        return _("Person")

    def document(self, person: Person) -> Document | None:
        if person.erased_at is not None:
            return None
        themes = list(person.themes.all())
        organisation = person.organisation
        return Document(
            object_id=str(person.pk),
            title=person.full_name,
            text="\n".join(p for p in (person.function, person.department, person.expertise) if p),
            url=person.get_absolute_url(),
            kind="person",
            date=person.updated_at,
            visibility=Visibility.PUBLIC,
            owner_id=organisation.pk,
            created_by_id=None,
            extra=" ".join([organisation.name] + [t.name for t in themes]),
            facets=[("organisation", organisation.slug, organisation.display_name)]
            + [("theme", t.slug, t.name) for t in themes],
        )


class WorkgroupProvider:
    key = "workgroup"
    model = Workgroup
    label = gettext_lazy("Workgroups")
    carries = {"core.theme": "themes", "core.organisation": "lead_organisation"}

    def indexable(self):
        return Workgroup.objects.alive().select_related("lead_organisation").prefetch_related("themes")

    def kind_label(self, kind: str) -> str:
        return _("Workgroup")

    def document(self, group: Workgroup) -> Document | None:
        if group.deleted_at is not None:
            return None
        themes = list(group.themes.all())
        lead = group.lead_organisation
        facets = [("theme", t.slug, t.name) for t in themes]
        if lead:
            facets.append(("organisation", lead.slug, lead.display_name))
        return Document(
            object_id=str(group.pk),
            title=group.name,
            text=group.purpose,
            url=group.get_absolute_url(),
            kind="workgroup",
            date=group.updated_at,
            visibility=group.visibility,
            owner_id=group.owner_id,
            created_by_id=group.created_by_id,
            extra=" ".join(
                [str(group.get_kind_display())] + ([lead.name] if lead else []) + [t.name for t in themes]
            ),
            facets=facets,
        )
