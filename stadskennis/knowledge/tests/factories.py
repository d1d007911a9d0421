"""Factories for the Kennisbank. Items are made by `item_create`: audited and in the search outbox."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from stadskennis.core.tests.factories import OrganisationFactory
from stadskennis.knowledge.models import KnowledgeItem
from stadskennis.knowledge.services import item_create


class KnowledgeItemFactory(DjangoModelFactory):
    """A public study. Pass `actor=` for the author, and `themes=`, `organisations=`, `contacts=`
    as lists; the item is saved by the service, so search finds it at once."""

    class Meta:
        model = KnowledgeItem

    title = factory.Sequence(lambda n: f"Kennisitem {n}")
    kind = KnowledgeItem.Kind.STUDY
    owner = factory.SubFactory(OrganisationFactory)
    visibility = "public"

    @classmethod
    def _build(cls, model_class, *args, actor=None, **kwargs):
        return super()._build(model_class, *args, **kwargs)

    @classmethod
    def _create(cls, model_class, *args, actor=None, **kwargs):
        return item_create(actor=actor, **kwargs)
