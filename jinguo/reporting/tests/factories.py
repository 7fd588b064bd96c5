"""Report definitions and photos for the reporting tests (unit, page and browser tests alike)."""

import datetime
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from jinguo.org.models import UnitLevel
from jinguo.reporting.models import (
    Comparison,
    FieldRule,
    FieldType,
    ReportDefinition,
    ReportField,
    ReportTarget,
)
from jinguo.reporting.periods import DueRule, Frequency


def monthly_report(world: Any) -> ReportDefinition:
    """Seed 000: every county federation and every city department reports last month's work on the
    1st, Oct 2012 – Aug 2013; placed ≤ trained."""
    city = world.unit("泉州市妇联")
    definition = ReportDefinition.objects.create(
        owner=city,
        name="“争六好、创特色”活动月报",
        frequency=Frequency.MONTHLY,
        first_day=datetime.date(2012, 10, 1),
        last_day=datetime.date(2013, 8, 31),
        due_rule=DueRule.DAY_OF_NEXT_MONTH,
        due_value=1,
        grace_days=2,
    )
    ReportTarget.objects.create(definition=definition, unit=city, below=True, level=UnitLevel.COUNTY)
    ReportTarget.objects.create(definition=definition, unit=city, departments=True)
    people = {"type": FieldType.INTEGER, "min_value": 0, "unit_label": "人"}
    ReportField.objects.bulk_create(
        [
            ReportField(
                definition=definition, key="summary", label="本月工作", type=FieldType.LONG_TEXT, required=True
            ),
            ReportField(definition=definition, key="trained", label="培训人数", sort_order=1, **people),
            ReportField(definition=definition, key="placed", label="就业人数", sort_order=2, **people),
            ReportField(
                definition=definition,
                key="photos",
                label="活动照片",
                type=FieldType.PHOTOS,
                required=True,
                sort_order=3,
            ),
        ]
    )
    placed = ReportField.objects.get(definition=definition, key="placed")
    trained = ReportField.objects.get(definition=definition, key="trained")
    FieldRule.objects.create(definition=definition, left=placed, comparison=Comparison.LE, right=trained)
    return definition


def jpeg(
    width: int = 64, height: int = 48, *, orientation: int | None = None, name: str = "p.jpg"
) -> SimpleUploadedFile:
    """A JPEG as a phone sends it, with an EXIF orientation when asked."""
    image = Image.new("RGB", (width, height), (179, 36, 46))
    buffer = io.BytesIO()
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
