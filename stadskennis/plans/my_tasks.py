"""What the plans ask of a user, for "Mijn taken" (`core.task_registry`): the elements they own in an
open release that they have not updated yet. One query."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy, ngettext

from stadskennis.core.task_registry import Task, TaskSource
from stadskennis.plans.models import Release

RELEASE = gettext_lazy("Release")


def releases_to_report(user) -> list[Task]:
    if not (user and user.is_authenticated and user.organisation_id):
        return []
    waiting = (
        Release.objects.filter(
            phase=Release.Phase.OPEN,
            plan__owner_id=user.organisation_id,
            plan__deleted_at__isnull=True,
            entries__owner=user,
        )  # fmt: skip
        .annotate(left=Count("entries", filter=Q(entries__owner=user, entries__updated_at__isnull=True)))
        .filter(left__gt=0)
        .select_related("plan")
    )
    return [
        Task(
            kind="release",
            kind_label=str(RELEASE),
            title=f"{release.title} · {release.plan.title}",
            url=reverse("plans:release", kwargs={"pk": release.pk}) + "?mijn=1",
            state=ngettext("%(count)d element to update", "%(count)d elements to update", release.left)
            % {"count": release.left},
            due=release.deadline,
        )
        for release in waiting
    ]


SOURCES = [TaskSource("plans.releases", releases_to_report)]
