from pathlib import PurePath

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from stadskennis.core.visibility import owners_for
from stadskennis.knowledge.extraction import ALLOWED_EXTENSIONS
from stadskennis.knowledge.models import KnowledgeItem, ThemeDossier

ITEM_FIELDS = [
    "title", "kind", "outcome", "summary", "body", "what_worked", "what_failed", "lessons",
    "themes", "organisations", "year", "period", "url", "source", "owner", "visibility",
]  # fmt: skip
PROPOSAL_FIELDS = ["title", "kind", "outcome", "summary", "body", "what_worked", "what_failed", "lessons",
                   "themes", "organisations", "year", "url"]  # fmt: skip
TEXTAREAS = {
    "themes": forms.CheckboxSelectMultiple,
    "organisations": forms.SelectMultiple(attrs={"size": 8}),
    "summary": forms.Textarea(attrs={"rows": 3}),
    "body": forms.Textarea(attrs={"rows": 12}),
    "what_worked": forms.Textarea(attrs={"rows": 4}),
    "what_failed": forms.Textarea(attrs={"rows": 4}),
    "lessons": forms.Textarea(attrs={"rows": 4}),
}


def check_size(upload):
    if upload is not None and upload.size > settings.MAX_UPLOAD_SIZE:
        raise forms.ValidationError(
            _("This file is %(size)s; the limit is %(limit)s."),
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(settings.MAX_UPLOAD_SIZE)},
        )
    return upload


def check_upload(upload):
    """Size and kind of an attachment, with a message that says what is allowed."""
    if check_size(upload) is None:
        return upload
    if PurePath(upload.name).suffix.lower() not in ALLOWED_EXTENSIONS:
        raise forms.ValidationError(
            _("Files of this kind are not accepted. Allowed: %(kinds)s."),
            params={"kinds": ", ".join(ALLOWED_EXTENSIONS)},
        )
    return upload


class ItemForm(forms.ModelForm):
    attachment = forms.FileField(label=_("Add an attachment"), required=False)
    url = forms.URLField(label=_("web address"), required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = KnowledgeItem
        fields = ITEM_FIELDS
        widgets = TEXTAREAS

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if "owner" in self.fields:
            # The same rule as the API's: the organisations this user may name as owner.
            self.fields["owner"].queryset = owners_for(user)

    def clean_attachment(self):
        return check_upload(self.cleaned_data.get("attachment"))


class ProposalForm(ItemForm):
    """What a member fills in to propose an item; an editor publishes it."""

    class Meta:
        model = KnowledgeItem
        fields = PROPOSAL_FIELDS
        widgets = TEXTAREAS


class DossierForm(forms.ModelForm):
    class Meta:
        model = ThemeDossier
        fields = ["introduction", "key_items"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 8}),
            "key_items": forms.SelectMultiple(attrs={"size": 10}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key_items"].queryset = KnowledgeItem.objects.alive().filter(themes=self.instance.theme)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("JSON Lines file"), help_text=_("One knowledge item per line, as export-items writes.")
    )
    dry_run = forms.BooleanField(label=_("Only check, write nothing"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_SIZE:
            raise forms.ValidationError(
                _("This file is %(size)s; the limit is %(limit)s."),
                params={
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.MAX_UPLOAD_SIZE),
                },
            )
        return upload
