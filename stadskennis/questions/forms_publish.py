"""The review before a survey comparison is published: who may see it, its themes, and the
confirmations the review asks for (few answers, passages that may name people)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from stadskennis.core.models import Theme
from stadskennis.core.visibility import Visibility


class PublishForm(forms.Form):
    visibility = forms.ChoiceField(
        label=_("Publish visible to"),
        choices=[
            (Visibility.NETWORK, Visibility.NETWORK.label),
            (Visibility.PUBLIC, Visibility.PUBLIC.label),
        ],
        widget=forms.RadioSelect,
        initial=Visibility.NETWORK,
        error_messages={"required": _("Choose who may see the published item.")},
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The published item appears in the dossier of these themes."),
    )
    low_response_confirmed = forms.BooleanField(
        label=_("Publish anyway, with fewer than half of the answers"),
        required=False,
    )
    left_out = forms.MultipleChoiceField(
        label=_("Leave out"), required=False, widget=forms.CheckboxSelectMultiple
    )
    names_confirmed = forms.BooleanField(
        label=_("I have checked these passages: what I do not leave out may be published"),
        required=False,
    )
    # What the editor reviewed: without it a change made meanwhile would go out unreviewed.
    fingerprint = forms.CharField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("The form is incomplete: open the review again, check it and publish from there.")
        },
    )

    def __init__(self, *args, review, **kwargs):
        self.review = review
        kwargs.setdefault("initial", {}).update(
            {"themes": list(review.rondvraag.themes.all()), "fingerprint": review.fingerprint}
        )
        super().__init__(*args, **kwargs)
        self.fields["left_out"].choices = [(s.key, s.passage.text) for s in review.listed]
        if not review.low_response:
            del self.fields["low_response_confirmed"]
        if not review.suspects:
            del self.fields["left_out"], self.fields["names_confirmed"]

    def clean(self):
        data = super().clean()
        if "fingerprint" in data and data["fingerprint"] != self.review.fingerprint:
            raise forms.ValidationError(
                _("The answers changed while you reviewed them: review them again."), code="changed"
            )
        if self.review.low_response and not data.get("low_response_confirmed"):
            self.add_error(
                "low_response_confirmed",
                _("Fewer than half of the invited organisations answered: confirm that you publish anyway."),
            )
        if self.review.suspects:
            left_out = set(data.get("left_out") or [])
            if {s.key for s in self.review.suspects} - left_out and not data.get("names_confirmed"):
                self.add_error(
                    "names_confirmed",
                    _("Leave out the passages that name people, or confirm that they may be published."),
                )
        return data
