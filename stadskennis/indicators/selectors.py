"""Reads of Stad in cijfers, always through core.visibility."""

from __future__ import annotations

from stadskennis.indicators.models import Indicator


def indicators_visible(*, user):
    return Indicator.objects.visible_to(user).prefetch_related("themes").order_by("name")
