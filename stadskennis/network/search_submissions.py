"""Homework answers in the one search: what a city answered is knowledge too.

A draft is `organisation`-visible, so the visibility filter inside the search keeps it to its own
organisation; only submitted answers reach the rest of the network.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stadskennis.network.models import Submission
from stadskennis.search.registry import Document


class SubmissionProvider:
    key = "submission"
    model = Submission
    label = gettext_lazy("Homework answers")
    carries = {
        "core.organisation": "owner",
        "network.assignment": "assignment",
        "network.workgroup": "assignment__workgroup",
    }

    def indexable(self):
        return Submission.objects.alive().select_related("assignment__workgroup", "owner")

    def kind_label(self, kind: str) -> str:
        return _("Homework answer")

    def document(self, submission: Submission) -> Document | None:
        if submission.deleted_at is not None:
            return None
        assignment = submission.assignment
        return Document(
            object_id=str(submission.pk),
            title=f"{assignment.title} – {submission.owner.display_name}",
            text=submission.text,
            url=submission.get_absolute_url(),
            kind="submission",
            date=submission.submitted_at or submission.updated_at,
            visibility=submission.visibility,
            owner_id=submission.owner_id,
            created_by_id=submission.created_by_id,
            extra=f"{assignment.workgroup.name} {submission.owner.name}",
            year=(submission.submitted_at or submission.updated_at).year,
            facets=[("organisation", submission.owner.slug, submission.owner.display_name)],
        )
