"""Photos from phones: refuse what is not an image, too large or a decompression bomb; turn them
upright (EXIF orientation), re-encode as JPEG without their metadata (no GPS position kept) and
make a thumbnail."""

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PIXELS = 40_000_000  # a 48 MP phone sensor saves 12 MP by default; anything far above is suspect
LONG_EDGE = 2560  # stored photos are scaled down to this
THUMB_EDGE = 480
JPEG_QUALITY = 85


@dataclass(frozen=True)
class Photo:
    image: bytes
    thumbnail: bytes
    width: int
    height: int


def max_photo_bytes() -> int:
    return int(getattr(settings, "JINGUO_PHOTO_MAX_BYTES", 10 * 1024 * 1024))


def process_photo(upload: UploadedFile) -> Photo:
    """The upright, re-encoded photo and its thumbnail; ValidationError with a message otherwise."""
    limit = max_photo_bytes()
    if (upload.size or 0) > limit:
        raise ValidationError(
            _("“%(name)s” is larger than %(limit)d MB.") % {"name": upload.name, "limit": limit // 2**20}
        )
    too_many = ValidationError(_("“%(name)s” has too many pixels.") % {"name": upload.name})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as opened:
                if opened.width * opened.height > MAX_PIXELS:
                    raise too_many
                image = ImageOps.exif_transpose(opened).convert("RGB")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise too_many from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(_("“%(name)s” is not a readable image.") % {"name": upload.name}) from exc
    finally:
        upload.seek(0)
    image.thumbnail((LONG_EDGE, LONG_EDGE))
    thumbnail = image.copy()
    thumbnail.thumbnail((THUMB_EDGE, THUMB_EDGE))
    return Photo(_jpeg(image), _jpeg(thumbnail), image.width, image.height)


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return buffer.getvalue()
