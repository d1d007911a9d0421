"""Reads of core data."""

from __future__ import annotations

from django.apps import apps

from stadskennis.core.models import AuditEntry, Content, Organisation, Theme
from stadskennis.core.visibility import visible_filter


def content_models() -> list[type[Content]]:
    """Every concrete model built on Content: what the trash and the backup have to cover."""
    return [m for m in apps.get_models() if issubclass(m, Content)]


def trash_list(*, user) -> list[Content]:
    """What centre staff may restore: everything deleted but what is closed to a group they are not in."""
    rows: list[Content] = []
    for model in content_models():
        rows.extend(
            model.objects.deleted().filter(visible_filter(user, model=model)).select_related("deleted_by")
        )
    return sorted(rows, key=lambda obj: obj.deleted_at, reverse=True)


def trash_get(*, model_label: str, pk: int, user) -> Content:
    """A deleted object; LookupError for anything else (unknown model, live object, no such row)."""
    model = apps.get_model(model_label)
    if not issubclass(model, Content):
        raise LookupError(model_label)
    try:
        return model.objects.deleted().filter(visible_filter(user, model=model)).get(pk=pk)
    except model.DoesNotExist as exc:
        raise LookupError(f"{model_label} {pk} is not in the trash") from exc


def audit_list():
    return AuditEntry.objects.select_related("actor", "content_type")


def member_organisations():
    """The centre's members: the centre cities and the VGC."""
    return Organisation.objects.filter(
        kind__in=[Organisation.Kind.CENTRE_CITY, Organisation.Kind.VGC]
    ).prefetch_related("codes")


def theme_list():
    return Theme.objects.all()
