"""The dashboards' pages: the list per theme, a dashboard with its tiles (`?formaat=csv|xlsx|json`: every
figure shown, as data; `?stad=` the city a dashboard without its own is seen for), and, for those
core.visibility lets edit it, its details and tiles (plain forms, post-redirect-get, no JavaScript).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stadskennis.core.visibility import access_content_or_404, can_edit_owned, is_staff_user, owners_for
from stadskennis.dashboards import services
from stadskennis.dashboards.forms import DashboardForm, TileForm
from stadskennis.dashboards.models import MAX_TILES, Dashboard
from stadskennis.dashboards.tiles import tile_views, visible_tiles
from stadskennis.dashboards.twins import dashboard_csv, dashboard_json, dashboard_sheets
from stadskennis.indicators.models import Area
from stadskennis.indicators.profile import centre_city_profiles, municipality_named
from stadskennis.indicators.twins_xlsx import xlsx_response


def _themes(dashboards) -> list[tuple[str, list[Dashboard]]]:
    """(theme name, dashboards) by name; a dashboard on two themes is under both, one on none under
    "Overige thema's" at the end."""
    themes: dict[str, list[Dashboard]] = {}
    for dashboard in dashboards:
        for theme in dashboard.themes.all() or [None]:
            themes.setdefault(theme.name if theme else "", []).append(dashboard)
    return sorted(((name or _("Other themes"), found) for name, found in themes.items()),
                  key=lambda t: (t[0] == _("Other themes"), t[0]))  # fmt: skip


def _listed(request, dashboard: Dashboard) -> dict:
    return {
        "slug": dashboard.slug,
        "title": dashboard.title,
        "url": request.build_absolute_uri(dashboard.get_absolute_url()),
        "themes": [t.slug for t in dashboard.themes.all()],
        "owner": dashboard.owner.slug if dashboard.owner_id else None,
        "municipality": dashboard.area.code if dashboard.area_id else None,
        "visibility": dashboard.visibility,
    }


def dashboard_list(request):
    dashboards = (
        Dashboard.objects.visible_to(request.user).select_related("owner", "area").prefetch_related("themes")
    )
    if request.GET.get("formaat") == "json":
        return JsonResponse(
            {"dashboards": [_listed(request, d) for d in dashboards]},
            json_dumps_params={"ensure_ascii": False},
        )
    return render(
        request,
        "dashboards/list.html",
        {"themes": _themes(dashboards), "can_create": owners_for(request.user).exists()},
    )


def _focus(request, dashboard: Dashboard) -> Area | None:
    """The municipality the tiles are about: the dashboard's own; else the one asked for (`?stad=`);
    else the viewer's own city; else none (the centre cities together against Flanders)."""
    if dashboard.area_id:
        return dashboard.area
    wanted = request.GET.get("stad", "").strip()[:80]
    if not wanted and getattr(request.user, "organisation", None) is not None:
        wanted = request.user.organisation.nis_code or ""
    return municipality_named(wanted) if wanted else None


def dashboard_detail(request, slug: str):
    dashboard = access_content_or_404(
        request.user, Dashboard.objects.select_related("owner", "area"), slug=slug
    )
    focus = _focus(request, dashboard)
    views = tile_views(visible_tiles(dashboard, user=request.user), user=request.user, focus=focus)
    wanted = request.GET.get("formaat")
    if wanted == "json":
        return JsonResponse(
            dashboard_json(dashboard, views, focus=focus), json_dumps_params={"ensure_ascii": False}
        )
    if wanted == "xlsx":
        return xlsx_response(dashboard_sheets(views), f"dashboard-{dashboard.slug}")
    if wanted == "csv":
        response = HttpResponse(dashboard_csv(views), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="dashboard-{dashboard.slug}.csv"'
        return response
    return render(
        request,
        "dashboards/dashboard.html",
        {
            "dashboard": dashboard,
            "views": views,
            "focus": focus,
            "cities": centre_city_profiles() if not dashboard.area_id else [],
            "city_query": f"stad={focus.code}&" if focus and not dashboard.area_id else "",
            "can_edit": can_edit_owned(request.user, dashboard),
            "has_map": any(view.map for view in views),
            "demo": any(view.indicator.is_demo for view in views),
        },
    )


@login_required
def dashboard_create(request):
    if not owners_for(request.user).exists():
        raise PermissionDenied
    form = DashboardForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        dashboard = services.dashboard_create(
            actor=request.user, title=data["title"], description=data["description"], themes=data["themes"],
            area=data["area"], visibility=data["visibility"],
            owner=None if is_staff_user(request.user) else request.user.organisation,
        )  # fmt: skip
        messages.success(request, _("The dashboard is made: now add its tiles."))
        return redirect("dashboards:compose", slug=dashboard.slug)
    return render(request, "dashboards/create.html", {"form": form})


def _editable(request, slug: str) -> Dashboard:
    """The dashboard, if the user may see it (404 otherwise) and edit it (403 otherwise)."""
    dashboard = access_content_or_404(
        request.user, Dashboard.objects.select_related("owner", "area"), slug=slug
    )
    if not can_edit_owned(request.user, dashboard):
        raise PermissionDenied
    return dashboard


def _compose_page(request, dashboard: Dashboard, *, tile_form=None, details_form=None, status=200):
    tiles = list(visible_tiles(dashboard, user=request.user))
    details = details_form or DashboardForm(
        user=request.user,
        dashboard=dashboard,
        initial={
            "title": dashboard.title, "description": dashboard.description,
            "themes": list(dashboard.themes.all()), "area": dashboard.area.name if dashboard.area_id else "",
            "visibility": dashboard.visibility,
        },
    )  # fmt: skip
    return render(
        request,
        "dashboards/compose.html",
        {
            "dashboard": dashboard,
            "tiles": tiles,
            "hidden": dashboard.tiles.count() - len(tiles),
            "tile_form": tile_form or TileForm(user=request.user),
            "details_form": details,
            "max_tiles": MAX_TILES,
        },
        status=status,
    )


@login_required
def dashboard_compose(request, slug: str):
    """The compose page; a POST adds a tile at the end."""
    dashboard = _editable(request, slug)
    if request.method != "POST":
        return _compose_page(request, dashboard)
    form = TileForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.tile_add(
                dashboard=dashboard, actor=request.user, indicator=data["indicator"], kind=data["kind"],
                period=data["period"], area=data["area"],
            )  # fmt: skip
        except ValueError:
            form.add_error(
                None, _("A dashboard holds at most %(count)s tiles: remove one first.") % {"count": MAX_TILES}
            )
        else:
            messages.success(request, _("The tile is added at the end."))
            return redirect(reverse("dashboards:compose", kwargs={"slug": dashboard.slug}) + "#tegels")
    return _compose_page(request, dashboard, tile_form=form, status=400)


@login_required
@require_POST
def dashboard_details(request, slug: str):
    dashboard = _editable(request, slug)
    form = DashboardForm(request.POST, user=request.user, dashboard=dashboard)
    if not form.is_valid():
        return _compose_page(request, dashboard, details_form=form, status=400)
    data = form.cleaned_data
    services.dashboard_update(
        dashboard=dashboard, actor=request.user, themes=data["themes"],
        fields={k: data[k] for k in ("title", "description", "area", "visibility")},
    )  # fmt: skip
    messages.success(request, _("The dashboard's details are saved."))
    return redirect("dashboards:compose", slug=dashboard.slug)


@login_required
@require_POST
def tile_remove(request, slug: str, pk: int):
    dashboard = _editable(request, slug)
    tile = get_object_or_404(visible_tiles(dashboard, user=request.user), pk=pk)
    services.tile_remove(tile=tile, actor=request.user)
    messages.success(request, _("The tile is removed."))
    return redirect(reverse("dashboards:compose", kwargs={"slug": dashboard.slug}) + "#tegels")


@login_required
@require_POST
def tile_move(request, slug: str, pk: int):
    dashboard = _editable(request, slug)
    tile = get_object_or_404(visible_tiles(dashboard, user=request.user), pk=pk)
    services.tile_move(tile=tile, actor=request.user, up=request.POST.get("richting") != "neer")
    number = [t.pk for t in visible_tiles(dashboard, user=request.user)].index(tile.pk) + 1
    return redirect(reverse("dashboards:compose", kwargs={"slug": dashboard.slug}) + f"#tegel-{number}")


@login_required
def dashboard_delete(request, slug: str):
    """Who may compose a dashboard may delete it, after a page that asks to confirm (a GET deletes
    nothing)."""
    dashboard = _editable(request, slug)
    if request.method == "POST":
        title = dashboard.title
        services.dashboard_delete(dashboard=dashboard, actor=request.user)
        messages.success(request, _("The dashboard “%(title)s” is deleted.") % {"title": title})
        return redirect("dashboards:list")
    return render(
        request,
        "dashboards/delete.html",
        {"dashboard": dashboard, "tiles": dashboard.tiles.count()},
    )
