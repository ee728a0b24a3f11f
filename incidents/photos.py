"""Photos from residents: real images only, re-encoded without any metadata.

Re-encoding from the decoded pixels drops every metadata block (EXIF with GPS
position and camera serial, XMP, IPTC, ICC comments); the file name and the
declared content type are never trusted.

Checks come in two steps. The form reads only the file's header (size in
bytes, format, width × height) and refuses too many pixels before anything is
decoded; the pixels are decoded when the photo is stored, which happens after
the sender has passed the rate limit, so a flood of large photos costs the
server no decoding.
"""

import io
import logging
import uuid
import warnings
from contextlib import contextmanager
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTOS = 3
MAX_PIXELS = 40_000_000  # refuse decompression bombs well before they hurt
STORED_MAX_SIDE = 2048
THUMBNAIL_SIDE = 320
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}

logger = logging.getLogger(__name__)


NOT_A_PHOTO = _("The file is not a photo (JPEG, PNG, WebP or GIF).")


@contextmanager
def photo_errors():
    """Pillow's errors as the form's: a bomb is too many pixels, anything else is not a photo."""
    try:
        with warnings.catch_warnings():
            # Pillow only warns below twice its own limit; here an image that large is refused too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):  # Pillow's own bomb check
        raise ValidationError(_("The photo has too many pixels."), code="too_many_pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(NOT_A_PHOTO, code="not_image") from None


def check_photo_header(upload):
    """Size, format and pixel count from the file's header only: nothing is decoded."""
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(_("The photo is larger than 10 MB."), code="too_large")
    with photo_errors():
        upload.seek(0)
        with Image.open(upload) as probe:  # reads the header, not the pixels
            if probe.format not in ALLOWED_FORMATS:
                raise ValidationError(NOT_A_PHOTO, code="not_image")
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("The photo has too many pixels."), code="too_many_pixels")
    upload.seek(0)


def validate_photo(upload):
    """Check the header, then decode the pixels; return the loaded image."""
    check_photo_header(upload)
    with photo_errors():
        image = Image.open(upload)
        image.load()
    return image


def clean_copy(image, max_side):
    """Pixels only: orientation applied, converted to RGB, no metadata, as JPEG bytes."""
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, "white")
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    image = image.convert("RGB")
    image.thumbnail((max_side, max_side))
    pixels_only = Image.new("RGB", image.size)
    pixels_only.paste(image)
    output = io.BytesIO()
    pixels_only.save(output, format="JPEG", quality=85, optimize=True)
    return output.getvalue()


def save_photo(report, upload, stored_files=None):
    """Store an upload for a report: decoded here (ValidationError if it cannot be), the cleaned image and its
    thumbnail.

    Each file written is added to ``stored_files`` (a list of field files), so
    that files_removed_on_failure can delete them if the transaction fails.
    """
    from incidents.models import ReportPhoto

    image = validate_photo(upload)
    name = f"{uuid.uuid4().hex}.jpg"
    photo = ReportPhoto(report=report)
    for field_file, max_side in ((photo.image, STORED_MAX_SIDE), (photo.thumbnail, THUMBNAIL_SIDE)):
        field_file.save(name, ContentFile(clean_copy(image, max_side), name=name), save=False)
        if stored_files is not None:
            stored_files.append((field_file.storage, field_file.name))
    photo.save()
    return photo


def keep_photo(upload, browser):
    """Keep an upload of a form that came back with errors, for this browser: a PendingPhoto.

    Decoded here (ValidationError if it cannot be) and stored cleaned like a report photo.
    """
    from incidents.models import PendingPhoto

    image = validate_photo(upload)
    name = f"{uuid.uuid4().hex}.jpg"
    original_name = PurePath(str(upload.name or "").replace("\\", "/")).name[-100:] or name
    pending = PendingPhoto(browser=PendingPhoto.browser_key(browser), original_name=original_name)
    pending.image.save(name, ContentFile(clean_copy(image, STORED_MAX_SIDE), name=name), save=False)
    pending.save()
    return pending


def pending_upload(pending):
    """A kept photo as an upload again, to be attached with save_photo like a newly chosen one."""
    with pending.image.open("rb") as stored:
        return SimpleUploadedFile(pending.original_name, stored.read(), content_type="image/jpeg")


@contextmanager
def files_removed_on_failure(stored_files):
    """Delete the files listed in ``stored_files`` (storage, name) if the block raises.

    Wrapped around a transaction, nothing of a failed submission is left
    behind: the rows are rolled back and the photo files are removed. Entered
    before transaction.atomic(), it also sees a commit that fails.
    """
    try:
        yield stored_files
    except BaseException:
        for storage, name in stored_files:
            try:
                storage.delete(name)
            except Exception:  # keep cleaning up; the original error is the one to raise
                logger.exception("A photo file of a failed submission could not be removed.")
        raise


def delete_files_on_commit(photo):
    """Delete a photo's files once the deletion of its row has committed (never if it is rolled back).

    Connected to the post_delete of ReportPhoto and PendingPhoto: a deleted
    report, a retention run and a deleted account all take the files with the rows.
    """
    field_files = [getattr(photo, field.name) for field in photo._meta.concrete_fields if isinstance(field, models.FileField)]
    stored = [(field_file.storage, field_file.name) for field_file in field_files if field_file]

    def delete():
        for storage, name in stored:
            try:
                storage.delete(name)
            except Exception:  # one file that cannot go must not keep the others
                logger.exception("A photo file could not be deleted.")

    transaction.on_commit(delete, robust=True)
