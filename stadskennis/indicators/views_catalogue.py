"""Centre staff manage the catalogue: a new indicator (/cijfers/nieuw/) and an indicator's edit page
(/cijfers/<code>/bewerken/).

The form checks what `import-indicators` checks (`catalogue_rules.py`); the write goes through
`services.indicator_save`, so it is audited, reaches the search and records a changed definition
from the date the editor gives. The code is chosen once: renaming an indicator keeps its address.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stadskennis.core.visibility import staff_required
from stadskennis.indicators.forms import IndicatorForm
from stadskennis.indicators.models import Indicator
from stadskennis.indicators.services import IndicatorChanged, indicator_save


def _changed_meanwhile() -> str:
    return _("Someone else saved this indicator after you opened the form, so your changes were not saved.")


def _save(request, form: IndicatorForm, *, code: str, create_only: bool = False):
    """Write through the service; a refusal there (a rule of the model, or someone else's save since the
    form was opened: `form.changed_meanwhile`) comes back on the form."""
    day = form.cleaned_data.get("valid_from") or timezone.localdate()
    form.changed_meanwhile = False
    try:
        return indicator_save(
            code=code, fields=form.catalogue_fields(), themes=list(form.cleaned_data["themes"]),
            actor=request.user, on=day, unchanged_since=form.cleaned_data.get("updated_at"),
            create_only=create_only,
        )  # fmt: skip
    except IndicatorChanged as changed:
        # The form shown again carries the new last change: saving it again is a deliberate choice.
        form.changed_meanwhile = True
        form.data = form.data.copy()
        form.data[form.add_prefix("updated_at")] = changed.updated_at.isoformat()
        form.add_error(None, _changed_meanwhile())
        return None, None
    except ValidationError as error:  # the service's transaction is rolled back: nothing written
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
        return None, None


@staff_required
@require_http_methods(["GET", "POST"])
def indicator_create(request):
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        indicator, _outcome = _save(request, form, code=form.cleaned_data["code"])
        if indicator is not None:
            messages.success(
                request, _("The indicator %(code)s was added to the catalogue.") % {"code": indicator.code}
            )
            return redirect("indicators:indicator", code=indicator.code)
    return render(request, "indicators/indicator_form.html", {"form": form})


@staff_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request, code: str):
    indicator = get_object_or_404(Indicator, code=code)
    form = IndicatorForm(request.POST or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        previous = indicator.description
        saved, outcome = _save(request, form, code=indicator.code)
        if saved is not None:
            if outcome == "unchanged":
                messages.info(request, _("Nothing was changed."))
            elif saved.description != previous:
                day = form.cleaned_data.get("valid_from") or timezone.localdate()
                messages.success(
                    request,
                    _("The changes were saved; the new definition applies from %(day)s.")
                    % {"day": formats.date_format(day, "j F Y")},
                )
            else:
                messages.success(request, _("The changes were saved."))
            return redirect("indicators:indicator", code=indicator.code)
        if getattr(form, "changed_meanwhile", False):  # show what is stored now, not the stale form
            again = _("The form now shows the current values: make your changes again.")
            messages.error(request, f"{_changed_meanwhile()} {again}")
            indicator.refresh_from_db()
            form = IndicatorForm(indicator=indicator)
    definitions = indicator.definitions.order_by("valid_from")
    return render(
        request,
        "indicators/indicator_form.html",
        {"form": form, "indicator": indicator, "definitions": definitions},
    )
