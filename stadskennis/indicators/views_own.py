"""A city's own datasets (issue 14, point 6): a member organisation's own indicators, kept
`organisation` until it shares them, each mapped to the common indicator it measures the same way or
marked "definition differs" (/cijfers/eigen-datasets/, …/nieuw/ and …/<code>/).

The form is the editors' catalogue form (forms.IndicatorForm) narrowed to what a member may name: only
indicators they may see as a ratio's parts, a common indicator as the definition, and their own
organisation as owner. Who may manage which indicator is core.visibility's (`can_add_own_indicator`,
`managed_indicators_filter`); figures are uploaded on the editors' page, which writes only those.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from stadskennis.core.visibility import Visibility, own_indicator_required, owned_visibilities_for
from stadskennis.indicators.catalogue_rules import PARTS
from stadskennis.indicators.forms import IndicatorForm
from stadskennis.indicators.models import Indicator
from stadskennis.indicators.selectors import common_indicators, indicators_visible, own_indicators_managed
from stadskennis.indicators.views_catalogue import _save

OWN_SECTION = (gettext_lazy("Definition and sharing"), ("common_definition", "visibility"))


class OwnIndicatorForm(IndicatorForm):
    common_definition = forms.ChoiceField(
        label=gettext_lazy("Same definition as"),
        required=False,
        help_text=gettext_lazy(
            "The common indicator that measures exactly the same. Leave empty when your definition "
            "differs: the indicator is then marked \u201cdefinition differs\u201d."
        ),
    )
    visibility = forms.ChoiceField(
        label=gettext_lazy("Who sees it"),
        help_text=gettext_lazy(
            "Own organisation: only your colleagues and the centre. Share it with the network (members) "
            "or make it public once the figures are ready."
        ),
    )

    def __init__(self, *args, user, indicator: Indicator | None = None, **kwargs):
        self.user = user
        if indicator is not None:
            common = indicator.common_definition
            kwargs.setdefault("initial", {
                **self.initial_of(indicator), "visibility": indicator.visibility,
                "common_definition": common.code if common else "",
            })  # fmt: skip
        super().__init__(*args, indicator=indicator, **kwargs)
        del self.fields["is_demo"]
        self.prefix_code = f"{user.organisation.slug}-" if user.organisation_id else ""
        if "code" in self.fields:
            self.fields["code"].help_text = _(
                "Lower-case letters, digits, '-' or '_'; it starts with %(prefix)s (added when you leave it "
                "out). Web addresses, the API and imports use it, so it cannot be changed later."
            ) % {"prefix": self.prefix_code}
        sums = indicators_visible(user=user).filter(aggregation=Indicator.Aggregation.SUM)
        if indicator is not None:
            sums = sums.exclude(pk=indicator.pk)
        choices = [("", "—")] + [(i.code, f"{i.name} ({i.code})") for i in sums]
        for part in PARTS:
            self.fields[part].widget.choices = choices
        self.fields["common_definition"].choices = [("", _("none: the definition differs"))] + [
            (i.code, i.name) for i in common_indicators()
        ]
        self.fields["visibility"].choices = [
            (v, Visibility(v).label) for v in owned_visibilities_for(user) if v != Visibility.DRAFT
        ]
        self.fields["visibility"].initial = self.fields["visibility"].initial or Visibility.ORGANISATION
        if indicator is None:
            self.fields["visibility"].initial = Visibility.ORGANISATION

    @property
    def sections(self):
        yield from super().sections
        yield OWN_SECTION[0], [self[name] for name in OWN_SECTION[1]]

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if self.prefix_code and not code.startswith(self.prefix_code):
            code = self.prefix_code + code
        self.cleaned_data["code"] = code
        try:
            return super().clean_code()
        except forms.ValidationError:
            # never "already exists": another city's unshared indicator may hold it
            raise forms.ValidationError(_("This code cannot be used; choose another.")) from None

    def _visible_part(self, name: str) -> str:
        code = self.cleaned_data[name]
        if code and not indicators_visible(user=self.user).filter(code=code).exists():
            raise forms.ValidationError(_("unknown indicator '%(code)s'") % {"code": code})
        return code

    def clean_numerator(self):
        return self._visible_part("numerator")

    def clean_denominator(self):
        return self._visible_part("denominator")

    def clean_common_definition(self):
        code = self.cleaned_data["common_definition"]
        return common_indicators().get(code=code) if code else None

    def catalogue_fields(self) -> dict:
        self.cleaned_data["is_demo"] = False  # the field is the editors' only
        fields = super().catalogue_fields()
        fields["visibility"] = self.cleaned_data["visibility"]
        fields["common_definition"] = self.cleaned_data["common_definition"]
        fields["owner"] = self.indicator.owner if self.indicator is not None else self.user.organisation
        return fields


@own_indicator_required
def own_list(request):
    return render(
        request, "indicators/own_list.html", {"indicators": own_indicators_managed(user=request.user)}
    )


@own_indicator_required
@require_http_methods(["GET", "POST"])
def own_create(request):
    form = OwnIndicatorForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        # create only: a code taken since the form was checked is refused, never someone's updated
        indicator, _outcome = _save(request, form, code=form.cleaned_data["code"], create_only=True)
        if indicator is not None:
            messages.success(
                request,
                _("Your own indicator %(code)s was added; upload its figures next.")
                % {"code": indicator.code},
            )
            return redirect("indicators:indicator", code=indicator.code)
    return render(request, "indicators/indicator_form.html", {"form": form, "own": True})


@own_indicator_required
@require_http_methods(["GET", "POST"])
def own_edit(request, code: str):
    indicator = own_indicators_managed(user=request.user).filter(code=code).first()
    if indicator is None:
        raise Http404  # another city's, or the common catalogue's: not theirs to change
    form = OwnIndicatorForm(request.POST or None, user=request.user, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        saved, outcome = _save(request, form, code=indicator.code)
        if saved is not None:
            if outcome == "unchanged":
                messages.info(request, _("Nothing was changed."))
            else:
                messages.success(request, _("The changes were saved."))
            return redirect("indicators:indicator", code=indicator.code)
    definitions = indicator.definitions.order_by("valid_from")
    return render(
        request,
        "indicators/indicator_form.html",
        {"form": form, "indicator": indicator, "definitions": definitions, "own": True},
    )
