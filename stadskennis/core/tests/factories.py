"""Factories for core's models: organisations and themes.

Every app keeps its factories in `<app>/tests/factories.py`. A factory whose model has side effects
(audit log, search outbox, mail) creates it through that app's service, so a factory-made object is
audited and found by search exactly as one made in the interface.

Organisations and themes are the exception: `reference_save` audits them and sends every document
that carries their name to the outbox, but a new one is carried by no document yet, and auditing the
cast of every test would fill the audit log the tests read. They are written directly.
"""

from __future__ import annotations

from datetime import date

import factory
from factory.django import DjangoModelFactory

from stadskennis.core.models import Organisation, OrganisationCode, Theme


class OrganisationFactory(DjangoModelFactory):
    """A centre city unless told otherwise: `OrganisationFactory(kind="centre")` for the centre.
    `nis_code="46021"` gives it that NIS code, valid since 1977 (the last merger before 2025)."""

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"stad-{n}")
    name = factory.LazyAttribute(lambda o: f"Stad {o.slug.removeprefix('stad-').title()}")
    short_name = ""
    kind = Organisation.Kind.CENTRE_CITY

    @factory.post_generation
    def nis_code(self, create, code, **kwargs):
        if create and code:
            OrganisationCode.objects.create(organisation=self, code=code, valid_from=date(1977, 1, 1))


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme

    slug = factory.Sequence(lambda n: f"thema-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").capitalize())
    kind = Theme.Kind.PROGRAMME_SUBJECT
