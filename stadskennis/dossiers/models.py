"""Public dossier sites: a collection of knowledge items with fields of their own (a church's new
function, the year of its repurposing; the cities that use an instrument), browsed by facets and on
a map, under the platform's address or a host name of their own. Which items show is decided by
the one access rule: only what anyone may read (sites.py)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

_host = RegexValidator(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$",
    _("A host name in lower case, such as kerken.kenniscentrumvlaamsesteden.be."),
)
_key = RegexValidator(
    r"^[a-z][a-z0-9_]{0,39}$", _("Lower-case letters, digits and _, starting with a letter.")
)
RESERVED_KEYS = ("gemeente", "zoek", "pagina")  # the page's own query parameters (sites.py)
VALUE_LENGTH = 500


def _not_reserved(key: str) -> None:
    if key in RESERVED_KEYS:
        raise ValidationError(_("“%(key)s” is taken by the page itself: choose another key.") % {"key": key})


class DossierSite(models.Model):
    slug = models.SlugField(_("web address"), unique=True, max_length=80, help_text=_("/dossiers/<this>/"))
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(
        _("introduction"), blank=True, max_length=20_000, help_text=_("Markdown.")
    )
    host = models.CharField(
        _("own host name"), max_length=253, blank=True, validators=[_host],
        help_text=_("Optional. The site answers on this name too, once it points to the platform and is "
                    "in ALLOWED_HOSTS (docs/deploy.md)."),
    )  # fmt: skip
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["title"]
        verbose_name = _("dossier site")
        verbose_name_plural = _("dossier sites")
        constraints = [
            models.UniqueConstraint(fields=["host"], condition=~models.Q(host=""), name="one_site_per_host")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("dossiers:site", args=[self.slug])

    def clean(self):
        own = (urlsplit(settings.SITE_URL).hostname or "").lower()
        if self.host and self.host.lower() == own:
            raise ValidationError({"host": _("This is the platform's own host name.")})


class DossierField(models.Model):
    """A field every entry of the site can fill: "Nieuwe functie", "Jaar", "Gebruikt door"."""

    site = models.ForeignKey(DossierSite, on_delete=models.CASCADE, related_name="fields")
    key = models.CharField(
        _("key"),
        max_length=40,
        validators=[_key, _not_reserved],
        help_text=_("Short and fixed: the web address of a choice in this field holds it."),
    )
    label = models.CharField(_("label"), max_length=80)
    facet = models.BooleanField(_("browse by it"), default=True)
    several = models.BooleanField(
        _("several values"),
        default=False,
        help_text=_("Values separated by ; (the cities that use an instrument)."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        constraints = [models.UniqueConstraint(fields=["site", "key"], name="one_field_per_key")]

    def __str__(self) -> str:
        return self.label


class DossierEntry(models.Model):
    """One knowledge item in the site's collection, with its municipality and field values."""

    site = models.ForeignKey(DossierSite, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey(
        "knowledge.KnowledgeItem",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("knowledge item"),
    )
    municipality = models.ForeignKey(
        "indicators.Area", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        limit_choices_to={"level": "municipality"}, verbose_name=_("municipality"),
    )  # fmt: skip
    values = models.JSONField(_("values"), default=dict, blank=True, help_text=_('{"key": "value"}'))
    added_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-added_at", "pk"]
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        constraints = [models.UniqueConstraint(fields=["site", "item"], name="an_item_once_per_site")]

    def __str__(self) -> str:
        return f"{self.site}: {self.item}"

    def clean(self):
        """Values are a mapping of the site's field keys to short texts (what the admin's JSON box
        accepts is anything JSON)."""
        if self.values in (None, ""):
            self.values = {}
        if not isinstance(self.values, dict):
            raise ValidationError({"values": _('Write the values as {"key": "value"}.')})
        keys = set(self.site.fields.values_list("key", flat=True)) if self.site_id else set()
        for key, value in self.values.items():
            if key not in keys:
                raise ValidationError(
                    {"values": _("“%(key)s” is not a field of this site: %(keys)s.")
                     % {"key": key[:40], "keys": ", ".join(sorted(keys)) or "—"}}
                )  # fmt: skip
            if (
                not isinstance(value, str | int | float)
                or isinstance(value, bool)
                or len(str(value)) > VALUE_LENGTH
            ):
                raise ValidationError(
                    {"values": _("The value of “%(key)s” must be a text of at most %(limit)d characters.")
                     % {"key": key, "limit": VALUE_LENGTH}}
                )  # fmt: skip
