"""Factories for dashboards, made through the app's services (so they are audited like any other)."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from stadskennis.core.visibility import Visibility
from stadskennis.dashboards.models import Dashboard, Tile
from stadskennis.dashboards.services import dashboard_create, tile_add


class DashboardFactory(DjangoModelFactory):
    """A public centre dashboard unless told otherwise (`owner=`, `visibility=`, `area=`)."""

    class Meta:
        model = Dashboard

    title = factory.Sequence(lambda n: f"Dashboard {n}")
    visibility = Visibility.PUBLIC

    @classmethod
    def _create(cls, model_class, *args, actor=None, **fields):
        return dashboard_create(actor=actor, **fields)


class TileFactory(DjangoModelFactory):
    class Meta:
        model = Tile

    kind = Tile.Kind.FIGURE

    @classmethod
    def _create(cls, model_class, *args, dashboard, indicator, actor=None, **fields):
        return tile_add(dashboard=dashboard, actor=actor, indicator=indicator, **fields)
