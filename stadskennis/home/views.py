"""The home page (what the network offers, for everyone) and a member's start page (theirs)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from stadskennis.core import selectors as core_selectors
from stadskennis.knowledge.models import KnowledgeItem
from stadskennis.network import selectors as network_selectors


def home(request):
    context = {
        "latest_items": KnowledgeItem.objects.visible_to(request.user).select_related("owner")[:6],
        "themes": core_selectors.theme_list(),
        "members": core_selectors.member_organisations(),
    }
    return render(request, "home/home.html", context)


@login_required
def start(request):
    """A member's own start page: their organisation, their workgroups, what is new for them."""
    user = request.user
    visible_items = KnowledgeItem.objects.visible_to(user).select_related("owner")
    context = {
        "latest_items": visible_items[:8],
        "organisation_items": visible_items.filter(organisations=user.organisation)[:5]
        if user.organisation
        else [],
        "my_workgroups": network_selectors.my_workgroups(user=user),
        "my_drafts": KnowledgeItem.objects.visible_to(user).filter(created_by=user, visibility="draft")[:5],
    }
    return render(request, "home/start.html", context)
