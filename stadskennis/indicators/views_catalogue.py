"""Centre staff manage the catalogue: a new indicator (/cijfers/nieuw/) and an indicator's edit page
(/cijfers/<code>/bewerken/).

The form checks what `import-indicators` checks (`catalogue_rules.py`); the write goes through
`services.indicator_save`, so it is audited, reaches the search and records a changed definition
from the date the editor gives. The code is chosen once: renaming an indicator keeps its address.
The edit page also retires the indicator, or makes it current again (/cijfers/<code>/stopzetten/,
`services.indicator_retirement_set`).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stadskennis.core.visibility import staff_required
from stadskennis.indicators.forms import IndicatorForm, RetireForm
from stadskennis.indicators.models import Indicator
from stadskennis.indicators.services import IndicatorChanged, indicator_retirement_set, indicator_save


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
    return _edit_page(request, indicator, form)


def _edit_page(request, indicator: Indicator, form: IndicatorForm, retire_form: RetireForm | None = None,
               *, status: int = 200):  # fmt: skip
    definitions = indicator.definitions.order_by("valid_from")
    return render(
        request,
        "indicators/indicator_form.html",
        {
            "form": form, "indicator": indicator, "definitions": definitions,
            "retire_form": retire_form or RetireForm(prefix="stopzetten"),
        },
        status=status,
    )  # fmt: skip


@staff_required
@require_POST
def indicator_retire(request, code: str):
    """Retire the indicator (a day and a reason) or, with `ongedaan`, make it current again: a small
    form of its own on the edit page, written through the service (audited, told to the search)."""
    indicator = get_object_or_404(Indicator, code=code)
    if request.POST.get("ongedaan"):
        if indicator_retirement_set(indicator=indicator, retired_on=None, actor=request.user):
            messages.success(request, _("The indicator is current again: it takes new figures."))
        else:
            messages.info(request, _("Nothing was changed."))
        return redirect("indicators:indicator", code=indicator.code)
    retire_form = RetireForm(request.POST, prefix="stopzetten")
    if retire_form.is_valid():
        day = retire_form.cleaned_data["retired_on"]
        try:
            indicator_retirement_set(
                indicator=indicator, retired_on=day, note=retire_form.cleaned_data["retirement_note"],
                actor=request.user,
            )  # fmt: skip
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                retire_form.add_error(name if name in retire_form.fields else None, problems)
        else:
            messages.success(
                request,
                _("The indicator was retired on %(day)s: its page and figures stay, it takes no new figures.")
                % {"day": formats.date_format(day, "j F Y")},
            )
            return redirect("indicators:indicator", code=indicator.code)
    return _edit_page(request, indicator, IndicatorForm(indicator=indicator), retire_form, status=400)
