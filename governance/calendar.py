"""iCalendar (RFC 5545) text for meetings, for Outlook and phones.

Written by hand: CRLF line endings, lines folded at 75 octets, TEXT values
escaped, times in UTC.
"""

from datetime import UTC

from django.urls import reverse
from django.utils import timezone

from trygg.mail import absolute_url

PRODID = "-//Trygg pa Tjorn//Meetings//SV"


def escape(text):
    """Escape a TEXT value: backslash, semicolon, comma and newlines."""
    return (
        str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line):
    """Fold a content line into chunks of at most 75 octets, never splitting a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current, limit = [], b"", 75
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > limit:
            parts.append(current.decode("utf-8"))
            current, limit = b"", 74  # continuation lines start with a space
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def utc(moment):
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def event_lines(meeting, stamp):
    titles = [f"{number}. {item.title}" for number, item in enumerate(meeting.agenda_items.all(), start=1)]
    location = ", ".join(part for part in (meeting.place, meeting.video_link) if part)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{meeting.uid}",
        f"DTSTAMP:{utc(stamp)}",
        f"DTSTART:{utc(meeting.starts_at)}",
        f"DTEND:{utc(meeting.ends_at)}",
        f"SUMMARY:{escape(meeting.title)} ({escape(meeting.group.name)})",
    ]
    if location:
        lines.append(f"LOCATION:{escape(location)}")
    lines.append(f"URL:{absolute_url(reverse('governance:meeting_detail', args=[meeting.pk]))}")
    if titles:
        lines.append(f"DESCRIPTION:{escape(chr(10).join(titles))}")
    lines += [f"SEQUENCE:{meeting.version}", "END:VEVENT"]
    return lines


def calendar(meetings, name, refresh_hours=None):
    """The calendar text; ``refresh_hours`` tells a subscribing app (Outlook, a phone) how often to fetch it again."""
    stamp = timezone.now()
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    lines.append(f"X-WR-CALNAME:{escape(name)}")
    if refresh_hours:
        lines += [f"REFRESH-INTERVAL;VALUE=DURATION:PT{refresh_hours}H", f"X-PUBLISHED-TTL:PT{refresh_hours}H"]
    for meeting in meetings:
        lines += event_lines(meeting, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
