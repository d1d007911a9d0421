"""Forms for people: editors add and edit anyone, a member edits their own entry."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stadskennis.core.widgets import IsoDateTimeInput
from stadskennis.network.models import LegalBasis, Person

MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}


def check_photo(photo):
    """A real JPEG, PNG or WebP image of at most 5 MB (Django's ImageField checks it is an image)."""
    if photo and getattr(photo, "size", 0) > MAX_PHOTO_BYTES:
        raise forms.ValidationError(_("A photo can be at most 5 MB."))
    image = getattr(photo, "image", None)
    if image is not None and image.format not in PHOTO_FORMATS:
        raise forms.ValidationError(_("Use a JPEG, PNG or WebP photo."))
    return photo


class PersonForm(forms.ModelForm):
    """For editors: a key person, with the legal basis the centre holds their data on."""

    class Meta:
        model = Person
        fields = [
            "first_name", "last_name", "function", "organisation", "department", "themes", "expertise",
            "email", "phone", "photo", "legal_basis", "consent_given_at",
        ]  # fmt: skip
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "expertise": forms.Textarea(attrs={"rows": 4}),
            "consent_given_at": IsoDateTimeInput,
            "photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }

    def clean_photo(self):
        return check_photo(self.cleaned_data.get("photo"))

    def clean_email(self):
        """One entry per address; the database constraint alone would only say which rule failed."""
        email = self.cleaned_data.get("email", "").strip()
        others = Person.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if email and others.exists():
            raise forms.ValidationError(_("Another person in the network already has this email address."))
        return email

    def clean_consent_given_at(self):
        given = self.cleaned_data.get("consent_given_at")
        if given and given > timezone.now():
            raise forms.ValidationError(_("Consent cannot be given in the future."))
        return given

    def clean(self):
        data = super().clean()
        if data.get("legal_basis") == LegalBasis.CONSENT and not data.get("consent_given_at"):
            self.add_error("consent_given_at", _("Say when the person gave consent."))
        return data


class OwnProfileForm(forms.ModelForm):
    """For a member: their own work. Organisation and legal basis are not theirs to change."""

    class Meta:
        model = Person
        fields = ["function", "department", "themes", "expertise", "phone", "photo"]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "expertise": forms.Textarea(attrs={"rows": 4}),
            "photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }

    def clean_photo(self):
        return check_photo(self.cleaned_data.get("photo"))


class OwnEntryForm(OwnProfileForm):
    """A member without an entry creates one, on their own consent."""

    class Meta(OwnProfileForm.Meta):
        fields = ["first_name", "last_name", *OwnProfileForm.Meta.fields]
