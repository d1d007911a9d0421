"""Registration questions: the fields they add to a registration form, and the check of what was
answered, which the services run under the event's lock (a choice's places are taken then)."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stadskennis.events.models import Event, RegistrationAnswer, RegistrationQuestion
from stadskennis.events.places import RegistrationRefused, has_room, option_places_left

TEXT_MAX = 1000
FIELD_PREFIX = "vraag_"


def _field_name(question: RegistrationQuestion) -> str:
    return f"{FIELD_PREFIX}{question.pk}"


def add_question_fields(form: forms.Form, event: Event) -> None:
    """A field per question of `event`; a choice whose places are gone says so in its label (it can
    still be chosen by whoever joins the waiting list, and the service refuses it to a newcomer)."""
    for question in event.questions.prefetch_related("options"):
        common = {"label": question.label, "required": question.required, "help_text": question.help_text}
        if question.kind == RegistrationQuestion.Kind.TEXT:
            form.fields[_field_name(question)] = forms.CharField(
                max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2}), **common
            )
            continue
        if not question.options.all():
            continue  # a choice without choices yet: nothing to ask
        choices = [
            (
                str(o.pk),
                o.label if has_room(option_places_left(o)) else _("%(choice)s (full)") % {"choice": o.label},
            )
            for o in question.options.all()
        ]
        form.fields[_field_name(question)] = forms.ChoiceField(
            choices=choices if question.required else [("", gettext_lazy("No answer")), *choices],
            widget=forms.RadioSelect,
            error_messages={"required": _("Answer “%(question)s”.") % {"question": question.label}},
            **common,
        )


def unanswered_required(registration) -> set[int]:
    """The required questions `registration` never answered: added after it was made, they may stay
    empty when its choices change (else a full question would lock every change)."""
    answered = {a.question_id for a in registration.answers.all()}
    required = registration.event.questions.filter(required=True).values_list("pk", flat=True)
    return set(required) - answered


def answers_given(cleaned_data: Mapping) -> dict[int, str]:
    """The form's answers, by question id, as the services take them."""
    return {
        int(name.removeprefix(FIELD_PREFIX)): value
        for name, value in cleaned_data.items()
        if name.startswith(FIELD_PREFIX) and value not in ("", None)
    }


def answers_checked(
    event: Event, given: Mapping[int, str], *, holds_place: bool, now, may_stay_empty=frozenset()
) -> list[RegistrationAnswer]:
    """The answers to `event`'s questions in `given` (question id → the text, or the chosen choice's
    id), unsaved: every required question answered, each choice one of its question's, and, for whoever
    gets a place now, each chosen choice with a place left. A required question in `may_stay_empty`
    (added after the person registered) may stay unanswered. Call under the event's lock."""
    questions = list(event.questions.prefetch_related("options"))
    unknown = set(given) - {q.pk for q in questions}
    if unknown:
        raise RegistrationRefused(
            _("Question %(number)s is not a question of this event.") % {"number": min(unknown)}
        )
    answers = []
    for question in questions:
        if question.kind == RegistrationQuestion.Kind.CHOICE and not question.options.all():
            continue  # nothing to choose yet, so nothing is asked
        value = str(given.get(question.pk, "") or "").strip()
        if not value:
            if question.required and question.pk not in may_stay_empty:
                raise RegistrationRefused(_("Answer “%(question)s”.") % {"question": question.label})
            continue
        if question.kind == RegistrationQuestion.Kind.TEXT:
            if len(value) > TEXT_MAX:
                raise RegistrationRefused(
                    _("Your answer to “%(question)s” is too long: at most %(max)d characters.")
                    % {"question": question.label, "max": TEXT_MAX}
                )
            answers.append(RegistrationAnswer(question=question, text=value))
            continue
        option = next((o for o in question.options.all() if str(o.pk) == value), None)
        if option is None:
            raise RegistrationRefused(
                _("Choose one of the answers to “%(question)s”.") % {"question": question.label}
            )
        if holds_place and not has_room(option_places_left(option, now=now)):
            raise RegistrationRefused(
                _("“%(choice)s” is full: choose another answer to “%(question)s”.")
                % {"choice": option.label, "question": question.label}
            )
        answers.append(RegistrationAnswer(question=question, option=option))
    return answers


def answers_save(registration, answers: list[RegistrationAnswer]) -> None:
    for answer in answers:
        answer.registration = registration
    RegistrationAnswer.objects.bulk_create(answers)


def asks_before_registering(event: Event) -> bool:
    """Whether registering needs more than one click: parts to choose, or a question to answer."""
    return event.sessions_chosen or event.questions.filter(required=True).exists()
