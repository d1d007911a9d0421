"""`in` on integer columns, made safe for numbers no column can hold.

Django (5.2) keeps an exact lookup with an out-of-range integer from reaching the database, but not
`__in`: on SQLite a tampered id such as 99999999999999999999 raises OverflowError inside
`ModelMultipleChoiceField`, the pickers and every `pk__in` filter, a 500 for the visitor. Such a
number matches no row, so it is left out of the list; an empty list matches nothing, as `in` does."""

from __future__ import annotations

from django.db.models import IntegerField
from django.db.models.lookups import In

LARGEST = 2**63 - 1  # SQLite's integer and PostgreSQL's bigint


class IntegerIn(In):
    def get_prep_lookup(self):
        prepared = super().get_prep_lookup()
        if self.rhs_is_direct_value():
            return [v for v in prepared if not isinstance(v, int) or -LARGEST - 1 <= v <= LARGEST]
        return prepared


def register() -> None:
    IntegerField.register_lookup(IntegerIn)
