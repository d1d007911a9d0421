"""Plan elements in the one search: "which cities have an objective on leegstand?" finds the
objectives and actions of the plans the asker may compare (their own, and those shared for
comparison), with the city and the themes as facets.

A document holds what a comparison shows (code, title, level, tags, themes, the city), never a
narrative, a status or an indicator value, and the plan's audience (`core.visibility.plan_audience`):
its own organisation until it is shared. It links to the comparison of that element, which shows the
city's plan to whoever may read it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stadskennis.core.visibility import comparable_elements_filter, plan_audience
from stadskennis.plans.comparison import COMPARED_LEVELS
from stadskennis.plans.models import PlanElement
from stadskennis.search.registry import Document


class PlanElementProvider:
    key = "plan"
    model = PlanElement
    label = gettext_lazy("Plans")
    carries = {"plans.plan": "plan", "core.theme": "themes", "core.organisation": "plan__owner"}

    def indexable(self):
        return (
            PlanElement.objects.filter(level__in=COMPARED_LEVELS, plan__deleted_at__isnull=True)
            .select_related("plan", "plan__owner")
            .prefetch_related("themes")
        )

    def still_visible(self, user, rows):
        """The rows `user` may still compare (the element has no visibility of its own: its plan's)."""
        return rows.filter(comparable_elements_filter(user))

    def kind_label(self, kind: str) -> str:
        return str(_("Element of a plan"))

    def document(self, element: PlanElement) -> Document | None:
        plan = element.plan
        visibility, owner_id, created_by_id = plan_audience(plan)
        themes = list(element.themes.all())
        city = plan.owner.display_name
        facets = [("theme", t.slug, t.name) for t in themes]
        facets.append(("organisation", plan.owner.slug, city))
        url = reverse("plans:compare_cities") + "?" + urlencode({"woorden": element.code})
        return Document(
            object_id=str(element.pk),
            title=f"{element.title} ({city})",
            summary=element.description[:2000],
            # no boilerplate ("beleidsdoelstelling van meerjarenplan …" in every document would weigh
            # down those words in every other module's ranking): the element's own words only
            text="",
            url=url,
            kind="plan_element",
            date=element.updated_at,
            visibility=visibility,
            owner_id=owner_id,
            created_by_id=created_by_id,
            extra=" ".join([element.code, city, *element.tags, *(t.name for t in themes)]),
            year=plan.start_year,
            facets=facets,
        )
