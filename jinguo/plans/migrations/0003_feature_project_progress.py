from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce


def fill_progress(apps, schema_editor):  # type: ignore[no-untyped-def]
    """The kept latest progress of existing projects, from their updates."""
    FeatureProject = apps.get_model("plans", "FeatureProject")
    ProgressUpdate = apps.get_model("plans", "ProgressUpdate")
    latest = ProgressUpdate.objects.filter(feature_project=OuterRef("pk")).order_by("-created_at", "-id")
    FeatureProject.objects.update(
        progress=Coalesce(Subquery(latest.values("percent")[:1]), 0),
        reported_at=Subquery(latest.values("created_at")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0002_branch_cycle"),
    ]

    operations = [
        migrations.AddField(
            model_name="featureproject",
            name="progress",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="progress (%)"),
        ),
        migrations.AddField(
            model_name="featureproject",
            name="reported_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="last reported at"),
        ),
        migrations.RunPython(fill_progress, migrations.RunPython.noop),
    ]
