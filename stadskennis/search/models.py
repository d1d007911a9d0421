"""The search index: one row per searchable object, analysed by our Dutch analyser.

The full-text part lives beside it: an FTS5 table kept in step by triggers on SQLite, a generated
tsvector column with a GIN index on PostgreSQL (see migrations/0002). Both index the same analysed
terms, so both backends give the same answers.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stadskennis.core.visibility import Visibility


class SearchDocument(models.Model):
    # Narrow columns first: SQLite reads a row's columns in order, so visibility and facets must not
    # sit behind the long text columns (which live in overflow pages).
    key = models.CharField(max_length=100, unique=True)  # "<provider>:<object id>"
    provider = models.CharField(max_length=50)
    object_id = models.CharField(max_length=64)
    kind = models.CharField(max_length=32)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=16, blank=True)
    date = models.DateTimeField(default=timezone.now)
    # The visibility fields mirror the object's, so core.visibility filters documents like content.
    visibility = models.CharField(max_length=16, choices=Visibility.choices)
    owner = models.ForeignKey(
        "core.Organisation", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", null=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        null=True,
    )
    url = models.CharField(max_length=300)
    title = models.CharField(max_length=300)
    title_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    extra_terms = models.TextField(blank=True)
    text = models.TextField(blank=True)  # the plain text snippets are cut from

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["provider", "object_id"]),
            # a provider's newest documents first, for the expert finder's window of recent matches
            models.Index(fields=["provider", "-id"], name="search_provider_newest"),
            models.Index(fields=["visibility", "owner"]),
            models.Index(fields=["-date"]),
        ]

    def __str__(self) -> str:
        return self.title


class SearchFacet(models.Model):
    """One facet value of a document (theme, organisation, …), for counting inside the query."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="facets")
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=100)
    label = models.CharField(max_length=200)

    class Meta:
        ordering = ["facet", "value"]
        indexes = [models.Index(fields=["facet", "value"]), models.Index(fields=["document", "facet"])]

    def __str__(self) -> str:
        return f"{self.facet}={self.value}"


class Synonym(models.Model):
    """A group of words or phrases that mean the same to our users: 'OCMW, sociaal huis'."""

    terms = models.CharField(
        _("synonyms"),
        max_length=500,
        help_text=_("Words or phrases that mean the same, separated by commas."),
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["terms"]
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonyms")

    def __str__(self) -> str:
        return self.terms

    @property
    def term_list(self) -> list[str]:
        return [t.strip() for t in self.terms.split(",") if t.strip()]
