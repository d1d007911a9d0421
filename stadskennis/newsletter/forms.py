from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from stadskennis.core.forms import HoneypotMixin
from stadskennis.core.models import Theme
from stadskennis.core.widgets import IsoDateInput


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


class SignUpForm(HoneypotMixin, PreferencesForm):
    """The public form, with a honeypot for bots."""

    email = forms.EmailField(label=_("Email address"), max_length=254)
    field_order = ["email", "monthly", "weekly", "themes"]


class SpotlightForm(forms.Form):
    """Scheduling one week's "Veranderend speelveld"."""

    item = forms.ModelChoiceField(label=_("Study or publication"), queryset=None)
    commentary = forms.CharField(
        label=_("Commentary"), max_length=3000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Markdown. Why read it now: a few sentences for the reader of the newsletter."),
    )  # fmt: skip
    publish_on = forms.DateField(label=_("In the spotlight from"), widget=IsoDateInput)

    def __init__(self, *args, **kwargs):
        from stadskennis.newsletter import spotlight

        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = spotlight.eligible_items().order_by("-created_at")
        self.fields["item"].help_text = _("Public studies and publications of the Kennisbank, newest first.")
        self.fields["publish_on"].initial = spotlight.next_free_monday()
