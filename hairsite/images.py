"""Checking, cleaning and storing the images editors upload into Markdown."""

import io
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow's format name → the extension and type the stored file gets.
FORMATS = {
    "GIF": ("gif", "image/gif"),
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
CONTENT_TYPES = dict(FORMATS.values())
UPLOAD_DIR = "images"
# Far beyond any photo an editor needs; refuses decompression bombs early.
MAX_PIXELS = 40_000_000
ALT_TEXT_PLACEHOLDER = "DESCRIBE THIS IMAGE"
NOT_AN_IMAGE = "Upload a PNG, JPEG, WebP or GIF image. This file is none of those."


def store_image(upload: UploadedFile) -> str:
    """Store a re-encoded copy of an uploaded image and return its URL.

    The format comes from the bytes, never the name or declared type; decoding
    and re-encoding drops EXIF/GPS data and anything smuggled beside the pixels.
    """
    limit = settings.IMAGE_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(f"Images may be at most {filesizeformat(limit)}.")
    try:
        with Image.open(upload) as image:
            if image.format not in FORMATS:
                raise ValidationError(NOT_AN_IMAGE)
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(
                    "That image has too many pixels; make it smaller."
                )
            extension, _ = FORMATS[image.format]
            data = reencode(image)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError(NOT_AN_IMAGE) from error
    name = f"{UPLOAD_DIR}/{secrets.token_urlsafe(18)}.{extension}"
    return default_storage.url(default_storage.save(name, ContentFile(data)))


def reencode(image: Image.Image) -> bytes:
    """Decode every frame and write the pixels anew in the same format."""
    image_format = image.format
    animated = getattr(image, "is_animated", False)
    if not animated:
        # Turn the photo upright before the orientation tag is dropped.
        image = ImageOps.exif_transpose(image)
    output = io.BytesIO()
    options = {"save_all": True} if animated else {}
    if icc_profile := image.info.get("icc_profile"):
        options["icc_profile"] = icc_profile  # keeps the colours as they were
    image.save(output, format=image_format, **options)
    return output.getvalue()
