from pathlib import PurePath

from django import forms
from django.conf import settings
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from stadskennis.core.embeds import embed_errors
from stadskennis.core.forms import PickerFormMixin
from stadskennis.core.visibility import owners_for
from stadskennis.core.widgets import PEOPLE_SEARCH, Picker, person_label
from stadskennis.knowledge.extraction import ALLOWED_EXTENSIONS
from stadskennis.knowledge.models import KnowledgeItem, ThemeDossier

ITEM_FIELDS = [
    "title", "kind", "outcome", "summary", "body", "what_worked", "what_failed", "lessons",
    "themes", "organisations", "contacts", "year", "period", "url", "source", "programme_line", "owner",
    "visibility",
]  # fmt: skip
PROPOSAL_FIELDS = ["title", "kind", "outcome", "summary", "body", "what_worked", "what_failed", "lessons",
                   "themes", "organisations", "contacts", "year", "url"]  # fmt: skip
TEXTAREAS = {
    "themes": forms.CheckboxSelectMultiple,
    "organisations": Picker(search_fields=("name", "short_name")),
    "contacts": Picker(search_fields=PEOPLE_SEARCH),
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


def contact_choices(item: KnowledgeItem):
    """The Netwerk's people an item can name as whom to call: never an erased entry, unless the item
    names it already. The Netwerk is a layer above the Kennisbank, so its model comes from the field
    (decision 0011)."""
    people = KnowledgeItem._meta.get_field("contacts").related_model.objects
    named = item.contacts.values("pk") if item.pk else []
    return people.filter(Q(erased_at__isnull=True) | Q(pk__in=named)).select_related("organisation")


class ItemForm(PickerFormMixin, forms.ModelForm):
    attachment = forms.FileField(label=_("Add an attachment"), required=False)
    url = forms.URLField(label=_("web address"), required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = KnowledgeItem
        fields = ITEM_FIELDS
        widgets = TEXTAREAS
        help_texts = {"contacts": _("Whom to call about this: people of the network.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if "owner" in self.fields:
            # The same rule as the API's: the organisations this user may name as owner.
            self.fields["owner"].queryset = owners_for(user)
        contacts = self.fields["contacts"]
        contacts.queryset = contact_choices(self.instance)
        contacts.label_from_instance = person_label

    def clean_attachment(self):
        return check_upload(self.cleaned_data.get("attachment"))

    def clean_body(self):
        """The live figures in the body (core.embeds) are checked as in a report: each wrong one named
        by its line, so it does not show as a placeholder later."""
        body = self.cleaned_data.get("body") or ""
        errors = embed_errors(body)
        if errors:
            raise forms.ValidationError(errors)
        return body


class ProposalForm(ItemForm):
    """What a member fills in to propose an item; an editor publishes it."""

    class Meta(ItemForm.Meta):
        fields = PROPOSAL_FIELDS


class DossierForm(PickerFormMixin, forms.ModelForm):
    class Meta:
        model = ThemeDossier
        fields = ["introduction", "key_items"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 8}),
            "key_items": Picker(search_fields=("title",)),
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
