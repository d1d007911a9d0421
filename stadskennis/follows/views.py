from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from stadskennis.core.redirects import safe_next
from stadskennis.core.visibility import can_view
from stadskennis.follows import services
from stadskennis.follows.models import DigestPreference, Follow

# What can be followed: the models Follow points to (a workgroup and a person are the Netwerk's).
MODELS = {
    kind: Follow._meta.get_field(kind).related_model
    for kind in ("theme", "organisation", "workgroup", "person")
}


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = DigestPreference
        fields = ["frequency"]
        widgets = {"frequency": forms.RadioSelect}


@require_POST
@login_required
def follow_toggle(request):
    kind = request.POST.get("kind", "")
    if kind not in MODELS:
        raise Http404
    try:
        target_id = int(request.POST.get("id", ""))
    except ValueError:
        raise Http404 from None
    target = get_object_or_404(MODELS[kind], pk=target_id)
    if kind == "workgroup" and not can_view(request.user, target):
        raise Http404
    follow = request.POST.get("follow") == "1"
    services.follow_set(user=request.user, target_kind=kind, target=target, follow=follow)
    messages.success(
        request,
        _("You follow %(name)s.") % {"name": target}
        if follow
        else _("You no longer follow %(name)s.") % {"name": target},
    )
    return redirect(safe_next(request, reverse("follows:mine")))


@login_required
def mine(request):
    preference = services.preference(request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        services.preference_save(form=form, actor=request.user)
        messages.success(request, _("Your digest setting is saved."))
        return redirect("follows:mine")
    follows = Follow.objects.filter(user=request.user).select_related(
        "theme", "workgroup", "organisation", "person"
    )
    return render(request, "follows/mine.html", {"follows": follows, "form": form})


@csrf_exempt  # RFC 8058 one-click: the mail client posts without a session; the signed token is the proof
def unsubscribe(request, token: str):
    if request.method == "POST":
        done = services.unsubscribe(token)
        return render(request, "follows/unsubscribed.html", {"done": done}, status=200 if done else 400)
    return render(request, "follows/unsubscribe.html", {"token": token})
