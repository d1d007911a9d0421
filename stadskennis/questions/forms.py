from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from stadskennis.accounts.models import Role, User
from stadskennis.core.forms import PickerFormMixin
from stadskennis.core.visibility import Visibility
from stadskennis.core.widgets import PEOPLE_SEARCH, IsoDateInput, Picker, person_label
from stadskennis.questions.models import Question

ASK_VISIBILITY = [
    (Visibility.ORGANISATION, _("My organisation and the centre")),
    (Visibility.NETWORK, _("All members of the network")),
    (Visibility.PUBLIC, _("Everyone")),
]


class AskForm(forms.ModelForm):
    visibility = forms.ChoiceField(label=_("Who may see the question and its answer"), choices=ASK_VISIBILITY,
                                   initial=Visibility.NETWORK, widget=forms.RadioSelect)  # fmt: skip

    class Meta:
        model = Question
        fields = ["title", "context", "themes", "wished_by", "visibility"]
        widgets = {
            "title": forms.TextInput(attrs={"placeholder": _("Hoe zit het met …?"), "autocomplete": "off"}),
            "context": forms.Textarea(attrs={"rows": 5}),
            "themes": forms.CheckboxSelectMultiple,
            "wished_by": IsoDateInput,
        }


class HandleForm(PickerFormMixin, forms.ModelForm):
    class Meta:
        model = Question
        fields = ["status", "handler", "due_date", "experts", "items", "answer"]
        widgets = {
            "due_date": IsoDateInput,
            "experts": Picker(search_fields=PEOPLE_SEARCH),
            "items": Picker(search_fields=("title",)),
            "answer": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = User.objects.filter(
            is_active=True, role__in=[Role.EDITOR, Role.ADMINISTRATOR]
        )
        experts = self.fields["experts"]
        experts.queryset = experts.queryset.filter(erased_at__isnull=True).select_related("organisation")
        experts.label_from_instance = person_label
        self.fields["items"].queryset = self.fields["items"].queryset.filter(deleted_at__isnull=True)

    def clean(self):
        data = super().clean()
        if data.get("status") == Question.Status.ANSWERED and not (data.get("answer") or "").strip():
            self.add_error("answer", _("Write the answer before you mark the question answered."))
        return data


class MessageForm(forms.Form):
    text = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000)
    internal = forms.BooleanField(label=_("Internal note (centre staff only)"), required=False)

    def __init__(self, *args, staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not staff:
            del self.fields["internal"]


class PublishForm(forms.Form):
    visibility = forms.ChoiceField(
        label=_("Publish visible to"),
        choices=[
            (Visibility.PUBLIC, Visibility.PUBLIC.label),
            (Visibility.NETWORK, Visibility.NETWORK.label),
        ],
    )
