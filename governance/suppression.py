"""The public picture's counts: small ones hidden, and no hidden one recoverable from those shown.

Primary suppression: a count of 1 or 2 is shown as ``FEW`` ("fewer than 3").

Secondary suppression: the figures hold sums. A total is the sum of its kinds and a kind of its
categories (in each compared period); the sources, the localities and the when matrix add up to
the period's total; the trend's months add up to the periods they make; the feedback topics to
the feedback total. Whoever knows these relations, and that a FEW count is 1 or 2 and a
``HIDDEN`` count at least 3, narrows every hidden count by interval propagation. While some
hidden count is then known exactly, one more count of a relation it takes part in is hidden
(the smallest non-zero shown one, a part before a total), so "17 = 6 + 6 + 3 + fewer than 3"
no longer gives the 2 away.

``apply(figures, period)`` does this once, on the finished figures of ``picture.compute``:
the computation counts exactly and never carries the hidden markers through arithmetic.
Changes and rates of hidden counts are then left out.
"""

from datetime import timedelta

from governance.comparison import comparison
from trygg.dates import add_months

# Counts from 1 to PUBLIC_MINIMUM - 1 are shown as FEW; hidden complementary counts as HIDDEN.
PUBLIC_MINIMUM = 3
FEW = "<3"
HIDDEN = "hidden"
UNBOUNDED = 10**12


class Cells:
    """The public counts of the figures, each a (container, key) slot, with the sums between them."""

    def __init__(self):
        self.slots = []
        self.ids = {}  # (id of the container, key) → cell: a slot added twice is one cell
        self.relations = []  # (total cell, [part cells], known offset): total = sum(parts) + offset

    def add(self, container, key):
        value = container.get(key) if isinstance(container, dict) else container[key]
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        slot = (id(container), key)
        if slot not in self.ids:
            self.ids[slot] = len(self.slots)
            self.slots.append((container, key))
        return self.ids[slot]

    def value(self, cell):
        container, key = self.slots[cell]
        return container[key]

    def relate(self, total, parts, offset=0):
        parts = [part for part in parts if part is not None]
        if total is not None and parts:
            self.relations.append((total, parts, offset))


class InconsistentFigures(ValueError):
    """A shown sum and its parts disagree: the picture's queries counted while reports changed between them
    (each query sees the reports as they are when it starts). Counted again, the figures add up."""


def _narrow(bounds, relations):
    """Interval propagation over total = sum(parts) + offset until nothing changes.

    Figures that cannot all hold (an interval left empty) raise InconsistentFigures: narrowing them
    would never end.
    """
    changed = True
    while changed:
        changed = False
        for total, parts, offset in relations:
            low = sum(bounds[p][0] for p in parts) + offset
            high = sum(bounds[p][1] for p in parts) + offset
            new = (max(bounds[total][0], low), min(bounds[total][1], high))
            if new != bounds[total]:
                bounds[total], changed = _checked(new), True
            for part in parts:
                others_low = sum(bounds[p][0] for p in parts if p != part) + offset
                others_high = sum(bounds[p][1] for p in parts if p != part) + offset
                new = (max(bounds[part][0], bounds[total][0] - others_high),
                       min(bounds[part][1], bounds[total][1] - others_low))
                if new != bounds[part]:
                    bounds[part], changed = _checked(new), True
    return bounds


def _checked(interval):
    if interval[0] > interval[1]:
        raise InconsistentFigures(f"no count lies in {interval}")
    return interval


def hidden_cells(values, relations):
    """{cell: FEW or HIDDEN}: the small counts and the complementary ones that keep them unknown."""
    hidden = {cell: FEW for cell, value in enumerate(values) if 0 < value < PUBLIC_MINIMUM}
    while True:
        bounds = {
            cell: (1, PUBLIC_MINIMUM - 1) if hidden.get(cell) == FEW
            else (PUBLIC_MINIMUM, UNBOUNDED) if cell in hidden else (value, value)
            for cell, value in enumerate(values)
        }
        bounds = _narrow(bounds, relations)
        leaks = [cell for cell in sorted(hidden) if bounds[cell][0] == bounds[cell][1]]
        if not leaks:
            return hidden
        candidates = _complements(leaks, hidden, values, relations)
        if not candidates:
            return hidden  # nothing left to hide (cannot happen with non-negative counts; stops the loop)
        hidden[min(candidates)[2]] = HIDDEN


def _complements(leaks, hidden, values, relations):
    """(is total, value, cell) of the shown non-zero counts in the relations of the leaking cells,
    or of any relation with a hidden count when those have none."""
    def shown_members(chosen):
        return [
            (member == total, values[member], member)
            for total, parts, _offset in chosen for member in (*parts, total)
            if member not in hidden and values[member] > 0
        ]

    leaking = set(leaks)
    found = shown_members([r for r in relations if r[0] in leaking or leaking.intersection(r[1])])
    if not found:
        found = shown_members([r for r in relations if any(m in hidden for m in (r[0], *r[1]))])
    return found


# --- The picture's cells and sums --------------------------------------------------------------


def _month_cells(cells, trend, index, period, column):
    """The trend cells of the whole months that make up the period, or None when it is not whole months."""
    if period is None or period.start.day != 1 or (period.end + timedelta(days=1)).day != 1:
        return None
    found, month = [], period.start
    while month <= period.end:
        key = month.isoformat()[:7]
        if key in index:
            found.append(cells.add(trend[index[key]], "count"))
        elif add_months(month, 12).isoformat()[:7] in index:
            found.append(cells.add(trend[index[add_months(month, 12).isoformat()[:7]]], "year_before"))
        else:
            return None
        month = add_months(month, 1)
    return found


def _cells_of(figures, periods, unlocated):
    cells = Cells()
    incidents = figures["incidents"]
    totals = {}
    for column in ("now", "before", "year_ago"):
        totals[column] = cells.add(incidents["total"], column)
        kinds = []
        for kind in incidents["kinds"]:
            kinds.append(cells.add(kind, column))
            cells.relate(kinds[-1], [cells.add(row, column) for row in kind["categories"]])
        cells.relate(totals[column], kinds)
    for column in ("now", "before", "year_ago"):
        cells.relate(totals[column], [cells.add(row, column) for row in figures["sources"]])
    per_locality = figures["key_figures"]["per_thousand"]
    cells.relate(totals["now"], [cells.add(row, "reports") for row in per_locality], unlocated["now"])
    cells.relate(totals["before"], [cells.add(row, "reports_before") for row in per_locality], unlocated["before"])
    cells.relate(totals["now"], [cells.add(row["counts"], n) for row in figures["when"]["rows"]
                                 for n in range(len(row["counts"]))])
    trend = figures["trend"]
    index = {month["month"]: n for n, month in enumerate(trend)}
    for column, period in periods.items():
        cells.relate(totals[column], _month_cells(cells, trend, index, period, column) or [])
    for month in trend:  # the ones no sum holds are still counts to hide when small
        cells.add(month, "count")
        cells.add(month, "year_before")
    key_figures = figures["key_figures"]
    cells.add(key_figures, "resolved")
    cells.add(key_figures, "reopened")
    dialogue = figures["dialogue"]
    cells.relate(cells.add(dialogue, "feedback_total"), [cells.add(row, "count") for row in dialogue["topics"]])
    for row in dialogue["themes"]:
        cells.add(row, "count")
    return cells


def apply(figures, periods, unlocated):
    """Hide the public figures' small counts and their complements, in place; returns the figures.

    `periods`: {"now": Period, "before": Period, "year_ago": Period or None}; `unlocated`:
    {"now": n, "before": n}, the counted reports without a locality (known to whoever reads the sums).
    """
    cells = _cells_of(figures, periods, unlocated)
    values = [cells.value(cell) for cell in range(len(cells.slots))]
    for cell, marker in hidden_cells(values, cells.relations).items():
        container, key = cells.slots[cell]
        container[key] = marker
    _recompute_changes(figures)
    return figures


def _recompute_changes(figures):
    incidents = figures["incidents"]
    compare_year = figures.get("year_before") is not None
    rows = [incidents["total"], *figures["sources"]]
    for kind in incidents["kinds"]:
        rows += [kind, *kind["categories"]]
    for row in rows:
        row.update(comparison(row["now"], row["before"], row["year_ago"] if compare_year else None))
    for row in figures["key_figures"]["per_thousand"]:
        if not isinstance(row["reports"], int):
            row["per_thousand"] = None
        if not isinstance(row["reports_before"], int):
            row["per_thousand_before"] = None
        row.pop("reports_before")  # shown only as the rate
    key_figures = figures["key_figures"]
    if not isinstance(key_figures["resolved"], int) or key_figures["resolved"] < PUBLIC_MINIMUM:
        key_figures["median_resolution_days"] = None
