"""The Agenda: the centre's knowledge meetings, their programme and who registered for them.

What a registration may be and when it holds a place is decided in registrations.py, under a lock
on the event; the models only keep the state.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stadskennis.core.models import AccessGroup, Content, Organisation, ProgrammeLine, Theme, TimeStamped
from stadskennis.core.visibility import GROUP, GROUP_CHOICES, Visibility

RESERVED_SLUGS = {
    "mijn-agenda",
    "deelname",
    "inschrijving",
    "thema",
    "documenten",
    "aanwezig",
    "nieuw",
}  # the Agenda's own pages (urls.py)


def _not_reserved(slug: str) -> None:
    if slug in RESERVED_SLUGS:
        raise ValidationError(_("This web address is taken by a page of the Agenda; choose another."))


class Event(Content):
    """One study day, workshop, work visit, congress …, over one or several days."""

    class Kind(models.TextChoices):
        STUDY_DAY = "study_day", _("Study day")
        SEMINAR = "seminar", _("Seminar")
        WORKSHOP = "workshop", _("Workshop")
        STADSATELIER = "stadsatelier", _("City workshop (stadsatelier)")
        INTERVISIE = "intervisie", _("Peer consultation (intervisie)")
        WORK_VISIT = "work_visit", _("Work visit")
        STUDY_TRIP = "study_trip", _("Study trip")
        EXCURSION = "excursion", _("Excursion")
        LECTURE = "lecture", _("Exploratory lecture")
        DENKDAG = "denkdag", _("Denkdag")
        CONGRESS = "congress", _("Congress")

    class Format(models.TextChoices):
        PHYSICAL = "physical", _("On site")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("On site and online")

    class Audience(models.TextChoices):
        MEMBERS = "members", _("Members of the network")
        LOCAL_GOVERNMENTS = "local_governments", _("All local governments")
        PUBLIC = "public", _("Everyone")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    slug = models.SlugField(_("web address"), unique=True, max_length=120, validators=[_not_reserved])
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True, max_length=1000)
    description = models.TextField(_("description"), blank=True, max_length=50_000, help_text=_("Markdown."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, default=Format.PHYSICAL)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(
        _("online link"), blank=True, help_text=_("Shown and mailed only to people with a confirmed place.")
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="events", verbose_name=_("themes"))
    organising_city = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organising city"),
    )
    partner = models.CharField(_("partner"), max_length=200, blank=True)
    programme_line = models.ForeignKey(
        ProgrammeLine,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("programme line"),
    )
    audience = models.CharField(
        _("who may register"), max_length=20, choices=Audience.choices, default=Audience.MEMBERS
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty when there is no limit.")
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Empty: when the event starts.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    sessions_chosen = models.BooleanField(
        _("participants choose their sessions"),
        default=False,
        help_text=_("For an event whose parts have their own audience or places (a morning for everyone, "
                    "an afternoon for members)."),
    )  # fmt: skip
    # An intervisie is closed to its invited participants: a named group (events/intervisie.py).
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=GROUP_CHOICES, default=Visibility.DRAFT
    )
    access_group = models.OneToOneField(
        AccessGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="event",
        verbose_name=_("participants"),
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")), name="event_ordered"
            ),
            models.CheckConstraint(  # closed to a group exactly when it has one
                condition=models.Q(visibility=GROUP, access_group__isnull=False)
                | (~models.Q(visibility=GROUP) & models.Q(access_group__isnull=True)),
                name="event_group_audience",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event", args=[self.slug])

    @property
    def closes_at(self):
        return self.registration_closes_at or self.starts_at

    @property
    def registration_open(self) -> bool:
        return not self.is_cancelled and self.deleted_at is None and timezone.now() < self.closes_at

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_closed_group(self) -> bool:
        return self.visibility == GROUP

    @property
    def audit_label(self) -> str:
        """Closed to a named group: the audit log, which every editor reads, does not name it."""
        return _("Closed event %(number)s") % {"number": self.pk} if self.is_closed_group else self.title


class EventSession(models.Model):
    """One part of an event's programme, with its own speakers."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    description = models.TextField(_("description"), blank=True, max_length=5000)
    speakers = models.ManyToManyField(
        "network.Person",
        blank=True,
        related_name="event_sessions",
        verbose_name=_("speakers from the network"),
    )
    guest_speakers = models.CharField(
        _("guest speakers"),
        max_length=500,
        blank=True,
        help_text=_("Names and organisations, separated by ;"),
    )
    audience = models.CharField(
        _("who may attend"),
        max_length=20,
        choices=Event.Audience.choices,
        blank=True,
        help_text=_("Empty: as the event."),
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty when there is no limit.")
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")), name="event_session_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audience_or_event(self) -> str:
        return self.audience or self.event.audience

    @property
    def audience_label(self) -> str:
        return Event.Audience(self.audience_or_event).label

    @property
    def guest_speaker_list(self) -> list[str]:
        return [name.strip() for name in self.guest_speakers.split(";") if name.strip()]


def event_document_path(instance: EventDocument, filename: str) -> str:
    return f"events/{instance.event_id}/{secrets.token_hex(8)}/{filename[-150:]}"


class EventDocument(models.Model):
    """A presentation or the report of an event: seen by whoever may see the event, and published to
    the Kennisbank in one step (services.event_document_publish)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=event_document_path, max_length=300)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    published_item = models.ForeignKey(
        "knowledge.KnowledgeItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("event document")
        verbose_name_plural = _("event documents")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:document", args=[self.pk])


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Registration(TimeStamped):
    """One person's registration for an event: a place, a wait, an offer of a place, or a cancellation.

    A guest's registration is PENDING until they follow the link mailed to them (double opt-in), and
    holds a place only until `held_until`; an OFFERED place is held for the person first in line
    until `held_until` too.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting confirmation of the email address")
        CONFIRMED = "confirmed", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        OFFERED = "offered", _("A place is offered")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Offer expired")

    ACTIVE = (Status.PENDING, Status.CONFIRMED, Status.WAITING, Status.OFFERED)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email address"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    held_until = models.DateTimeField(null=True, blank=True)
    waiting_since = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    attended_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    feedback_asked_at = models.DateTimeField(null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    sessions = models.ManyToManyField(EventSession, blank=True, related_name="registrations")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            # One living registration per address and event, whatever the concurrency.
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=models.Q(status__in=["pending", "confirmed", "waiting", "offered"])
                & ~models.Q(email=""),
                name="one_active_registration_per_address",
            ),
        ]
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self) -> str:
        return f"{self.name} – {self.event}"

    @property
    def audit_label(self) -> str:
        if self.event.is_closed_group:
            return _("Registration %(number)s") % {"number": self.pk}
        return str(self)

    def get_absolute_url(self) -> str:
        return reverse("events:registration", args=[self.token])

    @property
    def organisation_label(self) -> str:
        return self.organisation.display_name if self.organisation_id else self.organisation_name


class RegistrationQuestion(models.Model):
    """A question an event asks whoever registers: dietary needs, which day, a night's stay on a
    two-day visit, a question for the speaker. Its choices may each have their own places (a bus
    with 50 seats, 20 hotel rooms), held as the event's places are (events/places.py)."""

    class Kind(models.TextChoices):
        CHOICE = "choice", _("One of the choices")
        TEXT = "text", _("Free text")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("explanation"), max_length=300, blank=True)
    kind = models.CharField(_("kind of answer"), max_length=10, choices=Kind.choices, default=Kind.CHOICE)
    required = models.BooleanField(_("an answer is required"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")

    def __str__(self) -> str:
        return self.label


class RegistrationOption(models.Model):
    """One choice of a registration question, with its own places when they are limited."""

    question = models.ForeignKey(RegistrationQuestion, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("choice"), max_length=200)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty when there is no limit.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self) -> str:
        return self.label


class RegistrationAnswer(models.Model):
    """What one registration answered to one question: a choice, or a text. Personal data (a diet can
    say something about health or belief): seen by the organisers, and gone with the registration's
    name and address (events/privacy.py)."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(RegistrationQuestion, on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(
        RegistrationOption, on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    text = models.TextField(_("answer"), blank=True, max_length=1000)

    class Meta:
        ordering = ["question__position", "question_id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "question"], name="one_registration_answer_per_question"
            ),
        ]

    def __str__(self) -> str:
        return self.option.label if self.option_id else self.text


class CalendarFeed(models.Model):
    """The secret address of one user's personal calendar of their registrations."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_feed")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.user}"

    def get_absolute_url(self) -> str:
        return reverse("events:personal_ics", args=[self.token])


class IntervisieCase(models.Model):
    """A case a participant brings to an intervisie, submitted beforehand: read by the participants
    who accepted the confidentiality statement, and by nobody else (core.visibility.can_read_group_work)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="cases")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("the case"), max_length=10_000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return _("Case %(number)s") % {"number": self.pk}  # the audit log names no confidential title


class IntervisieNote(models.Model):
    """What an intervisie's participants write down: it never leaves the group (no search, no
    Kennisbank, no digest, no API, no export), so no provider or feed ever reads this model."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("note"), max_length=10_000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self) -> str:
        return _("Note %(number)s") % {"number": self.pk}


class Feedback(models.Model):
    """One participant's ratings of an event and a comment (events/feedback.py). Kept per person, so
    each gives it once; shown only as an anonymous summary, and only from a few answers on."""

    RATINGS = [(n, str(n)) for n in range(1, 6)]

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="feedback")
    registration = models.OneToOneField(
        Registration, on_delete=models.SET_NULL, null=True, blank=True, related_name="feedback"
    )
    overall = models.PositiveSmallIntegerField(_("Overall"), choices=RATINGS)
    content = models.PositiveSmallIntegerField(_("Content and speakers"), choices=RATINGS)
    organisation = models.PositiveSmallIntegerField(_("Organisation and place"), choices=RATINGS)
    usefulness = models.PositiveSmallIntegerField(_("Useful for my work"), choices=RATINGS)
    comment = models.TextField(_("Comment"), blank=True, max_length=3000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(overall__range=(1, 5), content__range=(1, 5), organisation__range=(1, 5))
                & models.Q(usefulness__range=(1, 5)),
                name="feedback_ratings_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return _("Feedback %(number)s") % {"number": self.pk}
