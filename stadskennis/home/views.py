"""The home page (what the network offers, for everyone) and a member's start page (theirs)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from stadskennis.core import selectors as core_selectors
from stadskennis.knowledge import selectors as knowledge_selectors
from stadskennis.network import selectors as network_selectors


def home(request):
    context = {
        "latest_items": knowledge_selectors.latest_items(user=request.user, limit=6),
        "themes": core_selectors.theme_list(),
        "members": core_selectors.member_organisations(),
    }
    return render(request, "home/home.html", context)


@login_required
def start(request):
    """A member's own start page: their organisation, their workgroups, what is new for them."""
    user = request.user
    items = knowledge_selectors.latest_items
    organisation = user.organisation
    context = {
        "latest_items": items(user=user, limit=8),
        "organisation_items": items(user=user, limit=5, organisation=organisation) if organisation else [],
        "my_workgroups": network_selectors.my_workgroups(user=user),
        "my_drafts": items(user=user, limit=5, drafts_of=user),
    }
    return render(request, "home/start.html", context)
