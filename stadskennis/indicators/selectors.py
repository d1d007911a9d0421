"""Reads of Stad in cijfers, always through core.visibility."""

from __future__ import annotations

from stadskennis.core.visibility import Visibility
from stadskennis.indicators.models import Indicator


def indicators_visible(*, user):
    return (
        Indicator.objects.visible_to(user)
        .select_related("owner", "common_definition")
        .prefetch_related("themes")
        .order_by("name")
    )


def common_indicators():
    """The common catalogue: the centre's public indicators, which an own indicator may map to."""
    return Indicator.objects.filter(owner__isnull=True, visibility=Visibility.PUBLIC).order_by("name")


def own_versions_visible(indicator: Indicator, *, user):
    """The cities' own indicators that measure what `indicator` does, as far as `user` may see them."""
    return indicator.own_versions.visible_to(user).select_related("owner").order_by("owner__name", "name")


def own_indicators_managed(*, user):
    """The own indicators of `user`'s organisation (all of them for centre staff), to manage."""
    return (
        Indicator.objects.managed_by(user)
        .filter(owner__isnull=False)
        .select_related("owner", "common_definition")
        .order_by("name")
    )
