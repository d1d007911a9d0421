"""Vraagbaak: questions to the centre ("Hoe zit het met …?"), their handling and their answer."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stadskennis.core.models import Content, ProgrammeLine, Theme


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

    @property
    def answer_is_given(self) -> bool:
        """Until the centre marks the question answered, its answer (and the experts it names) is a
        draft for the centre's eyes: see `core.visibility.can_read_answer`."""
        return bool(self.answer) and self.status in (self.Status.ANSWERED, self.Status.CLOSED)


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


# --- Survey rounds (rondvraag) --------------------------------------------------------------------


class Rondvraag(Content):
    """A survey round: every chosen organisation answers the same questions; the centre compiles
    the answers city by city. Answers are `organisation`-visible until the comparison is published;
    the round's own visibility governs the published comparison."""

    class Phase(models.TextChoices):
        DRAFT = "draft", _("being composed")
        OPEN = "open", _("open for answers")
        CLOSED = "closed", _("closed")
        PUBLISHED = "published", _("comparison published")

    title = models.CharField(_("title"), max_length=300)
    introduction = models.TextField(_("introduction"), blank=True, help_text=_("Markdown. Opens the report."))
    conclusion = models.TextField(_("conclusion"), blank=True, help_text=_("Markdown. Closes the report."))
    question = models.ForeignKey(
        Question, on_delete=models.SET_NULL, null=True, blank=True, related_name="rondvragen",
        verbose_name=_("prompted by the question"),
    )  # fmt: skip
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="rondvragen", verbose_name=_("themes"),
        help_text=_("The published comparison carries them, so it appears in the theme's dossier."),
    )  # fmt: skip
    programme_line = models.ForeignKey(
        ProgrammeLine, on_delete=models.SET_NULL, null=True, blank=True, related_name="rondvragen",
        verbose_name=_("programme line"),
    )  # fmt: skip
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices, default=Phase.DRAFT)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    reminder_days = models.PositiveSmallIntegerField(_("reminder (days before the deadline)"), default=3)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    published_item = models.ForeignKey(
        "knowledge.KnowledgeItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("questions:rondvraag", kwargs={"pk": self.pk})


class SurveyQuestion(models.Model):
    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", _("short text")
        LONG_TEXT = "long_text", _("long text")
        YES_NO = "yes_no", _("yes or no")
        SINGLE_CHOICE = "single_choice", _("one choice")
        MULTIPLE_CHOICE = "multiple_choice", _("several choices")
        NUMBER = "number", _("number")
        DATE = "date", _("date")
        FILE = "file", _("file")

    rondvraag = models.ForeignKey(Rondvraag, on_delete=models.CASCADE, related_name="questions")
    section = models.CharField(_("section"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.TextField(_("explanation for the respondent"), blank=True)
    kind = models.CharField(_("kind of answer"), max_length=20, choices=Kind.choices, default=Kind.SHORT_TEXT)
    choices = models.TextField(_("choices"), blank=True, help_text=_("One per line, for choice questions."))
    unit = models.CharField(
        _("unit"), max_length=40, blank=True, help_text=_("For numbers: euro, FTE, m², …")
    )
    required = models.BooleanField(_("required"), default=False)
    with_explanation = models.BooleanField(_("ask for an explanation (toelichting)"), default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")

    def __str__(self) -> str:
        return self.text

    @property
    def choice_list(self) -> list[str]:
        return [c.strip() for c in self.choices.splitlines() if c.strip()]


class Recipient(models.Model):
    """One organisation in a round: its personal link, its contact, and where it stands."""

    class Status(models.TextChoices):
        INVITED = "invited", _("invited")
        OPENED = "opened", _("opened")
        DRAFTING = "drafting", _("drafting")
        SUBMITTED = "submitted", _("submitted")

    rondvraag = models.ForeignKey(Rondvraag, on_delete=models.CASCADE, related_name="recipients")
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(
        "network.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.INVITED)
    invited_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    last_saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["rondvraag", "organisation"], name="one_recipient_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rondvraag} – {self.organisation}"


def answer_file_path(instance: Answer, filename: str) -> str:
    from pathlib import PurePath

    return f"rondvraag/{instance.recipient_id}/{instance.question_id}/{PurePath(filename).name}"


class Answer(models.Model):
    """An organisation's answer to one question. `version` grows with every save, so a save based
    on an older version is recognised as a conflict instead of silently overwriting."""

    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    value = models.JSONField(null=True, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    file = models.FileField(upload_to=answer_file_path, blank=True, max_length=300)
    version = models.PositiveIntegerField(default=0)
    saved_at = models.DateTimeField(default=timezone.now)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.question}"


class AnswerVersion(models.Model):
    """Every saved state of an answer: nothing submitted is ever lost."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    value = models.JSONField(null=True, blank=True)
    explanation = models.TextField(blank=True)
    saved_at = models.DateTimeField(default=timezone.now)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["answer", "version"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "version"], name="one_row_per_answer_version")
        ]

    def __str__(self) -> str:
        return f"{self.answer} (v{self.version})"
