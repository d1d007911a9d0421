"""Every change to budget, actuals, work programme and accounts is audited with what it was, and can
be turned back (and the turning back too)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from stadskennis.core.models import AuditEntry, Organisation
from stadskennis.core.reference import reference_load
from stadskennis.programmes.models import BudgetLine, LedgerEntry
from stadskennis.programmes.services import change_revert, record_delete, record_save

pytestmark = pytest.mark.django_db


def last_change(obj) -> AuditEntry:
    return AuditEntry.objects.filter(object_id=str(obj.pk), content_type__model=obj._meta.model_name).latest(
        "pk"
    )


@pytest.fixture
def fee(cast):
    reference_load()
    gent = Organisation.objects.get(slug="gent")
    return record_save(
        obj=BudgetLine(),
        values={"year": 2019, "kind": "fee", "organisation": gent, "amount_cents": 2_400_000},
        actor=cast["editor"],
    )


def test_a_change_is_audited_with_before_and_after_and_turned_back(fee, cast):
    record_save(
        obj=fee, values={"amount_cents": 2_500_000, "due_on": date(2019, 3, 31)}, actor=cast["editor"]
    )
    change = last_change(fee)
    assert change.action == "update"
    assert change.changes == {"amount_cents": [2_400_000, 2_500_000], "due_on": [None, "2019-03-31"]}
    change_revert(entry=change, actor=cast["administrator"])
    fee.refresh_from_db()
    assert (fee.amount_cents, fee.due_on) == (2_400_000, None)
    change_revert(entry=last_change(fee), actor=cast["editor"])  # the turning back, turned back
    fee.refresh_from_db()
    assert (fee.amount_cents, fee.due_on) == (2_500_000, date(2019, 3, 31))


def test_a_change_overtaken_by_a_later_one_is_not_turned_back_silently(fee, cast):
    record_save(obj=fee, values={"amount_cents": 1}, actor=cast["editor"])
    first = last_change(fee)
    record_save(obj=fee, values={"amount_cents": 2}, actor=cast["editor"])
    with pytest.raises(ValidationError):
        change_revert(entry=first, actor=cast["editor"])
    fee.refresh_from_db()
    assert fee.amount_cents == 2


def test_a_creation_turned_back_goes_to_the_trash_and_a_deletion_comes_back(fee, cast):
    created = AuditEntry.objects.get(object_id=str(fee.pk), action="create", content_type__model="budgetline")
    change_revert(entry=created, actor=cast["editor"])
    assert not BudgetLine.objects.alive().filter(pk=fee.pk).exists()
    change_revert(entry=last_change(fee), actor=cast["editor"])
    assert BudgetLine.objects.alive().filter(pk=fee.pk).exists()


def test_a_deleted_entry_cannot_come_back_when_the_same_entry_was_booked_again(cast):
    reference_load()
    values = {
        "year": 2019,
        "booked_on": date(2019, 5, 1),
        "account_code": "6100",
        "description": "Drukwerk",
        "amount_cents": 9900,
        "cost_centre": "KP",
        "kind": "operating",
    }
    first = record_save(obj=LedgerEntry(), values=values, actor=cast["editor"])
    with pytest.raises(ValidationError):
        record_save(obj=LedgerEntry(), values=values, actor=cast["editor"])  # a duplicate by hand
    record_delete(obj=first, actor=cast["editor"])
    record_save(obj=LedgerEntry(), values=values, actor=cast["editor"])
    with pytest.raises(ValidationError):
        change_revert(entry=last_change(first), actor=cast["editor"])
    assert LedgerEntry.objects.alive().count() == 1


def test_a_fee_without_a_member_is_refused_by_the_database_rules(cast):
    reference_load()
    with pytest.raises(ValidationError):
        record_save(
            obj=BudgetLine(), values={"year": 2019, "kind": "fee", "amount_cents": 5}, actor=cast["editor"]
        )
    assert BudgetLine.objects.count() == 0
