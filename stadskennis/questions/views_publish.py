"""Publishing a survey comparison: the editor reviews it first, then it becomes a knowledge item."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from stadskennis.core.visibility import staff_required
from stadskennis.questions.forms_publish import PublishForm
from stadskennis.questions.models import Rondvraag
from stadskennis.questions.publish import (
    LISTED_MAX,
    LISTED_PER_FIELD,
    PublishRefused,
    publish_review,
    rondvraag_publish,
)


@staff_required
def publish(request, pk: int):
    """GET shows the review (answers, themes, passages that may name people); POST publishes when
    everything the review asks is confirmed, and otherwise shows the review again with the reasons."""
    rondvraag = get_object_or_404(Rondvraag.objects.alive(), pk=pk)
    if rondvraag.phase == Rondvraag.Phase.PUBLISHED and rondvraag.published_item_id:
        messages.info(request, _("This comparison is published already."))
        return redirect(rondvraag.published_item)
    review = publish_review(rondvraag)
    form = PublishForm(request.POST or None, review=review)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                item = rondvraag_publish(
                    rondvraag=rondvraag, actor=request.user, visibility=data["visibility"],
                    themes=data["themes"], low_response_confirmed=data.get("low_response_confirmed", False),
                    names_confirmed=data.get("names_confirmed", False),
                    left_out=frozenset(data.get("left_out") or ()), fingerprint=data["fingerprint"],
                )  # fmt: skip
            except PublishRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, _("The comparison is published in the knowledge base."))
                return redirect(item)
    context = {
        "rondvraag": rondvraag, "review": review, "form": form,
        "listed_per_field": LISTED_PER_FIELD, "listed_max": LISTED_MAX,
    }  # fmt: skip
    return render(request, "questions/rondvraag_publish.html", context)
