from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from stadskennis.core.models import Organisation
from stadskennis.core.visibility import Visibility
from stadskennis.questions.models import Rondvraag, SurveyQuestion


class RondvraagForm(forms.ModelForm):
    class Meta:
        model = Rondvraag
        fields = ["title", "question", "deadline", "reminder_days", "introduction", "conclusion"]
        widgets = {
            "deadline": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "conclusion": forms.Textarea(attrs={"rows": 4}),
        }


class SurveyQuestionForm(forms.ModelForm):
    class Meta:
        model = SurveyQuestion
        fields = [
            "section",
            "text",
            "kind",
            "choices",
            "unit",
            "help_text",
            "required",
            "with_explanation",
            "position",
        ]
        widgets = {
            "choices": forms.Textarea(attrs={"rows": 3}),
            "help_text": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        choices = [c for c in (data.get("choices") or "").splitlines() if c.strip()]
        if (
            kind in (SurveyQuestion.Kind.SINGLE_CHOICE, SurveyQuestion.Kind.MULTIPLE_CHOICE)
            and len(choices) < 2
        ):
            self.add_error("choices", _("Give at least two choices, one per line."))
        return data


class SendForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Send to"),
        queryset=Organisation.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )


class PublishComparisonForm(forms.Form):
    visibility = forms.ChoiceField(
        label=_("Publish visible to"),
        choices=[
            (Visibility.NETWORK, Visibility.NETWORK.label),
            (Visibility.PUBLIC, Visibility.PUBLIC.label),
        ],
    )
