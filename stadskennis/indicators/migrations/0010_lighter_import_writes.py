"""Less to write per imported figure: the observations lose their index on the area alone, the staging
table its index and, on PostgreSQL, its write-ahead log.

Every read of observations names the indicator, which the unique index leads with; the area's own
index served only the check before an area is deleted, which the reference data never does. Staged
rows live inside one import's transaction: the merge reads them once, in order, and a crash loses
nothing that was committed, so they need neither an index nor the log (PostgreSQL's UNLOGGED).
"""

from django.db import migrations, models


def _area_index(schema_editor, table: str) -> str | None:
    with schema_editor.connection.cursor() as cursor:
        constraints = schema_editor.connection.introspection.get_constraints(cursor, table)
    return next(
        (
            name
            for name, c in constraints.items()
            if c["columns"] == ["area_id"] and c["index"] and not c["unique"] and not c["primary_key"]
        ),
        None,
    )


def lighter(apps, schema_editor):
    observations = apps.get_model("indicators", "Observation")._meta.db_table
    name = _area_index(schema_editor, observations)
    if name:
        schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")
    if schema_editor.connection.vendor == "postgresql":
        staged = apps.get_model("indicators", "StagedObservation")._meta.db_table
        schema_editor.execute(f"ALTER TABLE {schema_editor.quote_name(staged)} SET UNLOGGED")


def heavier(apps, schema_editor):
    table = apps.get_model("indicators", "Observation")._meta.db_table
    schema_editor.execute(
        f"CREATE INDEX indicators_observation_area_id_169da2e7 ON {schema_editor.quote_name(table)} (area_id)"
    )
    if schema_editor.connection.vendor == "postgresql":
        staged = apps.get_model("indicators", "StagedObservation")._meta.db_table
        schema_editor.execute(f"ALTER TABLE {schema_editor.quote_name(staged)} SET LOGGED")


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0009_observation_index_by_area_and_periods"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="stagedobservation", name="staged_key"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="observation",
                    name="area",
                    field=models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=models.deletion.PROTECT,
                        related_name="observations",
                        to="indicators.area",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(lighter, heavier)],
        ),
    ]
