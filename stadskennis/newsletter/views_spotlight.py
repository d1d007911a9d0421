"""The weekly "Veranderend speelveld": its public archive and feeds, and the staff's queue."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stadskennis.core.markdown import markdown_to_text
from stadskennis.core.visibility import staff_required
from stadskennis.newsletter import spotlight
from stadskennis.newsletter.forms import SpotlightForm
from stadskennis.newsletter.models import SpotlightEntry


def archive(request):
    page = Paginator(spotlight.published(), 20).get_page(request.GET.get("pagina"))
    return render(request, "newsletter/spotlight.html", {"page": page})


@staff_required
def queue(request):
    form = SpotlightForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                spotlight.spotlight_schedule(actor=request.user, **form.cleaned_data)
            except spotlight.SpotlightRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, _("The study is scheduled for the spotlight."))
                return redirect("newsletter:spotlight_queue")
    context = {"form": form, "upcoming": spotlight.upcoming(), "current": spotlight.current()}
    return render(request, "newsletter/spotlight_queue.html", context, status=status)


@require_POST
@staff_required
def remove(request, pk: int):
    entry = get_object_or_404(SpotlightEntry, pk=pk)
    try:
        spotlight.spotlight_remove(entry=entry, actor=request.user)
    except spotlight.SpotlightRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Removed from the queue."))
    return redirect("newsletter:spotlight_queue")


class SpotlightFeed(Feed):
    def title(self):
        return _("Veranderend speelveld")

    def link(self):
        return reverse("newsletter:spotlight")

    def description(self):
        return _(
            "Each week one study, publication or book about urban questions, chosen by the Kenniscentrum."
        )

    def items(self):
        return spotlight.published()[:50]

    def item_title(self, entry):
        return entry.item.title

    def item_link(self, entry):
        return entry.item.get_absolute_url()

    def item_guid(self, entry):
        return f"{reverse('newsletter:spotlight')}#{entry.anchor}"

    item_guid_is_permalink = False

    def item_description(self, entry):
        return markdown_to_text(entry.commentary)

    def item_pubdate(self, entry):
        return timezone.make_aware(datetime.combine(entry.publish_on, time(0)))  # public from midnight


class SpotlightAtomFeed(SpotlightFeed):
    feed_type = Atom1Feed
    subtitle = SpotlightFeed.description
