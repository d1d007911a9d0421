from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stadskennis.accounts.forms import (
    AcceptInvitationForm,
    ApiTokenForm,
    InvitationForm,
    LoginForm,
    PasswordResetSetForm,
)
from stadskennis.accounts.models import ApiToken
from stadskennis.accounts.services import (
    InvitationError,
    invitation_accept,
    invitation_create,
    invitation_find_open,
)
from stadskennis.core.visibility import staff_required


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = PasswordResetSetForm
    success_url = reverse_lazy("accounts:password_reset_complete")


@staff_required
@require_http_methods(["GET", "POST"])
def invite(request):
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitation_create(
                email=form.cleaned_data["email"],
                organisation=form.cleaned_data["organisation"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
        except InvitationError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request, _("The invitation was sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("accounts:invite")
    return render(request, "accounts/invite.html", {"form": form})


@require_http_methods(["GET", "POST"])
def accept(request, token: str):
    invitation = invitation_find_open(token=token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except InvitationError:
            return render(request, "accounts/invitation_invalid.html", status=404)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to Stadskennis."))
        return redirect("home:start")
    return render(request, "accounts/accept.html", {"form": form, "invitation": invitation})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = ApiToken.issue(user=request.user, name=form.cleaned_data["name"])
        form = ApiTokenForm()
    tokens = request.user.api_tokens.all()
    return render(request, "accounts/profile.html", {"form": form, "tokens": tokens, "new_key": new_key})


@login_required
@require_http_methods(["POST"])
def token_revoke(request, pk: int):
    deleted, _rows = request.user.api_tokens.filter(pk=pk).delete()
    if deleted:
        messages.success(request, _("The API key was revoked."))
    return redirect("accounts:profile")
