"""The public picture hides counts below 3, and no hidden count can be worked out from the shown ones.

The attacker here knows every relation between the public figures (a total is the sum of its
parts in each table, the when matrix and the sources add up to the total, the trend's last month
is the month itself, the per-1,000 rates give the counts per locality) and that a count shown as
"fewer than 3" is 1 or 2 and a count hidden to protect it is at least 3. It narrows every hidden
count by interval propagation until nothing changes; no hidden count may end up known.
"""

from datetime import date

import pytest

from governance.picture import FEW, HIDDEN, MONTH, Period, compute
from incidents.models import Source, Status, TimeOfDay
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-11-26 10:00")]

OCTOBER = Period.containing(MONTH, date(2026, 10, 15))
TODAY = date(2026, 11, 26)
LARGE = 10**6


@pytest.fixture
def published(make_report, categories, localities):
    """October: unsafe places 6 + 6 + 3 + 2 = 17 (the issue's example), graffiti 4; September and a year before."""

    def add(day, code, n, **fields):
        for _ in range(n):
            fields.setdefault("locality", localities["skarhamn"])
            make_report(occurred_on=day, category=categories[code], status=Status.PUBLISHED, **fields)

    october = date(2026, 10, 6)  # a Tuesday
    add(october, "belysning", 6, time_of_day=TimeOfDay.EVENING)
    add(october, "igenvuxen", 6, time_of_day=TimeOfDay.EVENING)
    add(october, "overgiven-byggnad", 3, time_of_day=TimeOfDay.NIGHT)
    add(october, "otrygg-plats", 2, time_of_day=TimeOfDay.MORNING, locality=localities["myggenas"])
    add(date(2026, 10, 8), "klotter", 3, time_of_day=TimeOfDay.EVENING)
    add(date(2026, 10, 8), "klotter", 1, time_of_day=TimeOfDay.EVENING, source=Source.POLICE)
    add(date(2026, 9, 8), "belysning", 5)
    add(date(2026, 9, 8), "klotter", 1)
    add(date(2025, 10, 8), "klotter", 7)
    add(date(2025, 10, 8), "belysning", 1)


def bounds(value):
    if value == FEW:
        return (1, 2)
    if value == HIDDEN:
        return (3, LARGE)
    if value is None:
        return (0, LARGE)
    return (value, value)


def relations(picture):
    """(name → shown value, [(total name, [part names])]) from the public figures alone."""
    values, equations = {}, []

    def cell(name, value):
        values[name] = value
        return name

    incidents = picture["incidents"]
    for column in ("now", "before", "year_ago"):
        total = cell(f"total.{column}", incidents["total"][column])
        kinds = []
        for kind in incidents["kinds"]:
            name = cell(f"{kind['kind']}.{column}", kind[column])
            kinds.append(name)
            equations.append((name, [cell(f"{kind['kind']}.{row['category']}.{column}", row[column])
                                     for row in kind["categories"]]))
        equations.append((total, kinds))
    for column in ("now", "before"):
        equations.append((f"total.{column}",
                          [cell(f"source.{row['source']}.{column}", row[column]) for row in picture["sources"]]))
    localities = []
    before = []
    for row in picture["key_figures"]["per_thousand"]:
        localities.append(cell(f"locality.{row['locality']}", row["reports"]))
        rate = row["per_thousand_before"]
        before.append(cell(f"locality.{row['locality']}.before",
                           HIDDEN if rate is None else round(rate * row["population"] / 1000)))
    equations.append(("total.now", localities))
    equations.append(("total.before", before))
    when = [cell(f"when.{row['weekday']}.{n}", value)
            for row in picture["when"]["rows"] for n, value in enumerate(row["counts"])]
    equations.append(("total.now", when))
    equations.append(("total.now", [cell("trend.last", picture["trend"][-1]["count"])]))
    equations.append(("total.before", [cell("trend.before", picture["trend"][-2]["count"])]))
    equations.append(("total.year_ago", [cell("trend.year_ago", picture["trend"][-1]["year_before"])]))
    dialogue = picture["dialogue"]
    equations.append((cell("feedback", dialogue["feedback_total"]),
                      [cell(f"topic.{row['topic']}", row["count"]) for row in dialogue["topics"]]))
    return values, equations


def narrowed(values, equations):
    """Interval propagation over `total = sum(parts)` until nothing changes."""
    known = {name: list(bounds(value)) for name, value in values.items()}
    changed = True
    while changed:
        changed = False
        for total, parts in equations:
            low, high = sum(known[p][0] for p in parts), sum(known[p][1] for p in parts)
            for name, new in ((total, (max(known[total][0], low), min(known[total][1], high))),):
                if list(new) != known[name]:
                    known[name], changed = list(new), True
            for part in parts:
                others_low = sum(known[p][0] for p in parts if p != part)
                others_high = sum(known[p][1] for p in parts if p != part)
                new = [max(known[part][0], known[total][0] - others_high),
                       min(known[part][1], known[total][1] - others_low)]
                if new != known[part]:
                    known[part], changed = new, True
    return known


def recovered(picture):
    values, equations = relations(picture)
    known = narrowed(values, equations)
    return {name: known[name][0] for name, value in values.items()
            if value in (FEW, HIDDEN) and known[name][0] == known[name][1]}


def test_the_issue_example_is_hidden_with_a_complementary_cell(published):
    picture = compute(OCTOBER, public=True, today=TODAY)
    unsafe = next(kind for kind in picture["incidents"]["kinds"] if kind["kind"] == "unsafe_place")
    counts = {row["category"]: row["now"] for row in unsafe["categories"]}
    assert counts["Annan otrygg plats"] == FEW
    assert HIDDEN in counts.values()  # one more cell hides it: 17 − 6 − 6 − 3 no longer gives the 2


def test_no_hidden_public_cell_can_be_recovered_from_the_shown_figures(published):
    picture = compute(OCTOBER, public=True, today=TODAY)
    values, _equations = relations(picture)
    assert FEW in values.values()  # the test means something: there are small numbers to protect
    assert recovered(picture) == {}


def test_the_attacker_would_recover_the_cells_without_secondary_suppression(published):
    """The attacker works: hiding only the small cells gives them away."""
    staff = compute(OCTOBER, public=False, today=TODAY)
    from governance.picture import FEW as few

    unsafe = next(kind for kind in staff["incidents"]["kinds"] if kind["kind"] == "unsafe_place")
    values = {"kind": unsafe["now"], **{row["category"]: (few if 0 < row["now"] < 3 else row["now"])
                                        for row in unsafe["categories"]}}
    known = narrowed(values, [("kind", [name for name in values if name != "kind"])])
    assert known["Annan otrygg plats"] == [2, 2]


def test_changes_are_not_given_for_hidden_cells(published):
    picture = compute(OCTOBER, public=True, today=TODAY)
    for kind in picture["incidents"]["kinds"]:
        for row in [kind, *kind["categories"]]:
            if row["now"] in (FEW, HIDDEN) or row["before"] in (FEW, HIDDEN):
                assert row["change"] is None and row["difference"] is None, row


def test_staff_see_every_count(published):
    staff = compute(OCTOBER, public=False, today=TODAY)
    assert staff["incidents"]["total"]["now"] == 21
    unsafe = next(kind for kind in staff["incidents"]["kinds"] if kind["kind"] == "unsafe_place")
    assert sorted(row["now"] for row in unsafe["categories"]) == [2, 3, 6, 6]


def test_figures_that_do_not_add_up_are_reported_at_once_instead_of_narrowed_forever():
    """Counted while reports changed between the picture's queries, a total may differ from its parts."""
    from governance.suppression import InconsistentFigures, hidden_cells

    with pytest.raises(InconsistentFigures):
        hidden_cells([5, 6, 1], [(0, [1, 2], 0)])  # 5 = 6 + 1 cannot hold


def test_the_public_picture_is_counted_again_when_its_figures_did_not_add_up(published, monkeypatch):
    from governance import suppression

    calls = []
    original = suppression.apply

    def changed_between_queries(*args):
        calls.append(args)
        if len(calls) == 1:
            raise suppression.InconsistentFigures("a report was published between two queries")
        return original(*args)

    monkeypatch.setattr(suppression, "apply", changed_between_queries)
    figures = compute(OCTOBER, public=True, today=TODAY)
    assert len(calls) == 2 and figures["incidents"]["total"]["now"] == compute(OCTOBER, public=True, today=TODAY)[
        "incidents"]["total"]["now"]
