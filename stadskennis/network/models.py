"""People in the network and the workgroups they meet in."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from stadskennis.core.models import Content, Organisation, Theme, TimeStamped


class Person(TimeStamped):
    """Someone in the network, with or without an account. Contact data is for members only."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    function = models.CharField(_("function"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="people", verbose_name=_("organisation")
    )
    department = models.CharField(_("department"), max_length=200, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="people", verbose_name=_("themes"))
    expertise = models.TextField(_("expertise"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="person"
    )

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["email"], condition=~models.Q(email=""), name="unique_person_email"
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_absolute_url(self) -> str:
        return reverse("network:person", kwargs={"pk": self.pk})


class Workgroup(Content):
    class Kind(models.TextChoices):
        WERKGROEP = "werkgroep", _("Workgroup")
        KENNISKRING = "kenniskring", _("Knowledge circle")
        OVERLEGGROEP = "overleggroep", _("Consultation group")
        KLANKBORDGROEP = "klankbordgroep", _("Sounding board")

    key = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.WERKGROEP)
    purpose = models.TextField(_("purpose"), blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="workgroups", verbose_name=_("themes"))
    lead_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_workgroups",
        verbose_name=_("lead city"),
    )
    lead_person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_workgroups",
        verbose_name=_("lead person"),
    )
    members = models.ManyToManyField(Person, blank=True, related_name="workgroups", verbose_name=_("members"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("workgroup")
        verbose_name_plural = _("workgroups")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:workgroup", kwargs={"key": self.key})
