"""Reads of the reports, always through core.visibility."""

from __future__ import annotations

from stadskennis.core.visibility import access_content_or_404
from stadskennis.reports.models import Report


def reports_visible(*, user):
    return Report.objects.visible_to(user).prefetch_related("themes")


def report_for(*, user, slug: str) -> Report:
    """The report at `slug` if `user` may see it; a 404 that reveals nothing otherwise."""
    return access_content_or_404(user, Report.objects.prefetch_related("themes"), slug=slug)
