"""Forms of the releases: opening one, and an owner's update of an element."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from stadskennis.core.widgets import IsoDateInput
from stadskennis.plans.models import Plan
from stadskennis.plans.services import statuses_for

NARRATIVE_MAX = 5_000


class ReleaseForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, help_text=_("For example: rapportering 1e semester 2026")
    )
    deadline = forms.DateField(label=_("Deadline"), widget=IsoDateInput)
    reminder_days = forms.IntegerField(
        label=_("Remind owners who have not reported, this many days before the deadline"),
        min_value=0, max_value=60, initial=3,
    )  # fmt: skip


class EntryUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    progress = forms.IntegerField(
        label=_("Progress (%)"), min_value=0, max_value=100, required=False,
        help_text=_("A whole number from 0 to 100; empty when the status says enough."),
    )  # fmt: skip
    narrative = forms.CharField(
        label=_("Narrative"), required=False, max_length=NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What was done, what is next, and what stands in the way."),
    )  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.statuses = {str(s.pk): s for s in statuses_for(plan.owner)}
        self.fields["status"].choices = [("", _("no status"))] + [
            (pk, status.name) for pk, status in self.statuses.items()
        ]

    def chosen_status(self):
        return self.statuses.get(self.cleaned_data.get("status") or "")
