"""Factories for the Netwerk: people, workgroups, meetings and homework assignments."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.db import transaction
from django.utils import timezone
from factory.django import DjangoModelFactory

from stadskennis.core.services import admin_saved
from stadskennis.core.tests.factories import OrganisationFactory
from stadskennis.network.models import Assignment, Meeting, Person, Workgroup
from stadskennis.network.services import person_create


class PersonFactory(DjangoModelFactory):
    """Someone of a city, made by `person_create` (audited, searchable). No notice mail unless
    `notify=True`; `actor=` is who added them; `themes=` a list."""

    class Meta:
        model = Person

    first_name = factory.Sequence(lambda n: f"Persoon{n}")
    last_name = "Peeters"
    email = factory.Sequence(lambda n: f"persoon{n}@stad.example")
    organisation = factory.SubFactory(OrganisationFactory)

    @classmethod
    def _build(cls, model_class, *args, actor=None, notify=False, **kwargs):
        return super()._build(model_class, *args, **kwargs)

    @classmethod
    def _create(cls, model_class, *args, actor=None, notify=False, **kwargs):
        return person_create(actor=actor, notify=notify, **kwargs)


class WorkgroupFactory(DjangoModelFactory):
    """A public workgroup of the centre; `members=` and `themes=` as lists.

    Workgroups are made in the admin: the factory does what the admin does, in one transaction, and
    hands the new group to `admin_saved` (audited, and in the search outbox). `actor=` is the editor."""

    class Meta:
        model = Workgroup

    key = factory.Sequence(lambda n: f"werkgroep-{n}")
    name = factory.Sequence(lambda n: f"Werkgroep {n}")
    owner = factory.SubFactory(OrganisationFactory, kind="centre")
    visibility = "public"

    @classmethod
    def _build(cls, model_class, *args, members=(), themes=(), actor=None, **kwargs):
        return super()._build(model_class, *args, **kwargs)

    @classmethod
    def _create(cls, model_class, *args, members=(), themes=(), actor=None, **kwargs):
        with transaction.atomic():
            group = super()._create(model_class, *args, **kwargs)
            group.members.set(members)
            group.themes.set(themes)
            admin_saved(obj=group, actor=actor, created=True, fields=[], indexed=True)
        return group


class MeetingFactory(DjangoModelFactory):
    """A two-hour meeting a week from now; `attendees=` as a list."""

    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    workgroup = factory.SubFactory(WorkgroupFactory)
    title = factory.Sequence(lambda n: f"Vergadering {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))

    @factory.post_generation
    def attendees(self, create, people, **kwargs):
        if create and people:
            self.attendees.set(people)


class AssignmentFactory(DjangoModelFactory):
    """A homework assignment due in two weeks (new, it has no answers for search to follow)."""

    class Meta:
        model = Assignment

    workgroup = factory.SubFactory(WorkgroupFactory)
    title = factory.Sequence(lambda n: f"Thuisopdracht {n}")
    question = "Hoe pakt jouw stad dit aan?"
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
