"""The rollups (governance.rollups) against the raw reports: property-style, on random reports and changes.

Every figure the problem picture answers from the rollups must equal the same figure counted
from the raw rows, after inserts, edits, status changes, merges (a bulk update), reopenings
and deletions. Seeds are fixed so a failure can be replayed.
"""

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.test import override_settings

from governance import rollups
from governance.models import ReportDayCount, ReportYearCount
from governance.picture import MONTH, QUARTER, YEAR, Period, compute
from incidents.models import Report, SafetyFollowUp, Source, Status, TimeOfDay
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-11-26 10:00")]

TODAY = date(2026, 11, 26)
STATUSES = [s.value for s in Status]
# A month, a quarter, a year, whole months across New Year (two years' rows of the year rollups), and days.
PERIODS = [Period.containing(MONTH, date(2026, 10, 1)), Period.containing(QUARTER, date(2026, 8, 1)),
           Period.containing(YEAR, date(2025, 3, 1)), Period(date(2025, 11, 1), date(2026, 2, 28)),
           Period(date(2026, 9, 10), date(2026, 11, 2))]


def random_report(rng, make_report, categories, localities):
    category = rng.choice(list(categories.values()))
    day = date(2025, 6, 1) + timedelta(days=rng.randrange(540))
    fields = {
        "category": category, "kind": category.kind, "occurred_on": rng.choice([day, day, None]),
        "source": rng.choice(list(Source)), "time_of_day": rng.choice(list(TimeOfDay)),
        "status": rng.choice(STATUSES), "reopened_count": rng.choice([0, 0, 1, 2]),
        "latitude": Decimal("57.95") + Decimal(rng.randrange(100)) / 1000,
        "longitude": Decimal("11.55") + Decimal(rng.randrange(100)) / 1000,
    }
    locality = rng.choice([None, *localities.values()])
    if locality is not None:
        fields["locality"] = locality
    report = make_report(**fields)
    if rng.random() < 0.6:  # resolved some hours or weeks after it was received
        resolve(rng, report)
    return report


def resolve(rng, report):
    received = report.created_at - timedelta(days=rng.randrange(500), minutes=rng.randrange(60))
    hours = rng.choice([rng.randrange(48), rng.randrange(2000)])
    Report.objects.filter(pk=report.pk).update(created_at=received,
                                               resolved_at=received + timedelta(hours=hours, seconds=rng.randrange(3600)))


def change_something(rng, categories, localities):
    reports = list(Report.objects.order_by("pk"))
    report = rng.choice(reports)
    action = rng.choice(["date", "status", "category", "locality", "merge", "reopen", "delete", "bulk", "resolve"])
    if action == "date":
        report.occurred_on = rng.choice([None, report.occurred_on and report.occurred_on - timedelta(days=40)])
        report.save()
    elif action == "status":
        Report.objects.filter(pk=report.pk).update(status=rng.choice(STATUSES))
    elif action == "category":
        category = rng.choice(list(categories.values()))
        report.category, report.kind = category, category.kind
        report.save()
    elif action == "locality":
        Report.objects.filter(pk=report.pk).update(locality=rng.choice([None, *localities.values()]))
    elif action == "merge":
        others = [r for r in reports if r.pk != report.pk and r.merged_into_id is None]
        if others:
            Report.objects.filter(pk=report.pk).update(merged_into=rng.choice(others))
            Report.objects.filter(merged_into=report).update(merged_into=None)
    elif action == "reopen":
        Report.objects.filter(pk=report.pk).update(reopened_count=report.reopened_count + 1, status=Status.NEW)
    elif action == "delete":
        Report.objects.filter(merged_into=report).update(merged_into=None)
        report.events.all().delete()
        report.delete()
    elif action == "resolve":
        if rng.random() < 0.3:
            Report.objects.filter(pk=report.pk).update(resolved_at=None)
        else:
            resolve(rng, report)
    else:
        Report.objects.filter(pk__in=[r.pk for r in reports[::3]]).update(source=rng.choice(list(Source)))
    return action


def figures(period, localities, **filters):
    return [compute(period, public=public, today=TODAY, **filters) for public in (False, True)]


def assert_rollups_equal_raw(localities):
    assert rollups.differences() == []
    for period in PERIODS:
        for filters in ({}, {"locality": localities["skarhamn"]}, {"kind": "crime"}):
            with override_settings(PICTURE_ROLLUPS=True):
                from_rollups = figures(period, localities, **filters)
            with override_settings(PICTURE_ROLLUPS=False):
                from_raw = figures(period, localities, **filters)
            assert from_rollups == from_raw, (period, filters)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rollups_equal_the_raw_reports_after_random_changes(seed, make_report, categories, localities):
    rng = random.Random(seed)
    for _ in range(40):
        random_report(rng, make_report, categories, localities)
    assert_rollups_equal_raw(localities)
    for _ in range(4):
        for _ in range(6):
            change_something(rng, categories, localities)
        assert_rollups_equal_raw(localities)


def test_rebuild_gives_the_same_rollups(make_report, categories, localities):
    rng = random.Random(7)
    for _ in range(20):
        random_report(rng, make_report, categories, localities)
    before = sorted(ReportDayCount.objects.filter(reports__gt=0).values_list(
        "day", "locality_id", "category_id", "status", "source", "time_of_day", "merged", "reports", "reopened"))
    rollups.rebuild()
    after = sorted(ReportDayCount.objects.filter(reports__gt=0).values_list(
        "day", "locality_id", "category_id", "status", "source", "time_of_day", "merged", "reports", "reopened"))
    assert before == after and rollups.differences() == []


def test_the_picture_reads_the_rollups(make_report, categories, localities):
    make_report(occurred_on=date(2026, 10, 3), category=categories["klotter"], status=Status.PUBLISHED)
    ReportYearCount.objects.update(month_10=5)  # tampered: a month is counted from the year rollups
    ReportDayCount.objects.update(reports=7)  # and a custom period from the daily ones
    with override_settings(PICTURE_ROLLUPS=True):
        assert compute(PERIODS[0], today=TODAY)["incidents"]["total"]["now"] == 5
        assert compute(Period(date(2026, 10, 2), date(2026, 10, 20)), today=TODAY)["incidents"]["total"]["now"] == 7


# --- The effect follow-up: its kept counts (received per locality and in total, per measure area) against raw counting ---


def effect_measures(categories, localities):
    from governance.models import Measure, MeasureStatus

    common = {"owner_organisation": "municipality", "starts_on": date(2025, 9, 1), "due_on": date(2026, 1, 31),
              "completed_on": date(2026, 2, 1), "status": MeasureStatus.DONE}
    return [
        Measure.objects.create(title="Circle with controls", category=categories["klotter"], radius_metres=1500,
                               latitude=Decimal("58.000000"), longitude=Decimal("11.600000"),
                               control_locality_near=localities["skarhamn"], control_locality_far=localities["myggenas"],
                               locality=localities["skarhamn"], **common),
        Measure.objects.create(title="Circle, every category", radius_metres=2500, latitude=Decimal("57.980000"),
                               longitude=Decimal("11.580000"), **common),
        Measure.objects.create(title="Locality", category=categories["klotter"], locality=localities["skarhamn"],
                               control_locality_near=localities["skarhamn"], control_locality_far=localities["myggenas"],
                               **common),
    ]


def effect_counts(measures, flag):
    from governance import effect

    with override_settings(PICTURE_ROLLUPS=flag):
        return effect.count(measures, today=TODAY)


def move_randomly(rng, measures):
    """Move a report's point (or take it away), and a measure's point, radius or category: the area counts follow."""
    from governance.models import Measure

    report = rng.choice(list(Report.objects.all()))
    point = rng.choice([None, (Decimal("57.95") + Decimal(rng.randrange(100)) / 1000,
                               Decimal("11.55") + Decimal(rng.randrange(100)) / 1000)])
    if point is None and report.locality_id is None:  # a report keeps a place: its point or its locality
        point = (report.latitude, report.longitude)
    Report.objects.filter(pk=report.pk).update(latitude=point and point[0], longitude=point and point[1])
    measure = rng.choice([m for m in measures if m.radius_metres or m.title.startswith("Circle")])
    change = rng.choice(["point", "radius", "category"])
    if change == "point":
        Measure.objects.filter(pk=measure.pk).update(latitude=measure.latitude + Decimal(rng.randrange(-20, 20)) / 1000)
    elif change == "radius":
        Measure.objects.filter(pk=measure.pk).update(radius_metres=rng.choice([None, 0, 300, 1200, 2500]))
    else:
        category = Report.objects.order_by("?").values_list("category_id", flat=True).first()
        Measure.objects.filter(pk=measure.pk).update(category_id=rng.choice([None, category]))
    return list(Measure.objects.filter(pk__in=[m.pk for m in measures]).order_by("pk"))


def receive_randomly(rng, report):
    """Move the day received (the effect's windows count by it) and maybe answer the follow-up question."""
    from django.utils import timezone

    received = timezone.make_aware(datetime(2025, 1, 1) + timedelta(hours=rng.randrange(24 * 690)))
    Report.objects.filter(pk=report.pk).update(created_at=received)
    if rng.random() < 0.3 and not SafetyFollowUp.objects.filter(report=report).exists():
        SafetyFollowUp.objects.create(report=report, answer=rng.choice(SafetyFollowUp.Answer.values + [""]),
                                      answered_at=received + timedelta(days=rng.randrange(200)))


@pytest.mark.parametrize("seed", [4, 5])
def test_effect_counts_from_rollups_equal_the_raw_reports(seed, make_report, categories, localities):
    rng = random.Random(seed)
    measures = effect_measures(categories, localities)
    for _ in range(60):
        receive_randomly(rng, random_report(rng, make_report, categories, localities))
    assert rollups.differences() == []
    raw = effect_counts(measures, False)
    assert raw == effect_counts(measures, True)
    assert any(n for counts in raw.values() for n in counts.values())
    for _ in range(3):
        for _ in range(6):
            change_something(rng, categories, localities)
            receive_randomly(rng, rng.choice(list(Report.objects.all())))
            measures = move_randomly(rng, measures)
        assert rollups.differences() == []
        assert effect_counts(measures, True) == effect_counts(measures, False)


def test_a_new_or_deleted_measure_has_its_area_counted(make_report, categories, localities):
    from governance.models import Measure

    rng = random.Random(6)
    for _ in range(40):
        receive_randomly(rng, random_report(rng, make_report, categories, localities))
    measures = effect_measures(categories, localities)
    assert rollups.differences() == []
    assert effect_counts(measures, True) == effect_counts(measures, False)
    Measure.objects.filter(pk=measures[0].pk).delete()
    assert rollups.differences() == []


def test_the_effect_reads_the_area_counts(make_report, categories, localities):
    """The area and its ring come from governance_measureareacount, not from the reports themselves."""
    from django.db import connection
    from django.utils import timezone

    measure = effect_measures(categories, localities)[1]
    report = make_report(category=categories["klotter"], status=Status.PUBLISHED,
                         latitude=measure.latitude, longitude=measure.longitude)
    Report.objects.filter(pk=report.pk).update(created_at=timezone.make_aware(datetime(2025, 6, 10, 12)))
    assert effect_counts([measure], True)[measure.pk]["area_before"] == 1
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {rollups.AREA_TABLE} SET reports = 7")
    assert effect_counts([measure], True)[measure.pk]["area_before"] == 7


def test_the_effect_reads_the_category_totals(make_report, categories, localities):
    """The whole municipality comes from governance_reportreceivedtotal (per category × day), not from the localities."""
    from django.db import connection
    from django.utils import timezone

    measure = effect_measures(categories, localities)[2]  # the locality Skärhamn, klotter
    report = make_report(category=categories["klotter"], status=Status.PUBLISHED, locality=localities["myggenas"])
    Report.objects.filter(pk=report.pk).update(created_at=timezone.make_aware(datetime(2025, 6, 10, 12)))
    assert effect_counts([measure], True)[measure.pk]["rest_before"] == 1
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {rollups.RECEIVED_TOTAL_TABLE} SET reports = 9")
    assert effect_counts([measure], True)[measure.pk]["rest_before"] == 9
