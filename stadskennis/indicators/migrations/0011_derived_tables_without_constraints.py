# The derived tables (AreaSum, IndicatorPeriod) lose their foreign-key constraints and their own indexes (decision 0012, "Lighter imports").

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0010_lighter_import_writes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="areasum",
            name="area",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="indicators.area",
            ),
        ),
        migrations.AlterField(
            model_name="areasum",
            name="indicator",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="indicators.indicator",
            ),
        ),
        migrations.AlterField(
            model_name="indicatorperiod",
            name="indicator",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="indicators.indicator",
            ),
        ),
    ]
