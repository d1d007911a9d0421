from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from stadskennis.core.models import Theme


class PreferencesForm(forms.Form):
    monthly = forms.BooleanField(
        label=_("The monthly newsletter"), required=False, initial=True,
        help_text=_("Nine items every month but July: practices, studies, examples from abroad, events."),
    )  # fmt: skip
    weekly = forms.BooleanField(
        label=_("The weekly “Veranderend speelveld”"), required=False,
        help_text=_("Each week one study, publication or book about urban questions."),
    )  # fmt: skip
    themes = forms.ModelMultipleChoiceField(
        label=_("The themes you follow most"), queryset=Theme.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("None: all themes."),
    )  # fmt: skip


class SignUpForm(PreferencesForm):
    """The public form; `website` is a honeypot that people never see or fill in (bots do)."""

    email = forms.EmailField(label=_("Email address"), max_length=254)
    website = forms.CharField(
        required=False, max_length=200, label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )  # fmt: skip
    field_order = ["email", "monthly", "weekly", "themes"]

    def visible_fields(self):
        """The honeypot is drawn apart, in a block no person sees."""
        return [field for field in super().visible_fields() if field.name != "website"]

    @property
    def filled_by_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))
