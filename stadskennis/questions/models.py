"""Vraagbaak: questions to the centre ("Hoe zit het met …?"), their handling and their answer."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stadskennis.core.models import Content, Theme


class Question(Content):
    """A question of a member organisation. `owner` is the asker's organisation; the asker chooses
    who may see it (its organisation, the network, or everyone)."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        IN_PROGRESS = "in_progress", _("in progress")
        SURVEY = "survey", _("survey round")
        ANSWERED = "answered", _("answered")
        CLOSED = "closed", _("closed")

    title = models.CharField(_("question"), max_length=300)
    context = models.TextField(_("context"), blank=True, help_text=_("Why you ask, what you already know."))
    themes = models.ManyToManyField(Theme, blank=True, related_name="questions", verbose_name=_("themes"))
    wished_by = models.DateField(_("answer wished by"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.NEW)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("handled by"),
    )  # fmt: skip
    due_date = models.DateField(_("due date"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True, help_text=_("Markdown."))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    publish_agreed_at = models.DateTimeField(_("asker agreed to publish"), null=True, blank=True)
    experts = models.ManyToManyField(
        "network.Person", blank=True, related_name="questions", verbose_name=_("experts")
    )
    items = models.ManyToManyField(
        "knowledge.KnowledgeItem", blank=True, related_name="questions", verbose_name=_("related items")
    )
    published_item = models.ForeignKey(
        "knowledge.KnowledgeItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("questions:detail", kwargs={"pk": self.pk})

    @property
    def age_days(self) -> int:
        return (timezone.now() - self.created_at).days

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.NEW, self.Status.IN_PROGRESS, self.Status.SURVEY)


class QuestionMessage(models.Model):
    """A line in a question's thread: a reaction of the asker, a message of the centre, or an
    internal note only centre staff see."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("message"))
    internal = models.BooleanField(_("internal note (centre staff only)"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]
