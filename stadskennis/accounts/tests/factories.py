"""Factories for people who log in: a member of a city, an editor and an administrator of the centre."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from stadskennis.accounts.models import Role, User
from stadskennis.core.tests.factories import OrganisationFactory

PASSWORD = "pw-test-123"


class UserFactory(DjangoModelFactory):
    """A member of a city. `password=` sets the login password (hashed by the manager)."""

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"lid{n}@stad.example")
    full_name = factory.Sequence(lambda n: f"Lid {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.MEMBER

    @classmethod
    def _create(cls, model_class, *args, password: str = PASSWORD, **kwargs):
        # The manager normalises the address and hashes the password, as registration does.
        return model_class.objects.create_user(kwargs.pop("email"), password, **kwargs)


MemberFactory = UserFactory


class EditorFactory(UserFactory):
    """Centre staff."""

    email = factory.Sequence(lambda n: f"redacteur{n}@centrum.example")
    full_name = factory.Sequence(lambda n: f"Redacteur {n}")
    organisation = factory.SubFactory(OrganisationFactory, kind="centre")
    role = Role.EDITOR


class AdministratorFactory(EditorFactory):
    email = factory.Sequence(lambda n: f"beheerder{n}@centrum.example")
    full_name = factory.Sequence(lambda n: f"Beheerder {n}")
    role = Role.ADMINISTRATOR
    is_superuser = True
