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


class MonthInput(forms.DateInput):
    """`<input type="month">`: a browser shows a month picker, and without one "2009-01" is typed."""

    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs={"placeholder": "2009-01", **(attrs or {})}, format="%Y-%m")


class ArchiveImportForm(forms.Form):
    """An older issue for the archive: its number, month, original address and links."""

    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=9999)
    month = forms.DateField(
        label=_("Month"), input_formats=["%Y-%m"], widget=MonthInput,
        help_text=_("As year and month, for example 2009-01."),
    )  # fmt: skip
    source_url = forms.URLField(
        label=_("Original address"), required=False, max_length=500, assume_scheme="https",
        help_text=_("Where the issue was published, if it is still online."),
    )  # fmt: skip
    content = forms.CharField(
        label=_("The issue's links"), max_length=500_000, widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Paste the HTML of the issue's page, or one link per line as “Title | address”."),
    )  # fmt: skip
