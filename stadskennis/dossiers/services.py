"""Writes of the dossier sites outside the admin (the demo, an import): audited as the admin's are."""

from __future__ import annotations

from django.db import transaction

from stadskennis.core.models import AuditEntry
from stadskennis.core.services import audit_record
from stadskennis.dossiers.models import DossierEntry, DossierField, DossierSite


@transaction.atomic
def site_create(
    *, slug: str, title: str, introduction: str, fields: list[tuple[str, str]], actor
) -> DossierSite:
    site = DossierSite.objects.create(slug=slug, title=title, introduction=introduction)
    DossierField.objects.bulk_create(
        DossierField(site=site, key=key, label=label, position=position)
        for position, (key, label) in enumerate(fields, start=1)
    )
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=site)
    return site


@transaction.atomic
def entry_add(*, site: DossierSite, item, municipality, values: dict[str, str], actor) -> DossierEntry:
    entry = DossierEntry.objects.create(site=site, item=item, municipality=municipality, values=values)
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=site, changes={"added": str(item)})
    return entry
