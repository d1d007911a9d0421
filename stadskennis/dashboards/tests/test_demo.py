"""The demo dashboards `load-demo` adds: one of the centre per field of urbanity and Gent's own, made
once (a second load writes nothing), each tile working."""

from __future__ import annotations

from stadskennis.core.models import AuditEntry
from stadskennis.core.reference import reference_load
from stadskennis.dashboards.demo import demo_dashboards_load
from stadskennis.dashboards.models import Dashboard
from stadskennis.indicators.demo_catalogue import demo_indicators_load


def test_the_demo_dashboards_load_once_and_show_their_figures(client_for, cast):
    reference_load()
    demo_indicators_load()
    assert demo_dashboards_load(editor=cast["editor"]) == {"dashboards": 7}
    audit = AuditEntry.objects.count()
    assert demo_dashboards_load(editor=cast["editor"]) == {"dashboards": 0}
    assert AuditEntry.objects.count() == audit
    gent = Dashboard.objects.get(slug="gent-in-cijfers")
    assert (gent.owner.slug, gent.visibility, gent.area.name) == ("gent", "organisation", "Gent")
    assert client_for(cast["other_member"]).get(gent.get_absolute_url()).status_code == 404
    data = client_for(cast["member"]).get(gent.get_absolute_url() + "?formaat=json").json()
    assert [t["kind"] for t in data["tiles"]] == ["figure", "figure", "figure", "line", "ranking"]
    assert all(t["figures"] for t in data["tiles"])  # every tile shows figures
    assert Dashboard.objects.filter(owner__isnull=True, visibility="public").count() == 6
