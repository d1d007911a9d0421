from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AdminPasswordChangeForm, AuthenticationForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from stadskennis.accounts.models import Role
from stadskennis.accounts.services import user_password_set
from stadskennis.core.models import Organisation


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    error_messages = {
        "invalid_login": _("This email address and password do not match. Check both and try again."),
        "inactive": _("This account has been deactivated."),
    }


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.all())
    role = forms.ChoiceField(
        label=_("Role"), choices=[(Role.MEMBER, Role.MEMBER.label), (Role.EDITOR, Role.EDITOR.label)]
    )


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not only digits and not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif p1:
            try:
                password_validation.validate_password(p1)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the key"), max_length=100, help_text=_("For example the system that will use it.")
    )


class PasswordResetSetForm(SetPasswordForm):
    """The new password behind a reset link; it revokes the user's API keys too."""

    def save(self, commit=True):
        return user_password_set(user=self.user, password=self.cleaned_data["new_password1"])


class AdminPasswordForm(AdminPasswordChangeForm):
    """An administrator's change of someone's password in the admin; it revokes their API keys too."""

    def save(self, commit=True):
        usable = self.cleaned_data.get("set_usable_password", True)
        return user_password_set(user=self.user, password=self.cleaned_data["password1"] if usable else None)
