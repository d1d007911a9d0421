"""The answers to survey rounds on a theme, for the theme's dossier, city by city: the rounds an
organisation answered, a line or two of its answers, and a link to the comparison showing its column.
Only rounds whose comparison the viewer may see (`core.visibility.visible_comparisons`, the filter form
of `can_see_comparison`): before publication an organisation's answers are not the network's."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stadskennis.core.visibility import visible_comparisons
from stadskennis.knowledge.dossier import DossierEntry, DossierSection
from stadskennis.questions.comparison import display
from stadskennis.questions.models import Answer, Recipient, Rondvraag, SurveyQuestion

ANSWERS_SHOWN = 2  # per round and city; the comparison has them all
ANSWER_WORDS = 20


def _submitted(user, rounds):
    return Recipient.objects.filter(
        rondvraag__in=visible_comparisons(user, rounds).values("pk"), status=Recipient.Status.SUBMITTED
    )


def _answer_lines(recipient_ids) -> dict[int, list[str]]:
    lines: dict[int, list[str]] = {}
    answers = (
        Answer.objects.filter(recipient_id__in=recipient_ids)
        .exclude(question__kind=SurveyQuestion.Kind.FILE)
        .select_related("question")
        .order_by("question__position", "question_id")
    )
    for answer in answers:
        shown = lines.setdefault(answer.recipient_id, [])
        text = display(answer.question, answer.value)
        if text and len(shown) < ANSWERS_SHOWN:
            question = answer.question.text.strip()
            joint = " " if question.endswith(("?", ":")) else ": "
            shown.append(f"{question}{joint}{Truncator(text).words(ANSWER_WORDS)}")
    return lines


def contributions(*, user, theme) -> dict[int, list[DossierEntry]]:
    recipients = list(
        _submitted(user, Rondvraag.objects.filter(themes=theme))
        .select_related("rondvraag")
        .order_by("-submitted_at", "-pk")
    )
    lines = _answer_lines([r.pk for r in recipients])
    found: dict[int, list[DossierEntry]] = {}
    for recipient in recipients:
        comparison = reverse("questions:comparison", kwargs={"pk": recipient.rondvraag_id})
        when = recipient.submitted_at
        found.setdefault(recipient.organisation_id, []).append(
            DossierEntry(
                title=recipient.rondvraag.title,
                url=f"{comparison}?org={recipient.organisation_id}",
                note=_("answered on %(date)s") % {"date": date_format(when, "j F Y")} if when else "",
                details=tuple(lines.get(recipient.pk, ())),
            )
        )
    return found


def themes_with_content(*, user) -> list:
    answered = _submitted(user, Rondvraag.objects.all()).values("rondvraag")
    return [Rondvraag.themes.through.objects.filter(rondvraag__in=answered).values("theme_id")]


SECTION = DossierSection(
    key="survey_answers",
    heading=gettext_lazy("Answers to survey rounds"),
    contributions=contributions,
    themes_with_content=themes_with_content,
    order=20,
    shown=2,
)
