"""Reads of the Vraagbaak for pages above it (the start page) and its own lists, through the access
module."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from stadskennis.core.visibility import answering_recipients, visible_rounds
from stadskennis.questions.models import Recipient, Rondvraag
from stadskennis.questions.my_tasks import draft_state, with_progress

Phase = Rondvraag.Phase


@dataclass
class MemberRound:
    """A survey round as a member sees it: where their organisation's answers stand, and the way in."""

    rondvraag: Rondvraag
    recipient: Recipient | None  # None: not sent to their organisation (a published comparison)
    state: str
    url: str
    action: str
    answers_url: str = ""  # their own answers, once the round is no longer open


def member_rounds(*, user, limit: int | None = None) -> list[MemberRound]:
    """The rounds sent to the user's organisation and the published comparisons they may see, newest
    first: two queries, whatever the number of rounds."""
    rounds = visible_rounds(user, Rondvraag.objects.exclude(phase=Phase.DRAFT)).order_by("-created_at")
    rounds = list(rounds[:limit] if limit else rounds)
    recipients = with_progress(
        answering_recipients(user, Recipient.objects.filter(rondvraag__in=[r.pk for r in rounds]))
    )
    own = {r.rondvraag_id: r for r in recipients}
    return [_member_round(r, own.get(r.pk)) for r in rounds]


def _member_round(rondvraag: Rondvraag, recipient: Recipient | None) -> MemberRound:
    respond = reverse("questions:respond", kwargs={"pk": rondvraag.pk})
    if rondvraag.phase == Phase.PUBLISHED:
        return MemberRound(
            rondvraag,
            recipient,
            _("Comparison published"),
            reverse("questions:comparison", kwargs={"pk": rondvraag.pk}),
            _("Read the comparison"),
            answers_url=respond if recipient else "",
        )
    if recipient is None:  # centre staff see every round: they follow it up on its own page
        return MemberRound(
            rondvraag, None, rondvraag.get_phase_display(), rondvraag.get_absolute_url(), _("Follow up")
        )
    if rondvraag.phase == Phase.CLOSED:
        state = _("Closed: the centre compiles the answers")
        if not recipient.submitted_at:
            state += ". " + _("Your organisation did not submit.")
        return MemberRound(rondvraag, recipient, state, respond, _("See your organisation's answers"))
    action = (
        _("See your organisation's answers") if recipient.submitted_at else _("Answer for your organisation")
    )
    return MemberRound(rondvraag, recipient, draft_state(recipient), respond, action)


def comparison_item_ids(item_ids) -> set[int]:
    """Which of these knowledge items are a published city-by-city comparison (the newsletter's mix)."""
    return set(
        Rondvraag.objects.filter(published_item_id__in=item_ids, phase=Phase.PUBLISHED).values_list(
            "published_item_id", flat=True
        )
    )
