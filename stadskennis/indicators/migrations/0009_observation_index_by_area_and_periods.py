"""The observations' one index by (indicator, area, period), and the periods each indicator has.

The unique cell was indexed by period first (0006), so that a period's figures of every municipality
were one range for summing a region. The regions' sums are kept now (AreaSum, 0008) and what pages
read is the series of a few areas: by area first, that is a short range per area, where by period it
was a scan of every municipality's entries. As in 0006 the database builds it (covering on
PostgreSQL) and Django's state holds a plain unique constraint. `IndicatorPeriod` holds the periods an
indicator has figures in, written with its sums (area_sums.py): with the period no longer in front in
the index, finding them would otherwise read every observation of the indicator. It starts empty, as
AreaSum does: every import fills both for its indicators, and `stadskennis refresh-area-sums` (or
`load-reference`) for all of them, once after upgrading; until then pages sum while they read.
"""

import django.db.models.deletion
from django.db import migrations, models

NAME = "one_observation_per_cell"


def _rebuild(schema_editor, apps, columns: str) -> None:
    table = schema_editor.quote_name(apps.get_model("indicators", "Observation")._meta.db_table)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {NAME}")
        schema_editor.execute(
            f"ALTER TABLE {table} ADD CONSTRAINT {NAME} UNIQUE ({columns}) "
            "INCLUDE (period_start, value, status, confidentiality)"
        )
    else:
        schema_editor.execute(f"DROP INDEX {NAME}")
        schema_editor.execute(f"CREATE UNIQUE INDEX {NAME} ON {table} ({columns})")


def by_area(apps, schema_editor):
    _rebuild(schema_editor, apps, "indicator_id, area_id, period")


def by_period(apps, schema_editor):
    _rebuild(schema_editor, apps, "indicator_id, period, area_id")


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0008_area_sums"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveConstraint(model_name="observation", name=NAME),
                migrations.AddConstraint(
                    model_name="observation",
                    constraint=models.UniqueConstraint(fields=("indicator", "area", "period"), name=NAME),
                ),
            ],
            database_operations=[migrations.RunPython(by_area, by_period)],
        ),
        migrations.CreateModel(
            name="IndicatorPeriod",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("period", models.CharField(max_length=10)),
                ("period_start", models.DateField()),
                (
                    "indicator",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="indicators.indicator",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("indicator", "period"), name="one_indicator_period")
                ],
            },
        ),
    ]
