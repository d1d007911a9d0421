"""Dashboards of Stad in cijfers: tiles of figures on a theme, composed by the centre's editors ("Stad in
cijfers" as the cities built it together) or by a member city for itself.

A dashboard is content like any other (owner, visibility, author: core.visibility decides who sees it);
a tile names an indicator and how to show it, never a figure: the figures are computed when the page
is drawn, for the viewer, by the indicators app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stadskennis.core.models import Organisation, Theme, TimeStamped
from stadskennis.core.visibility import Visibility, visible_filter
from stadskennis.indicators.models import Area, Indicator

MAX_TILES = 24


class DashboardQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Dashboards `user` may see, as a filter inside the query (core.visibility decides)."""
        return self.filter(visible_filter(user))


class Dashboard(TimeStamped):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="dashboards", verbose_name=_("themes"))
    # The municipality the dashboard is about (a city's own dashboard); empty: the viewer chooses one.
    area = models.ForeignKey(
        Area,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    # Empty: the centre's own dashboard, edited by centre staff only.
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="dashboards"
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = DashboardQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("dashboard")
        verbose_name_plural = _("dashboards")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("dashboards:dashboard", kwargs={"slug": self.slug})


class Tile(models.Model):
    class Kind(models.TextChoices):
        FIGURE = "figure", _("latest figure against the centre cities and Flanders")
        LINE = "line", _("line chart of the centre cities")
        RANKING = "ranking", _("ranking of the centre cities")
        MAP = "map", _("map of all municipalities")

    dashboard = models.ForeignKey(Dashboard, on_delete=models.CASCADE, related_name="tiles")
    position = models.PositiveSmallIntegerField(_("position"))
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="+", verbose_name=_("indicator")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.FIGURE)
    # Empty: the latest period with figures. Used by the figure and the map.
    period = models.CharField(_("period"), max_length=16, blank=True)
    # A figure tile about another municipality than the dashboard's.
    area = models.ForeignKey(
        Area,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )

    class Meta:
        ordering = ["dashboard", "position", "pk"]
        verbose_name = _("tile")
        verbose_name_plural = _("tiles")

    def __str__(self) -> str:
        return f"{self.dashboard} #{self.position}: {self.get_kind_display()}"
