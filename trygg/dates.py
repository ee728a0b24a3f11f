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


def unambiguous_local(moment):
    """``moment`` in local time, or the first later whole hour whose wall-clock time names one moment only.

    Forms show local times without an offset: on the night the clocks go back, 02:30 names two
    moments and Django refuses it as ambiguous. A default a form proposes must survive being sent
    back, so it skips that hour.
    """
    from datetime import timedelta

    from django.utils import timezone

    zone = timezone.get_current_timezone()
    candidate = timezone.localtime(moment, zone)
    for _hour in range(3):
        wall = candidate.replace(tzinfo=None)
        if wall.replace(fold=0, tzinfo=zone).utcoffset() == wall.replace(fold=1, tzinfo=zone).utcoffset():
            return candidate
        candidate = timezone.localtime(candidate + timedelta(hours=1), zone).replace(minute=0, second=0, microsecond=0)
    return candidate
