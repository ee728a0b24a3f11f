"""Test images made on the fly: a JPEG with GPS EXIF, and files that lie about their type."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

GPS_IFD = 0x8825


def jpeg_with_gps(name="photo.jpg", size=(64, 48)):
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0xA431] = "SERIAL-123456"  # BodySerialNumber
    exif[GPS_IFD] = {1: "N", 2: (57.0, 59.0, 16.0), 3: "E", 4: (11.0, 32.0, 52.0)}
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, output.getvalue(), content_type="image/jpeg")


def fake_image(name="evil.jpg"):
    return SimpleUploadedFile(name, b"<?php echo 'not an image'; ?>", content_type="image/jpeg")
