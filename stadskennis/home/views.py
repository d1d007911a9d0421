"""The home page (what the network offers, for everyone) and a member's start page (theirs), with
"Mijn taken": what is waiting for them in every module (`core.task_registry`)."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render

from stadskennis.core import selectors as core_selectors
from stadskennis.core.task_registry import tasks_for_request
from stadskennis.events import selectors as event_selectors
from stadskennis.knowledge import dossier as knowledge_dossier
from stadskennis.knowledge import selectors as knowledge_selectors
from stadskennis.network import selectors as network_selectors

TASKS_ON_START = 5


def home(request):
    context = {
        "latest_items": knowledge_selectors.latest_items(user=request.user, limit=6),
        "themes": knowledge_dossier.themes_offered(user=request.user),  # never a link to an empty dossier
        "members": core_selectors.member_organisations(),
    }
    return render(request, "home/home.html", context)


@login_required
def start(request):
    """A member's own start page: what waits for them (the survey rounds their organisation must
    answer among it), their workgroups, what is new for them."""
    user = request.user
    items = knowledge_selectors.latest_items
    organisation = user.organisation
    tasks = tasks_for_request(request)
    context = {
        "tasks": tasks[:TASKS_ON_START],
        "task_count": len(tasks),
        "latest_items": items(user=user, limit=8),
        "organisation_items": items(user=user, limit=5, organisation=organisation) if organisation else [],
        "my_workgroups": network_selectors.my_workgroups(user=user),
        "my_drafts": items(user=user, limit=5, drafts_of=user),
        "my_registrations": event_selectors.my_upcoming_registrations(user=user)[:5],
    }
    return render(request, "home/start.html", context)


@login_required
def tasks(request):
    """Mijn taken: everything waiting for the user, soonest due first; `?formaat=json` as data."""
    found = tasks_for_request(request)
    if request.GET.get("formaat") == "json":
        rows = [
            {
                "kind": t.kind,
                "kind_label": t.kind_label,
                "title": t.title,
                "url": request.build_absolute_uri(t.url),
                "state": t.state,
                "context": t.context,
                "due": t.due_date.isoformat() if t.due_date else None,
                "overdue": t.overdue,
            }
            for t in found
        ]
        return JsonResponse({"count": len(rows), "tasks": rows})
    return render(request, "home/tasks.html", {"tasks": found})
