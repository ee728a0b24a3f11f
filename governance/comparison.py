"""Comparing a period's counts with the period before and a year earlier, honestly.

- A change is a percentage only from a base of at least ``SMALL_BASE`` reports: 14 after 1 is
  "+13", not "+1300 %". Below the base the change is the difference in numbers.
- A year (or any period of a year or more) is not compared "a year earlier": that period is the
  previous one, or overlaps the period itself. ``Period.year_comparison()`` is then None.
- A comparison period the data does not fully cover is said: the portal holds each source's
  reports only since its first one (police events are imported only since the import began).
  ``coverage_notes`` names each comparison period that lies (partly) before a source's first day.
"""

from governance.indicators import change_percent

# Below this many reports in the base period a change is shown as a number, not in percent.
SMALL_BASE = 20


def _counted(value):
    return isinstance(value, int) and not isinstance(value, bool)


def change_between(now, base):
    """(percent, difference): the percentage from a base of SMALL_BASE or more, else the difference."""
    if not _counted(now) or not _counted(base):
        return None, None
    if base >= SMALL_BASE:
        return change_percent(now, base), None
    return None, now - base


def comparison(now, before, year_ago=None):
    """The counts of a row with its changes; `year_ago` None: no year comparison. Hidden counts give no change."""
    change, difference = change_between(now, before)
    change_year, difference_year = change_between(now, year_ago)
    return {
        "now": now, "before": before, "year_ago": year_ago,
        "change": change, "difference": difference,
        "change_year": change_year, "difference_year": difference_year,
        "new": before == 0 and _counted(now) and now != 0,
        "new_year": year_ago == 0 and _counted(now) and now != 0,
    }


def coverage_notes(period, compared, first_days, labels):
    """Notes on comparison periods the data covers less than the period itself.

    `compared`: {"previous": Period, "year_before": Period or None}; `first_days`: {source: first day
    with a report}; `labels`: {source: label}. A note says since when (``since``) and whether the
    comparison period has no such data at all (``missing``) or only part of it. ``source`` "" is
    the portal as a whole (no report of any source before ``since``).
    """
    notes = []
    if not first_days:
        return notes
    first = min(first_days.values())
    for name, other in compared.items():
        if other is None:
            continue
        if first > other.start:
            notes.append({"source": "", "label": "", "since": first.isoformat(), "compared": name,
                          "missing": first > other.end})
            continue
        for source, since in sorted(first_days.items(), key=lambda item: item[1]):
            if other.start < since <= period.end:
                notes.append({"source": source, "label": str(labels.get(source, source)),
                              "since": since.isoformat(), "compared": name, "missing": since > other.end})
    return notes
