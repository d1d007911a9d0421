"""What search keeps in the database: only the editors' synonyms. The index itself is derived
from the modules' own tables and lives in the search engine (index.py), fed through the outbox."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
