"""What every form shares: labels as the interface writes them, and pickers that search without
JavaScript.

`FORM_RENDERER` points at `FormRenderer`, so every form of the project (and any new one) gets labels
with a capital and without Django's trailing colon.
"""

from __future__ import annotations

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.forms.utils import ErrorDict
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from stadskennis.core.widgets import Picker

MAX_QUERY = 100


class FieldLabel(BoundField):
    """A field whose label starts with a capital and has no colon after it ("Webadres", not "webadres:")."""

    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        self.label = capfirst(self.label)

    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None):
        return super().label_tag(contents, attrs, "" if label_suffix is None else label_suffix, tag)


class FormRenderer(DjangoTemplates):
    bound_field_class = FieldLabel


class HoneypotMixin(forms.Form):
    """For a public form: `website` is a field people never see or fill in, and bots do. The template
    draws it apart, in a block no person sees (`{{ form.website }}` inside `<div class="honeypot">`)."""

    website = forms.CharField(
        required=False, max_length=200, label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )  # fmt: skip

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != "website"]

    @property
    def filled_by_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class PickerFormMixin:
    """For a form with pickers (`core.widgets.Picker`): a search in a picker shows the form again with
    that picker's choices narrowed, and saves nothing.

    A search is the picker's own button, or new words in its search box (Enter there submits the
    form through its default button; the box's hidden twin holds the words the list already shows,
    so an unchanged box means the person meant to save).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.picker_search = None
        for name, field in self.fields.items():
            if not isinstance(field.widget, Picker):
                continue
            key = self.add_prefix(name)
            query = (self.data.get(f"{key}-zoek") or "").strip()[:MAX_QUERY]
            shown = (self.data.get(f"{key}-gezocht") or "").strip()[:MAX_QUERY]
            field.widget.query = query
            searching = self.data.get("kiezer") == key or query != shown
            if self.is_bound and searching and self.picker_search is None:
                self.picker_search = name
                field.widget.searched = True  # the page comes back with the focus in this box

    @property
    def has_pickers(self) -> bool:
        return any(isinstance(field.widget, Picker) for field in self.fields.values())

    def full_clean(self):
        if self.picker_search is not None:
            self._errors = ErrorDict()  # a search is not a submission: no errors to show yet
            self.cleaned_data = {}
            return
        super().full_clean()

    def is_valid(self) -> bool:
        return self.picker_search is None and super().is_valid()
