"""The forms of a dashboard: its details, and a tile to add. Choices are limited to what the editor
may use (the indicators they may see, the visibilities core.visibility offers them)."""

from __future__ import annotations

import re

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from stadskennis.core.models import Theme
from stadskennis.core.visibility import Visibility, owned_visibilities_for
from stadskennis.dashboards.models import Tile
from stadskennis.indicators.models import Indicator
from stadskennis.indicators.periods import PeriodError, period_start
from stadskennis.indicators.profile import municipality_named


class MunicipalityField(forms.CharField):
    """A municipality by its NIS code or name (gent, 44021); empty is none."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 80)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value).strip()
        if not text:
            return None
        area = municipality_named(text if text.isdigit() else slugify(text))
        if area is None:
            raise forms.ValidationError(_("No municipality has this NIS code or name."), code="unknown")
        return area


class DashboardForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    description = forms.CharField(label=_("description"), widget=forms.Textarea(attrs={"rows": 3}),
                                  required=False, max_length=2000)  # fmt: skip
    themes = forms.ModelMultipleChoiceField(
        label=_("themes"), queryset=Theme.objects.order_by("name"), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    area = MunicipalityField(
        label=_("municipality"),
        help_text=_("NIS code or name of the city this dashboard is about; empty: each visitor chooses one."),
    )
    visibility = forms.ChoiceField(label=_("visibility"), widget=forms.RadioSelect)

    def __init__(self, *args, user, dashboard=None, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = owned_visibilities_for(user, dashboard)
        self.fields["visibility"].choices = [(v, label) for v, label in Visibility.choices if v in allowed]
        self.fields["visibility"].initial = allowed[0]


# A period as the imports write one, in ASCII digits only (\d alone also takes "９９９９").
PERIOD = re.compile(r"\d{4}(-Q[1-4]|-\d{2}(-\d{2})?)?", re.ASCII)


def indicators_by_theme(indicators) -> list[tuple[str, list[tuple[str, str]]]]:
    """The indicators as <optgroup>s per theme (by name; one on several themes under its first, those
    on none under "Other themes" last), so that a list of thousands can be scanned and typed through.
    The searchable `core.widgets.Picker` chooses many (checkboxes), not one."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for indicator in indicators.prefetch_related("themes"):
        themes = sorted(t.name for t in indicator.themes.all())
        groups.setdefault(themes[0] if themes else "", []).append((indicator.code, indicator.name))
    other = str(_("Other themes"))
    return sorted(((name or other, found) for name, found in groups.items()),
                  key=lambda g: (g[0] == other, g[0]))  # fmt: skip


class TileForm(forms.Form):
    prefix = "tegel"  # the compose page also holds the details form, whose fields share some names

    indicator = forms.ModelChoiceField(
        label=_("indicator"), queryset=Indicator.objects.none(), to_field_name="code"
    )
    kind = forms.ChoiceField(label=_("kind of tile"), choices=Tile.Kind.choices, initial=Tile.Kind.FIGURE,
                             widget=forms.RadioSelect)  # fmt: skip
    period = forms.CharField(
        label=_("period"), max_length=16, required=False,
        help_text=_("For a figure or a map, e.g. 2022; empty: the latest period with figures."),
    )  # fmt: skip
    area = MunicipalityField(
        label=_("municipality"),
        help_text=_("For a figure: NIS code or name of another city than the dashboard's; usually empty."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["indicator"]
        # A new tile takes a current indicator; an existing tile of a retired one keeps showing (tiles.py).
        field.queryset = Indicator.objects.visible_to(user).current().order_by("name")
        field.choices = [("", field.empty_label), *indicators_by_theme(field.queryset)]

    def clean(self):
        data = super().clean()
        period, indicator = data.get("period", "").strip(), data.get("indicator")
        if period and not PERIOD.fullmatch(period):
            self.add_error("period", _("Write the period in plain digits, e.g. 2022, 2022-Q1 or 2022-01."))
        elif period and indicator is not None:
            try:
                period_start(period, indicator.periodicity)
            except PeriodError as error:
                self.add_error("period", str(error))
        data["period"] = period
        return data
