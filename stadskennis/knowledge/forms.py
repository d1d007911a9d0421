from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from stadskennis.knowledge.models import KnowledgeItem


class ItemForm(forms.ModelForm):
    attachment = forms.FileField(label=_("Add an attachment"), required=False)
    url = forms.URLField(label=_("web address"), required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = KnowledgeItem
        fields = [
            "title",
            "kind",
            "outcome",
            "summary",
            "body",
            "themes",
            "organisations",
            "year",
            "url",
            "source",
            "owner",
            "visibility",
        ]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "organisations": forms.SelectMultiple(attrs={"size": 8}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 12}),
        }

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload and upload.size > settings.MAX_UPLOAD_SIZE:
            raise forms.ValidationError(
                _("This file is %(size)s; the limit is %(limit)s."),
                params={
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.MAX_UPLOAD_SIZE),
                },
            )
        return upload
