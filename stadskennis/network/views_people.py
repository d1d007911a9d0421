"""People's entries and their GDPR rights: add, edit, photo, data download, erasure, review."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stadskennis.core.ids import parse_id
from stadskennis.core.visibility import can_see_contact_details, is_staff_user, staff_required
from stadskennis.network import privacy, services
from stadskennis.network.forms_people import OwnEntryForm, OwnProfileForm, PersonForm
from stadskennis.network.models import LegalBasis, Person


def _save_person(form, *, actor, person=None, **extra):
    data = {**form.cleaned_data, **extra}
    photo = data.pop("photo", None)
    if person is None:
        person = services.person_create(actor=actor, **data)
    else:
        person = services.person_update(person=person, actor=actor, **data)
    if photo is not None:  # False: "clear" ticked
        person = services.person_photo_set(person=person, photo=photo, actor=actor)
    return person


def _is_self(user, person: Person) -> bool:
    return user.is_authenticated and person.user_id == user.pk


@staff_required
def person_create(request):
    form = PersonForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        person = _save_person(form, actor=request.user)
        messages.success(request, _("The person is added. Without an account, they are told by email why."))
        return redirect(person)
    return render(request, "network/person_form.html", {"form": form})


@login_required
def person_edit(request, pk: int):
    person = get_object_or_404(Person, pk=pk, erased_at__isnull=True)
    if is_staff_user(request.user):
        form_class = PersonForm
    elif _is_self(request.user, person):
        form_class = OwnProfileForm
    else:
        raise PermissionDenied
    form = form_class(request.POST or None, request.FILES or None, instance=Person.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        _save_person(form, actor=request.user, person=person)
        messages.success(request, _("The profile is saved."))
        return redirect(person)
    return render(request, "network/person_form.html", {"form": form, "person": person})


@login_required
def my_entry(request):
    """A member's own network entry: edit it, or create it on their own consent."""
    person = Person.objects.filter(user=request.user, erased_at__isnull=True).first()
    if person is not None:
        return redirect("network:person_edit", pk=person.pk)
    added = Person.objects.filter(
        user__isnull=True, erased_at__isnull=True, email__iexact=request.user.email
    ).first()
    if added is not None:  # the centre added them before they had an account: the login proves the address
        if request.method != "POST" or request.POST.get("claim") != str(added.pk):
            return render(request, "network/gdpr_claim.html", {"person": added})
        services.person_update(person=added, actor=request.user, user=request.user)
        messages.success(request, _("The entry the centre made for you is now linked to your account."))
        return redirect("network:person_edit", pk=added.pk)
    if not request.user.organisation_id:
        messages.error(request, _("Your account has no organisation yet; ask the centre to add it."))
        return redirect("accounts:profile")
    initial = dict(zip(["first_name", "last_name"], request.user.full_name.split(" ", 1), strict=False))
    form = OwnEntryForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        person = _save_person(
            form, actor=request.user, organisation=request.user.organisation, user=request.user,
            email=request.user.email, legal_basis=LegalBasis.CONSENT, consent_given_at=timezone.now(),
        )  # fmt: skip
        messages.success(request, _("Your entry in the network is made."))
        return redirect(person)
    return render(request, "network/person_form.html", {"form": form, "own_entry": True})


def person_photo(request, pk: int):
    """Photos are personal data: for logged-in members only, never cached publicly."""
    person = get_object_or_404(Person, pk=pk, erased_at__isnull=True)
    if not can_see_contact_details(request.user) or not person.photo:
        raise Http404
    try:
        handle = person.photo.open("rb")
    except OSError as error:
        raise Http404 from error
    response = FileResponse(handle)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def person_data(request, pk: int):
    person = get_object_or_404(Person.objects.select_related("organisation", "user"), pk=pk)
    if not (_is_self(request.user, person) or is_staff_user(request.user)):
        raise Http404
    body = json.dumps(privacy.person_data_export(person), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    name = slugify(person.full_name) or f"persoon-{person.pk}"
    response["Content-Disposition"] = f'attachment; filename="gegevens-{name}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def person_erasure_request(request, pk: int):
    person = get_object_or_404(Person, pk=pk, erased_at__isnull=True)
    if not (_is_self(request.user, person) or is_staff_user(request.user)):
        raise Http404
    privacy.erasure_request(person=person, actor=request.user)
    messages.success(request, _("Your request is registered. The centre erases your data within a month."))
    return redirect(person)


@require_POST
@staff_required
def person_erase(request, pk: int):
    person = get_object_or_404(Person, pk=pk, erased_at__isnull=True)
    if request.POST.get("confirm") != "1":
        messages.error(request, _("Tick the box to confirm the erasure."))
        return redirect("network:privacy_review")
    privacy.person_erase(person=person, actor=request.user)
    messages.success(request, _("The personal data are erased; the knowledge stays, without a name."))
    return redirect("network:privacy_review")


@staff_required
def privacy_review(request):
    if request.method == "POST":
        pk = parse_id(request.POST.get("person", "")) or 0
        person = get_object_or_404(Person, pk=pk, erased_at__isnull=True)
        privacy.mark_active(person=person, actor=request.user)
        messages.success(request, _("Marked as still active."))
        return redirect("network:privacy_review")
    context = {
        "requests": Person.objects.filter(erasure_requested_at__isnull=False, erased_at__isnull=True)
        .select_related("organisation")
        .order_by("erasure_requested_at"),
        "inactive": privacy.inactive_people()[:200],
        "years": privacy.settings.GDPR_INACTIVE_YEARS,
    }
    return render(request, "network/privacy_review.html", context)


def privacy_page(request):
    return render(request, "network/privacy.html", {"years": privacy.settings.GDPR_INACTIVE_YEARS})
