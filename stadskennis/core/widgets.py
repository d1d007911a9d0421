"""The widgets every form uses: dates as the browser's date fields read and send them, and the picker
that replaces the ctrl-click `<select multiple>`.

A date field (`<input type="date">`) shows and submits only ISO values (`2026-12-15`); Django would
render the Dutch `15-12-2026`, which the browser shows empty and posts back empty, erasing the date on
every re-save. Dates here are chosen, not typed from memory (a deadline, a due date), so the browser's
own date field fits better than the three-field input GOV.UK and NL Design System use for known dates.
"""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stadskennis.core.ids import parse_ids

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME = "%Y-%m-%dT%H:%M"


class IsoDateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_DATE)


class IsoDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_DATETIME)


# A picker over the Netwerk's people: what its search looks in, and how a person is named in the list
# (with the organisation, to tell namesakes apart).
PEOPLE_SEARCH = ("first_name", "last_name", "function", "organisation__name", "organisation__short_name")


def person_label(person) -> str:
    return f"{person.full_name} ({person.organisation.display_name})"


class Picker(forms.CheckboxSelectMultiple):
    """Checkboxes in a scrolling fieldset (the field's label is its legend) with a filter box.

    A short list is rendered whole; the filter box appears with JavaScript (static/js/picker.js) and
    narrows it as you type. A list of more than `limit` model choices (items among thousands, people
    among hundreds) shows the chosen ones and the first `limit` others, with a search box and button
    that work without JavaScript: the form is posted, nothing is saved, and the list comes back
    narrowed to what matches `search_fields`, the choices made so far kept (`core.forms.PickerFormMixin`).
    With JavaScript the same search runs as you type.
    """

    template_name = "core/widgets/picker.html"

    def __init__(self, attrs=None, choices=(), *, search_fields=(), limit: int = 50):
        super().__init__(attrs, choices)
        self.search_fields = tuple(search_fields)
        self.limit = limit
        self.query = ""  # what was typed in the search box (set by PickerFormMixin)
        self.searched = False  # this picker's search was the submitted one: the box gets the focus

    def get_context(self, name, value, attrs):
        narrowed = self.narrowed(self.format_value(value))
        if narrowed is None:
            context = super().get_context(name, value, attrs)
            context["widget"].update(server_search=False, status="")
            return context
        choices, status = narrowed
        everything, self.choices = self.choices, choices
        try:
            context = super().get_context(name, value, attrs)
        finally:
            self.choices = everything
        context["widget"].update(server_search=True, status=status, query=self.query, searched=self.searched)
        return context

    def narrowed(self, selected: list[str]):
        """(choices, status) for a long list of model choices; None when the list is shown whole."""
        iterator = self.choices
        if not isinstance(iterator, ModelChoiceIterator) or not self.search_fields:
            return None
        queryset = iterator.queryset
        total = queryset.count()
        if total <= self.limit:
            return None
        keys = parse_ids(selected)  # a tampered value is not a key
        chosen = list(queryset.filter(pk__in=keys))
        matches = queryset.filter(self.search_rule(self.query)) if self.query else queryset
        others = list(matches.exclude(pk__in=keys)[: self.limit + 1])
        more, others = len(others) > self.limit, others[: self.limit]
        field = iterator.field
        choices = [
            (ModelChoiceIteratorValue(field.prepare_value(obj), obj), field.label_from_instance(obj))
            for obj in chosen + others
        ]
        if self.query:
            found = matches.count()
            status = ngettext(
                "%(count)s found for “%(query)s”.", "%(count)s found for “%(query)s”.", found
            ) % {"count": found, "query": self.query}
            if more:
                status += " " + _("Showing the first %(shown)s; search more precisely.") % {
                    "shown": len(others)
                }
        else:
            status = _("Showing %(shown)s of %(total)s. Search to find the others.") % {
                "shown": len(others),
                "total": total,
            }
        return choices, status

    def search_rule(self, query: str) -> Q:
        """Every word must occur in one of the search fields."""
        rule = Q()
        for word in query.split()[:8]:
            rule &= Q.create([(f"{name}__icontains", word) for name in self.search_fields], connector=Q.OR)
        return rule
