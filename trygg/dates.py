"""Calendar arithmetic shared by the apps: whole months, clamped to the end of a shorter month."""

import calendar


def add_months(value, months):
    """The same day (and time, for a datetime) ``months`` calendar months later; earlier when negative.

    A day the target month does not have becomes its last day: 31 March minus one month is
    28 (or 29) February. Works for dates and aware or naive datetimes alike.
    """
    month_index = value.year * 12 + value.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    return value.replace(year=year, month=month, day=min(value.day, calendar.monthrange(year, month)[1]))


def demo_moment():
    """The moment demo data is built around: the start of today, local time.

    Demo rows are placed relative to it, so seeding twice on the same day (with the same
    random seed) gives the same data, and nothing lies later today than the seeding.
    """
    from datetime import datetime, time

    from django.utils import timezone

    return timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
