"""Publishing a survey round's comparison as a knowledge item people can trust.

Before anything is published the editor reviews it (`publish_review`): how many of the invited
organisations answered (fewer than half must be confirmed), and every passage in the free-text
answers that may name a person or their contact details (confirmed, or left out: then the answer is
saved as a new version without it, so the comparison, its exports and the item all lose it). The
item carries the round's themes, so it appears in their dossiers, and only the organisations that
answered.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stadskennis.core.markdown import markdown_to_text
from stadskennis.core.models import AuditEntry, Organisation
from stadskennis.core.services import audit_record
from stadskennis.core.visibility import seen_by_every_reader_of
from stadskennis.network import selectors as network_selectors
from stadskennis.questions.comparison import compare, published_markdown
from stadskennis.questions.models import Answer, AnswerVersion, Rondvraag, SurveyQuestion
from stadskennis.questions.personal_names import Lexicon, Passage, Reason, find_personal_data, redact

FREE_TEXT = (SurveyQuestion.Kind.SHORT_TEXT, SurveyQuestion.Kind.LONG_TEXT)
REASONS = {
    Reason.NETWORK: gettext_lazy("the name of someone in the Netwerk"),
    Reason.NAME: gettext_lazy("looks like a person's name"),
    Reason.EMAIL: gettext_lazy("an email address"),
    Reason.PHONE: gettext_lazy("a phone number"),
}
# The review lists at most this many passages of one answer's value or explanation, and of all answers:
# a page of checkboxes one can read (and post: Django refuses a form of more than 1,000 fields).
# The rest are counted per answer, for the editor to read in the comparison before confirming.
LISTED_PER_FIELD = 20
LISTED_MAX = 200


class PublishRefused(Exception):
    """What is missing before the comparison may be published, in the interface language."""


@dataclass(frozen=True)
class Suspect:
    """A passage in one field of one answer that may be personal data."""

    answer: Answer
    field: str  # "value" or "explanation"
    passage: Passage

    @property
    def key(self) -> str:
        return f"{self.answer.pk}-{self.field}-{self.passage.start}"

    @property
    def reason_label(self) -> str:
        return str(REASONS[self.passage.reason])

    @property
    def organisation(self) -> Organisation:
        return self.answer.recipient.organisation

    @property
    def question(self) -> SurveyQuestion:
        return self.answer.question

    def context(self, width: int = 60) -> tuple[str, str, str]:
        """(before, passage, after): the passage with a little of the text around it."""
        text = getattr(self.answer, self.field)
        before = text[max(0, self.passage.start - width) : self.passage.start]
        after = text[self.passage.end : self.passage.end + width]
        return (
            ("…" if self.passage.start > width else "") + before,
            self.passage.text,
            after + ("…" if self.passage.end + width < len(text) else ""),
        )


@dataclass(frozen=True)
class Unlisted:
    """Passages of one answer's field the review counts but does not list."""

    answer: Answer
    field: str
    count: int


@dataclass
class PublishReview:
    rondvraag: Rondvraag
    invited: list[Organisation]
    answered: list[Organisation]
    suspects: list[Suspect]  # all of them: confirming the names covers those not listed as well
    listed: list[Suspect]  # those the editor sees one by one, and may leave out
    unlisted: list[Unlisted]

    @property
    def unlisted_count(self) -> int:
        return sum(u.count for u in self.unlisted)

    @property
    def silent(self) -> list[Organisation]:
        answered = {o.pk for o in self.answered}
        return [o for o in self.invited if o.pk not in answered]

    @property
    def low_response(self) -> bool:
        """Fewer than half of the invited organisations answered."""
        return 2 * len(self.answered) < len(self.invited)

    @property
    def fingerprint(self) -> str:
        """Changes when what the editor reviewed changes (another answer, another passage)."""
        seen = [str(o.pk) for o in self.answered] + [f"{s.key}:{s.passage.text}" for s in self.suspects]
        return hashlib.sha256("|".join(seen).encode()).hexdigest()[:32]


def lexicon() -> Lexicon:
    return Lexicon(
        people=network_selectors.person_names(),
        organisations=Organisation.objects.values_list("name", flat=True),
    )


def publish_review(rondvraag: Rondvraag) -> PublishReview:
    recipients = list(rondvraag.recipients.select_related("organisation"))
    known = lexicon()
    answers = (
        Answer.objects.filter(recipient__rondvraag=rondvraag, recipient__submitted_at__isnull=False)
        .select_related("recipient__organisation", "question")
        .order_by("recipient__organisation__name", "question__position", "question_id")
    )
    suspects, listed, unlisted = [], [], []
    for answer in answers:
        fields = ["explanation"]
        if answer.question.kind in FREE_TEXT and isinstance(answer.value, str):
            fields.insert(0, "value")
        for name in fields:
            found = [
                Suspect(answer=answer, field=name, passage=p)
                for p in find_personal_data(getattr(answer, name), known)
            ]
            shown = found[: max(0, min(LISTED_PER_FIELD, LISTED_MAX - len(listed)))]
            suspects += found
            listed += shown
            if len(found) > len(shown):
                unlisted.append(Unlisted(answer=answer, field=name, count=len(found) - len(shown)))
    return PublishReview(
        rondvraag=rondvraag,
        invited=[r.organisation for r in recipients],
        answered=[r.organisation for r in recipients if r.submitted_at],
        suspects=suspects,
        listed=listed,
        unlisted=unlisted,
    )


def _redact_answers(suspects: list[Suspect], *, actor) -> None:
    """Leave the passages out of the answers, as a new version of each (the earlier one is kept)."""
    by_answer: dict[int, list[Suspect]] = {}
    for suspect in suspects:
        by_answer.setdefault(suspect.answer.pk, []).append(suspect)
    for group in by_answer.values():
        answer = Answer.objects.select_for_update().get(pk=group[0].answer.pk)
        for name in ("value", "explanation"):
            passages = [s.passage for s in group if s.field == name]
            if passages:
                setattr(answer, name, redact(getattr(answer, name), passages, mark=_("[left out]")))
        answer.version += 1
        answer.saved_at, answer.saved_by = timezone.now(), actor
        answer.save(update_fields=["value", "explanation", "version", "saved_at", "saved_by"])
        AnswerVersion.objects.create(
            answer=answer, version=answer.version, value=answer.value, explanation=answer.explanation,
            saved_by=actor,
        )  # fmt: skip


def _lead_and_rest(introduction: str) -> tuple[str, str]:
    """The introduction's first paragraph as plain text for the lead (lists, cards and feeds show it
    as it is), and the rest as Markdown for the body."""
    first, _sep, rest = introduction.strip().replace("\r\n", "\n").partition("\n\n")
    plain = " ".join(markdown_to_text(first).split())
    return Truncator(plain).chars(1000), rest.strip()


def _links(rondvraag: Rondvraag, *, visibility: str) -> list[tuple[str, str]]:
    comparison = reverse("questions:comparison", kwargs={"pk": rondvraag.pk})
    links = [
        (_("The comparison per organisation"), comparison),
        (_("Download as Excel (.xlsx)"), f"{comparison}?formaat=xlsx"),
        (_("Download as CSV"), f"{comparison}?formaat=csv"),
        (_("Report as PDF"), f"{comparison}?formaat=pdf"),
    ]
    if seen_by_every_reader_of(rondvraag.question, visibility=visibility):
        links.append(
            (_("The question that prompted it: %(title)s") % {"title": rondvraag.question.title},
             rondvraag.question.get_absolute_url())
        )  # fmt: skip
    return links


@transaction.atomic
def rondvraag_publish(
    *, rondvraag: Rondvraag, actor, visibility: str, themes=None, low_response_confirmed: bool = False,
    names_confirmed: bool = False, left_out: frozenset[str] = frozenset(), fingerprint: str | None = None,
):  # fmt: skip
    """The comparison becomes a knowledge item ("stand van zaken per stad"), readable as such.

    Refused (PublishRefused) when the round is published already, when nobody answered, when what
    the editor reviewed has changed since (`fingerprint`, the review's; the page always sends it, and
    an empty one is refused), when fewer than half answered and that is not confirmed, or when a
    suspect passage is neither left out (`left_out`, the suspects' keys) nor confirmed. Only a caller
    without a review page (a script, a test) passes no fingerprint: the other checks still hold.
    `themes` replaces the round's themes; the item carries them."""
    from stadskennis.knowledge.services import Kind as ItemKind
    from stadskennis.knowledge.services import item_create

    rondvraag = Rondvraag.objects.select_for_update().get(pk=rondvraag.pk)
    if rondvraag.phase == Rondvraag.Phase.PUBLISHED:
        raise PublishRefused(_("This comparison is published already."))
    review = publish_review(rondvraag)
    if not review.answered:
        raise PublishRefused(_("No organisation has answered yet: there is nothing to compare."))
    keys = {s.key for s in review.suspects}
    if (fingerprint is not None and fingerprint != review.fingerprint) or not left_out <= keys:
        raise PublishRefused(_("The answers changed while you reviewed them: review them again."))
    if review.low_response and not low_response_confirmed:
        raise PublishRefused(_("Fewer than half of the invited organisations answered: confirm first."))
    if keys - left_out and not names_confirmed:
        raise PublishRefused(_("Some answers may name people: leave them out or confirm first."))
    _redact_answers([s for s in review.suspects if s.key in left_out], actor=actor)
    if themes is not None:
        rondvraag.themes.set(themes)
    with translation.override(settings.LANGUAGE_CODE):  # the knowledge base's language
        comparison = compare(rondvraag, respondents_only=True)
        lead, rest = _lead_and_rest(rondvraag.introduction)
        body = published_markdown(
            comparison, invited=len(review.invited), silent=review.silent, introduction=rest,
            links=_links(rondvraag, visibility=visibility),
        )  # fmt: skip
        title = _("State of affairs per city: %(title)s") % {"title": rondvraag.title}
    try:
        item = item_create(
            actor=actor, title=title[:300], kind=ItemKind.STUDY, summary=lead, body=body,
            owner=rondvraag.owner, visibility=visibility, organisations=review.answered,
            themes=list(rondvraag.themes.all()), year=timezone.now().year,
        )  # fmt: skip
    except ValidationError as error:  # the answers quoted in full make a body past an item's limit
        raise PublishRefused(
            _("The comparison does not fit in one item. %(problem)s") % {"problem": " ".join(error.messages)}
        ) from error
    rondvraag.phase = Rondvraag.Phase.PUBLISHED
    rondvraag.visibility = visibility
    rondvraag.published_item = item
    rondvraag.save(update_fields=["phase", "visibility", "published_item", "updated_at"])
    audit_record(
        actor=actor, action=AuditEntry.Action.UPDATE, obj=rondvraag,
        changes={"published": True, "left_out": len(left_out), "names_confirmed": bool(keys - left_out),
                 "low_response_confirmed": review.low_response},
    )  # fmt: skip
    return item
