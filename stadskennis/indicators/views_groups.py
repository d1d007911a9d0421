"""Comparison groups (/cijfers/groepen/): the groups a viewer may see (`?formaat=json` as data), one
group with its members and where to use it, and creating, editing and deleting them. Access is decided
by core.visibility; the writes are groups.py's services."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from stadskennis.core.forms import PickerFormMixin
from stadskennis.core.visibility import (
    Visibility,
    can_create_group,
    can_edit_group,
    group_visibilities_for,
    is_system_group,
)
from stadskennis.core.widgets import Picker
from stadskennis.indicators.compare import MAX_CITIES
from stadskennis.indicators.groups import (
    MAX_MEMBERS,
    MAX_NAME,
    current_members,
    group_choices,
    group_create,
    group_delete,
    group_for,
    group_update,
    municipalities_today,
)
from stadskennis.indicators.models import AreaGroup
from stadskennis.indicators.reference import POPULATION


class MunicipalityChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.code})"


class GroupForm(PickerFormMixin, forms.Form):
    name = forms.CharField(label=gettext_lazy("name"), max_length=MAX_NAME)
    description = forms.CharField(
        label=gettext_lazy("description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    visibility = forms.ChoiceField(label=gettext_lazy("Who may see it"), widget=forms.RadioSelect)
    members = MunicipalityChoice(
        label=gettext_lazy("Municipalities"),
        queryset=municipalities_today(),
        widget=Picker(search_fields=("name", "code")),
    )

    def __init__(self, *args, user, current: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        allowed = group_visibilities_for(user)
        if current and current not in allowed:  # staff editing a member's group keep what it is
            allowed = [current, *allowed]
        self.fields["visibility"].choices = [(v, Visibility(v).label) for v in allowed]
        self.fields["visibility"].initial = allowed[0]
        self.fields["members"].queryset = municipalities_today()

    def clean_members(self):
        members = list(self.cleaned_data["members"])
        if len(members) > MAX_MEMBERS:
            raise forms.ValidationError(
                _("Choose at most %(most)d municipalities; you chose %(count)d.")
                % {"most": MAX_MEMBERS, "count": len(members)}
            )
        return members


def _group_json(group: AreaGroup) -> dict:
    return {
        "slug": group.slug,
        "name": group.name,
        "description": group.description,
        "visibility": group.visibility,
        "owner": group.owner.display_name if group.owner_id else None,
        "members": [{"geo": a.code, "name": a.name} for a in current_members(group)],
        "api": f"/api/indicators/{POPULATION}/observations?geo=group:{group.slug}",
    }


def group_list(request):
    groups = group_choices(request.user)
    if request.GET.get("formaat") == "json":
        prefetch_related_objects(groups, "members")  # one query for every group's members, not one each
        return JsonResponse(
            {"groups": [_group_json(g) for g in groups]}, json_dumps_params={"ensure_ascii": False}
        )
    rows = [(g, can_edit_group(request.user, g), is_system_group(g)) for g in groups]
    return render(
        request,
        "indicators/groups.html",
        {"rows": rows, "may_create": can_create_group(request.user)},
    )


def _visible_or_404(request, slug: str) -> AreaGroup:
    group = group_for(request.user, slug)
    if group is None:
        raise Http404
    return group


def group_detail(request, slug: str):
    group = _visible_or_404(request, slug)
    if request.GET.get("formaat") == "json":
        return JsonResponse(_group_json(group), json_dumps_params={"ensure_ascii": False})
    members = current_members(group)
    compare = (
        reverse("indicators:compare")
        + "?"
        + urlencode([("stad", a.code) for a in members[:MAX_CITIES]] + [("groep", group.slug)])
    )
    return render(
        request,
        "indicators/group_detail.html",
        {
            "group": group,
            "members": members,
            "may_edit": can_edit_group(request.user, group),
            "system": is_system_group(group),
            "compare_url": compare,
            "compare_cut": len(members) > MAX_CITIES,
            "max_cities": MAX_CITIES,
            "population": POPULATION,
        },
    )


def _initial_members(request) -> list:
    """Municipalities an address proposes (`?gemeente=<NIS>`, from "similar municipalities")."""
    codes = [c for c in request.GET.getlist("gemeente")[:MAX_MEMBERS] if c.isdigit() and len(c) == 5]
    return list(municipalities_today().filter(code__in=codes)) if codes else []


@login_required
@require_http_methods(["GET", "POST"])
def group_new(request):
    if not can_create_group(request.user):
        raise PermissionDenied
    initial = {"members": _initial_members(request), "name": request.GET.get("naam", "")[:MAX_NAME]}
    form = GroupForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        group = group_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The group was saved."))
        return redirect("indicators:group", slug=group.slug)
    return render(request, "indicators/group_form.html", {"form": form})


def _editable_or_403(request, slug: str) -> AreaGroup:
    group = _visible_or_404(request, slug)
    if not can_edit_group(request.user, group):
        raise PermissionDenied
    return group


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request, slug: str):
    group = _editable_or_403(request, slug)
    initial = {
        "name": group.name,
        "description": group.description,
        "visibility": group.visibility,
        "members": current_members(group),
    }
    form = GroupForm(request.POST or None, user=request.user, initial=initial, current=group.visibility)
    if request.method == "POST" and form.is_valid():
        group_update(actor=request.user, group=group, **form.cleaned_data)
        messages.success(request, _("The changes were saved."))
        return redirect("indicators:group", slug=group.slug)
    return render(request, "indicators/group_form.html", {"form": form, "group": group})


@login_required
@require_http_methods(["GET", "POST"])
def group_remove(request, slug: str):
    group = _editable_or_403(request, slug)
    if request.method == "POST":
        name = group.name
        group_delete(actor=request.user, group=group)
        messages.success(request, _("The group “%(name)s” was deleted.") % {"name": name})
        return redirect("indicators:groups")
    return render(request, "indicators/group_delete.html", {"group": group})
