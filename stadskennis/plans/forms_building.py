"""Forms with which a city builds its plans: a new plan, its elements, its statuses and its plan
managers."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from stadskennis.core.widgets import IsoDateInput
from stadskennis.plans.models import Plan, PlanStatus
from stadskennis.plans.services import statuses_for


class StatusForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    icon = forms.ChoiceField(
        label=_("Icon"), choices=PlanStatus.Icon.choices,
        help_text=_("Shown beside the name, never instead of it."),
    )  # fmt: skip
    default_progress = forms.IntegerField(
        label=_("Default progress (%)"), min_value=0, max_value=100, required=False,
        help_text=_("What an element with this status counts when it has no progress of its own."),
    )  # fmt: skip
    excluded_from_rollup = forms.BooleanField(
        label=_("Left out of roll-up (as “geannuleerd”)"), required=False
    )


class ManagerForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Member"), queryset=None, empty_label=None)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = members


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, initial="Meerjarenplan")
    kind = forms.ChoiceField(label=_("Kind"), choices=Plan.Kind.choices)
    start_year = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)
    end_year = forms.IntegerField(label=_("Last year"), min_value=2000, max_value=2100)
    rollup = forms.ChoiceField(label=_("Roll-up"), choices=Plan.Rollup.choices)

    def clean(self):
        data = super().clean()
        if not self.errors and data["end_year"] < data["start_year"]:
            self.add_error("end_year", _("The last year comes at or after the first year."))
        if not self.errors and data["end_year"] - data["start_year"] > 11:
            self.add_error("end_year", _("A plan covers at most twelve years."))
        return data


class ElementForm(forms.Form):
    """An element of a plan as a plan manager builds it. Its values go through the import's own checks
    (services.element_save), as a file of one row would: a page and an import never disagree."""

    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("As the city uses it, for example 2WWS0101. It cannot change later."),
    )
    parent = forms.ChoiceField(label=_("Under"), required=False)
    level = forms.ChoiceField(label=_("Level"))
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 4})
    )
    priority = forms.BooleanField(label=_("Priority"), required=False)
    politician = forms.CharField(label=_("Responsible alderman"), required=False, max_length=200)
    department = forms.CharField(label=_("Department"), required=False, max_length=200)
    owner = forms.ChoiceField(label=_("Owner"), required=False, help_text=_("Reports on it in each release."))
    start = forms.DateField(label=_("Start"), required=False, widget=IsoDateInput)
    end = forms.DateField(label=_("End"), required=False, widget=IsoDateInput)
    status = forms.ChoiceField(label=_("Status"), required=False)
    progress = forms.CharField(label=_("Progress (%)"), required=False, max_length=20)
    weight = forms.CharField(label=_("Weight"), required=False, max_length=20, initial="1")
    exploitation_planned = forms.CharField(
        label=_("Exploitation planned (euro)"), required=False, max_length=30
    )
    exploitation_realised = forms.CharField(
        label=_("Exploitation realised (euro)"), required=False, max_length=30
    )
    investment_planned = forms.CharField(label=_("Investment planned (euro)"), required=False, max_length=30)
    investment_realised = forms.CharField(
        label=_("Investment realised (euro)"), required=False, max_length=30
    )
    themes = forms.MultipleChoiceField(label=_("Themes"), required=False, widget=forms.CheckboxSelectMultiple)
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=500,
        help_text=_("Separated by commas: SDG goals and targets (SDG 11.1), fields of urbanity, subjects."),
    )  # fmt: skip
    public = forms.BooleanField(label=_("On the public dashboard"), required=False)

    def __init__(self, *args, plan: Plan, element=None, **kwargs):
        from django.contrib.auth import get_user_model

        from stadskennis.core.models import Theme
        from stadskennis.plans.import_rules import LEVEL_NAMES

        super().__init__(*args, **kwargs)
        below = _descendants(element) if element else set()
        self.fields["parent"].choices = [("", _("nothing: at the top"))] + [
            (code, f"{code} {title}")
            for pk, code, title in plan.elements.order_by("position", "code").values_list(
                "pk", "code", "title"
            )
            if pk not in below
        ]
        self.fields["level"].choices = [(word, word) for word in LEVEL_NAMES.values()]
        self.fields["status"].choices = [("", _("no status"))] + [
            (s.name, s.name) for s in statuses_for(plan.owner)
        ]
        members = get_user_model().objects.filter(organisation=plan.owner, is_active=True).order_by("email")
        self.fields["owner"].choices = [("", _("nobody"))] + [(u.email, u.email) for u in members]
        self.fields["themes"].choices = [(t.slug, t.name) for t in Theme.objects.order_by("name")]
        if element is not None:
            self.fields["code"].disabled = True

    def cells(self) -> dict[str, str]:
        """The values as a file's row holds them, for services.element_save."""
        data = self.cleaned_data
        cells = {
            name: str(data.get(name) or "") for name in self.fields if name not in ("themes", "start", "end")
        }
        cells["priority"] = "ja" if data["priority"] else "nee"
        cells["public"] = "ja" if data["public"] else "nee"
        cells["start"] = data["start"].isoformat() if data["start"] else ""
        cells["end"] = data["end"].isoformat() if data["end"] else ""
        cells["themes"] = ";".join(data["themes"])
        return cells


def _descendants(element) -> set[int]:
    """The element and everything under it: never a parent of itself (no loop)."""
    from stadskennis.plans.models import PlanElement

    found, todo = {element.pk}, [element.pk]
    while todo:
        children = list(PlanElement.objects.filter(parent_id__in=todo).values_list("pk", flat=True))
        todo = [pk for pk in children if pk not in found]
        found.update(todo)
    return found
