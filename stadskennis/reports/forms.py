"""The editors' report form: the embeds in the introduction and the text are checked line by line."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from stadskennis.core.embeds import embed_errors
from stadskennis.core.forms import PickerFormMixin
from stadskennis.core.visibility import owners_for
from stadskennis.core.widgets import Picker
from stadskennis.reports.models import TEXT_MAX, Report

EMBED_HELP = _(
    "Markdown. Insert live figures on a line of their own or in a sentence: [[cijfer code area period]] "
    "(area: a NIS code, a city such as gent, vlaanderen or centrumsteden; without a period the latest), "
    "[[grafiek code]], [[tabel code]], [[kaart code period]]; add grenzen=2025 for the 2025 boundaries."
)


class ReportForm(PickerFormMixin, forms.ModelForm):
    class Meta:
        model = Report
        fields = ["title", "slug", "themes", "introduction", "body", "published_on", "visibility", "owner"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "body": forms.Textarea(attrs={"rows": 18}),
            "themes": Picker(search_fields=("name",)),
            "published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "body": EMBED_HELP,
            "slug": _("The report's web address: lowercase letters, digits and hyphens."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners_for(user)
        for name in ("introduction", "body"):
            self.fields[name].max_length = TEXT_MAX
            self.fields[name].widget.attrs["maxlength"] = TEXT_MAX

    def _embeds_checked(self, name: str) -> str:
        text = self.cleaned_data.get(name) or ""
        if len(text) > TEXT_MAX:
            raise forms.ValidationError(_("At most %(n)d characters.") % {"n": TEXT_MAX})
        errors = embed_errors(text)
        if errors:
            raise forms.ValidationError(errors)
        return text

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if slug == "nieuw":  # the address of the form for a new report
            raise forms.ValidationError(_("This address is taken; choose another."))
        return slug

    def clean_introduction(self) -> str:
        return self._embeds_checked("introduction")

    def clean_body(self) -> str:
        return self._embeds_checked("body")
