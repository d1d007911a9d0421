"""A thematic report: an editor's text (Markdown) with figures, tables, charts and maps of Stad in
cijfers embedded by reference (core.embeds), drawn anew from the figures whenever it is shown."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from stadskennis.core.models import Content, Theme

TEXT_MAX = 100_000  # characters of introduction or body


class Report(Content):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="reports", verbose_name=_("themes"))
    introduction = models.TextField(_("introduction"), blank=True)
    body = models.TextField(_("text"))
    published_on = models.DateField(_("publication date"), null=True, blank=True)

    class Meta:
        ordering = ["-published_on", "title", "pk"]
        verbose_name = _("thematic report")
        verbose_name_plural = _("thematic reports")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", kwargs={"slug": self.slug})
