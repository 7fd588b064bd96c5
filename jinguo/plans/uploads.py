"""Checks on files attached to updates: photos must be real images, nothing over the size cap."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif")
DOCUMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".txt")


def _max_bytes() -> int:
    return getattr(settings, "JINGUO_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)


def validate_upload(upload: UploadedFile) -> bool:
    """Return whether the file is a photo; refuse oversize files and images that do not decode."""
    limit = _max_bytes()
    if (upload.size or 0) > limit:
        raise ValidationError(
            {"files": _("“%(name)s” is larger than %(limit)d MB.") % {"name": upload.name, "limit": limit // 2**20}}
        )
    name = (upload.name or "").lower()
    if upload.content_type in PHOTO_TYPES or name.endswith((".jpg", ".jpeg", ".png", ".webp", ".gif")):
        try:
            with Image.open(upload) as image:
                image.verify()
        except (UnidentifiedImageError, OSError) as exc:
            raise ValidationError({"files": _("“%(name)s” is not a readable image.") % {"name": upload.name}}) from exc
        finally:
            upload.seek(0)
        return True
    if name.endswith(DOCUMENT_SUFFIXES):
        return False
    raise ValidationError(
        {"files": _("“%(name)s”: attach photos or PDF, Word, Excel or text files.") % {"name": upload.name}}
    )
