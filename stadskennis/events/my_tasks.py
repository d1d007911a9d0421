"""What the Agenda asks of a user, for "Mijn taken" (`core.task_registry`): a place offered to them
from a waiting list, to take before the offer passes on. One query."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stadskennis.core.task_registry import Task, TaskSource
from stadskennis.core.visibility import registrations_reaching_events
from stadskennis.events.models import Registration

OFFERED_PLACE = gettext_lazy("Place offered")


def offered_places(user) -> list[Task]:
    offers = Registration.objects.filter(
        registrations_reaching_events(),
        user=user,
        status=Registration.Status.OFFERED,
        held_until__gt=timezone.now(),
    ).select_related("event")
    return [
        Task(
            kind="event_offer",
            kind_label=str(OFFERED_PLACE),
            title=offer.event.title,
            url=offer.get_absolute_url(),
            state=_("A place became free: take it before the offer passes on"),
            due=offer.held_until,
        )
        for offer in offers
    ]


SOURCES = [TaskSource(key="event_offer", tasks=offered_places)]
