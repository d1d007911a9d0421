from __future__ import annotations

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from stadskennis.core.models import Organisation
from stadskennis.core.widgets import IsoDateTimeInput, Picker
from stadskennis.questions.models import Rondvraag, SurveyQuestion


class RondvraagForm(forms.ModelForm):
    class Meta:
        model = Rondvraag
        fields = [
            "title",
            "question",
            "themes",
            "programme_line",
            "deadline",
            "reminder_days",
            "introduction",
            "conclusion",
        ]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "deadline": IsoDateTimeInput,
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


class ComparisonFilterForm(forms.Form):
    """Which questions and organisations the comparison shows (a GET form: nothing is saved)."""

    vraag = forms.ModelMultipleChoiceField(
        label=_("Questions"), queryset=SurveyQuestion.objects.none(), required=False, widget=Picker
    )
    org = forms.ModelMultipleChoiceField(
        label=_("Organisations"), queryset=Organisation.objects.none(), required=False, widget=Picker
    )

    def __init__(self, *args, rondvraag: Rondvraag, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vraag"].queryset = rondvraag.questions.all()
        self.fields["vraag"].label_from_instance = lambda q: Truncator(q.text).chars(80)
        self.fields["org"].queryset = Organisation.objects.filter(
            pk__in=rondvraag.recipients.values("organisation")
        )
        self.fields["org"].label_from_instance = lambda o: o.display_name
