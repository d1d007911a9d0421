"""The annual work programme, for centre staff: what is planned per programme line, with its owner,
months and status through the year, the executive board's review, and at the year's end what was
planned but not done."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from stadskennis.core.visibility import budget_readers_required, can_manage_werking, staff_required
from stadskennis.core.widgets import IsoDateInput
from stadskennis.programmes import services
from stadskennis.programmes.forms import ActivityForm
from stadskennis.programmes.models import PlannedActivity, WorkProgramme
from stadskennis.programmes.views_money import known_year


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(
        label=gettext_lazy("Reviewed by the executive board on"), widget=IsoDateInput
    )
    review_note = forms.CharField(
        label=gettext_lazy("Board's remarks"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@budget_readers_required
def work_programme_current(request):
    return redirect("programmes:work_programme", year=timezone.localdate().year)


@require_http_methods(["GET", "POST"])
@budget_readers_required
def work_programme(request, year: int):
    """Staff plan here; the executive board's members read it, as they review it (no forms)."""
    known_year(year)
    can_edit = can_manage_werking(request.user)
    programme = WorkProgramme.objects.filter(year=year).first()
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    if request.method == "POST" and programme is None:
        programme = services.record_save(obj=WorkProgramme(), values={"year": year}, actor=request.user)
        return redirect("programmes:work_programme", year=year)
    activities = []
    if programme is not None:
        activities = list(
            programme.activities.alive().select_related(
                "programme_line__period", "programme_line__parent", "owner"
            )
        )
    groups: dict = {}
    for activity in activities:
        groups.setdefault(activity.programme_line, []).append(activity)
    year_over = timezone.localdate().year > year
    context = {
        "year": year,
        "programme": programme,
        "groups": list(groups.items()),
        "not_done": [activity for activity in activities if activity.status != PlannedActivity.Status.DONE],
        "done": sum(1 for activity in activities if activity.status == PlannedActivity.Status.DONE),
        "total": len(activities),
        "year_over": year_over,
        "can_edit": can_edit,
        "review_form": ReviewForm(
            initial={"reviewed_on": programme.reviewed_on, "review_note": programme.review_note}
        )
        if programme and can_edit
        else None,
    }
    return render(request, "programmes/work_programme.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def activity_edit(request, year: int, pk: int | None = None):
    programme = get_object_or_404(WorkProgramme, year=year)
    activity = get_object_or_404(programme.activities.alive(), pk=pk) if pk else PlannedActivity()
    form = ActivityForm(request.POST if request.method == "POST" else None, instance=activity, year=year)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_save(
                obj=activity, values={"work_programme": programme, **form.values()}, actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The activity was saved."))
            return redirect("programmes:work_programme", year=year)
    return render(
        request,
        "programmes/activity_form.html",
        {"form": form, "year": year, "activity": activity},
        status=400 if form.errors else 200,
    )


@require_POST
@staff_required
def activity_delete(request, year: int, pk: int):
    activity = get_object_or_404(PlannedActivity, pk=pk, work_programme__year=year)
    services.record_delete(obj=activity, actor=request.user)
    messages.success(request, _("Moved to the trash: it can be turned back under “Changes”."))
    return redirect("programmes:work_programme", year=year)


@require_POST
@staff_required
def work_programme_review(request, year: int):
    programme = get_object_or_404(WorkProgramme, year=year)
    form = ReviewForm(request.POST)
    if form.is_valid():
        services.record_save(obj=programme, values=form.cleaned_data, actor=request.user)
        messages.success(request, _("The board's review was recorded."))
    else:
        messages.error(request, _("Give the date of the board's meeting."))
    return redirect("programmes:work_programme", year=year)
