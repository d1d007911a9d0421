"""Release pages: open one, follow who reported, update an element, remind, freeze, compare, export,
and the council report of a frozen release."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stadskennis.core.visibility import (
    access_content_or_404,
    can_manage_plan,
    can_report_on,
    can_view_release,
)
from stadskennis.plans import release_indicators, release_reports, releases
from stadskennis.plans.council_pdf import council_pdf_request
from stadskennis.plans.export import release_xlsx
from stadskennis.plans.forms import EntryUpdateForm, ReleaseForm
from stadskennis.plans.models import CouncilReportPdf, FrozenRelease, Plan, Release, ReleaseEntry
from stadskennis.plans.views import _managed_plan


def _release(request, pk: int) -> tuple[Release, Plan]:
    """The release and its plan, if `request.user` may read them (404 otherwise, as for the plan)."""
    release = get_object_or_404(Release.objects.select_related("plan"), pk=pk)
    plan = access_content_or_404(request.user, Plan.objects.select_related("owner"), pk=release.plan_id)
    if not can_view_release(request.user, release, plan):
        raise Http404
    return release, plan


@login_required
def release_new(request, pk: int):
    plan = _managed_plan(request, pk)
    form = ReleaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            release = releases.release_open(plan=plan, actor=request.user, **form.cleaned_data)
        except releases.ReleaseError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The release is open; the owners were asked by mail to report."))
            return redirect("plans:release", pk=release.pk)
    return render(request, "plans/release_new.html", {"plan": plan, "form": form})


def release_detail(request, pk: int):
    token = request.GET.get("t", "")
    if token and not request.user.is_authenticated:  # the personal link of a mail: log in, then back
        return redirect_to_login(request.get_full_path())
    release, plan = _release(request, pk)
    mine = request.GET.get("mijn") == "1"
    if token:
        if releases.owner_by_link(release, request.user, token):
            mine = True
        else:
            messages.warning(request, _("This link is not yours or no longer valid; here is the release."))
    entries = list(release.entries.select_related("owner"))
    if mine:
        entries = [e for e in entries if e.owner_id == request.user.pk]
    figures = releases.release_figures(release)
    managing = can_manage_plan(request.user, plan)
    rows = [(e, figures[e.code], can_report_on(request.user, e, plan, managing=managing)) for e in entries]
    context = {
        "release": release, "plan": plan, "rows": rows, "mine": mine, "managing": managing,
        "tracker": releases.tracker(release) if managing else [],
        "others": plan.releases.exclude(pk=release.pk).filter(phase=Release.Phase.FROZEN),
    }  # fmt: skip
    return render(request, "plans/release.html", context)


@login_required
def entry_update(request, pk: int, entry: int):
    release, plan = _release(request, pk)
    entry = get_object_or_404(ReleaseEntry.objects.select_related("release"), pk=entry, release=release)
    if not can_report_on(request.user, entry, plan):
        raise PermissionDenied
    initial = {"progress": entry.progress, "narrative": entry.narrative, "version": entry.version}
    copies = list(entry.indicators.all())
    form = EntryUpdateForm(request.POST or None, plan=plan, copies=copies, initial=initial)
    form.fields["status"].initial = next(
        (pk_ for pk_, s in form.statuses.items() if s.name == entry.status_name), ""
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            releases.entry_update(
                entry=entry, status=form.chosen_status(), progress=data["progress"],
                narrative=data["narrative"], based_on=data["version"], actor=request.user,
                indicator_values=form.indicator_values(),
            )  # fmt: skip
        except releases.UpdateConflict as error:
            conflict = error.current
            # the form keeps what this person typed; sent again, it is based on what is stored now
            form = EntryUpdateForm(
                {**request.POST.dict(), "version": conflict.version},
                plan=plan,
                copies=copies,
                initial=initial,
            )
            form.is_valid()
        except FrozenRelease:
            messages.error(request, _("This release was frozen in the meantime; nothing was changed."))
            return redirect("plans:release", pk=release.pk)
        else:
            messages.success(request, _("Saved: %(code)s.") % {"code": entry.code})
            return redirect(reverse("plans:release", kwargs={"pk": release.pk}) + "?mijn=1")
    return render(
        request, "plans/entry_update.html",
        {"release": release, "plan": plan, "entry": entry, "form": form, "conflict": conflict,
         "from_warehouse": [copy.name for copy in copies if copy.warehouse]},
    )  # fmt: skip


@require_POST
@login_required
def release_remind(request, pk: int):
    release, plan = _release(request, pk)
    if not can_manage_plan(request.user, plan):
        raise PermissionDenied
    count = releases.release_remind(release=release, actor=request.user)
    messages.success(request, _("Reminders sent: %(count)d.") % {"count": count})
    return redirect("plans:release", pk=release.pk)


@require_POST
@login_required
def release_freeze(request, pk: int):
    release, plan = _release(request, pk)
    if not can_manage_plan(request.user, plan):
        raise PermissionDenied
    try:
        releases.release_freeze(release=release, actor=request.user)
    except releases.ReleaseError as error:
        messages.error(request, str(error))
    except FrozenRelease:  # frozen by someone else at the same moment
        messages.error(request, _("This release is already frozen."))
    else:
        messages.success(request, _("The release is frozen: dashboards and reports now show it."))
    return redirect("plans:release", pk=release.pk)


def release_compare(request, pk: int):
    """Two releases of one plan side by side: what changed per element."""
    plan = access_content_or_404(request.user, Plan.objects.select_related("owner"), pk=pk)
    readable = [r for r in plan.releases.order_by("-created_at") if can_view_release(request.user, r, plan)]
    by_pk = {str(r.pk): r for r in readable}
    after = by_pk.get(request.GET.get("na", "")) or (readable[0] if readable else None)
    before = by_pk.get(request.GET.get("voor", "")) or next((r for r in readable if r != after), None)
    changes = release_reports.release_compare(before, after) if before and after and before != after else None
    return render(
        request, "plans/release_compare.html",
        {"plan": plan, "releases": readable, "before": before, "after": after, "changes": changes},
    )  # fmt: skip


def release_export(request, pk: int):
    """The release as a spreadsheet, for whoever may read it."""
    release, plan = _release(request, pk)
    response = HttpResponse(
        release_xlsx(release),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = slugify(f"{plan.owner.slug} {release.title}") or "rapportering"
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def council_report(request, pk: int):
    """The report of a frozen release for the council: the structure with statuses, progress and
    narratives, and what changed since the previous frozen release. Printable as it is."""
    release, plan = _release(request, pk)
    if not release.frozen:
        raise Http404
    previous = release_reports.previous_frozen(release)
    rows = release_reports.release_tree(release)
    copies = release_indicators.by_code(release)
    context = {
        "release": release, "plan": plan, "rows": rows, "previous": previous,
        "indicators": [
            (row.entry, [release_indicators.frozen_standing(copy) for copy in copies[row.entry.code]])
            for row in rows
            if row.entry.code in copies
        ],
        "changes": release_reports.release_compare(previous, release) if previous else None,
        "statuses": Counter(
            (e.status_name, e.status_icon) for e in release.entries.all() if e.status_name
        ).most_common(),
    }  # fmt: skip
    return render(request, "plans/council_report.html", context)


REFRESH_SECONDS = 3
AUTOMATIC = "ja"  # ?vernieuwen=ja: without JavaScript the page refreshes itself because the reader asked


def _frozen(request, pk: int) -> tuple[Release, Plan]:
    release, plan = _release(request, pk)
    if not release.frozen:
        raise Http404
    return release, plan


def council_pdf(request, pk: int):
    """The council report as PDF: asked for with a button (POST), made by the background worker once
    per language, followed here with its progress until it can be downloaded."""
    release, plan = _frozen(request, pk)
    language = translation.get_language()
    if request.method == "POST":
        if not request.user.is_authenticated:  # anyone reads a made PDF; making one takes a login
            return redirect_to_login(request.get_full_path())
        council_pdf_request(release=release, actor=request.user, language=language)
        return redirect("plans:council_pdf", pk=release.pk)
    job = CouncilReportPdf.objects.filter(release=release, language=language).defer("pdf").first()
    running = job is not None and job.status in (
        CouncilReportPdf.Status.QUEUED,
        CouncilReportPdf.Status.RUNNING,
    )
    context = {
        "release": release, "plan": plan, "job": job, "running": running, "refresh": REFRESH_SECONDS,
        "automatic": request.GET.get("vernieuwen") == AUTOMATIC,
    }  # fmt: skip
    return render(request, "plans/council_pdf.html", context)


def council_pdf_download(request, pk: int):
    release, plan = _frozen(request, pk)
    job = CouncilReportPdf.objects.filter(
        release=release, language=translation.get_language(), status=CouncilReportPdf.Status.DONE
    ).first()
    if job is None:
        return redirect("plans:council_pdf", pk=release.pk)
    response = HttpResponse(bytes(job.pdf), content_type="application/pdf")
    name = slugify(f"{plan.owner.slug} {release.title} raadsrapport") or "raadsrapport"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response
