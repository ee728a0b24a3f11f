from datetime import date, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from governance.models import ReportDayCount
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-11-26 10:00")]


def test_check_rollups_finds_a_difference_and_rebuild_mends_it(make_report):
    make_report(occurred_on=date(2026, 10, 3))
    out = StringIO()
    call_command("check_rollups", stdout=out)
    assert "match" in out.getvalue()
    ReportDayCount.objects.update(reports=7)
    with pytest.raises(CommandError, match="differ"):
        call_command("check_rollups", stdout=StringIO())
    call_command("check_rollups", "--rebuild", stdout=out)
    assert "counted anew" in out.getvalue()
    assert ReportDayCount.objects.get().reports == 1


def test_check_rollups_finds_a_difference_in_the_answer_aggregates(localities):
    from dialog.models import AnswerCount
    from dialog.tests.test_results import make_round, respond

    respond(make_round("2026"), {"trygg-kvall": "mycket-trygg"}, locality=localities["skarhamn"])
    AnswerCount.objects.update(answers=3)
    with pytest.raises(CommandError, match="answer aggregates differ"):
        call_command("check_rollups", stdout=StringIO())
    call_command("check_rollups", "--rebuild", stdout=StringIO())
    assert set(AnswerCount.objects.values_list("answers", flat=True)) == {1}


def test_check_rollups_finds_a_difference_in_the_received_cell_resolved_and_when_counts_and_the_map_cells(make_report):
    from django.utils import timezone

    from governance.models import (
        ReportCellYearCount, ReportReceivedCount, ReportResolvedYearTotal, ReportWhenYearCount,
    )
    from incidents.models import PublicCellCount, Report, Status

    report = make_report(occurred_on=date(2026, 10, 3), status=Status.RESOLVED)
    Report.objects.filter(pk=report.pk).update(resolved_at=timezone.make_aware(datetime(2026, 11, 2, 12)))
    for tampered, count in ((ReportReceivedCount, "reports"), (ReportCellYearCount, "month_10"),
                            (ReportCellYearCount, "month_3"), (ReportResolvedYearTotal, "month_11"),
                            (ReportWhenYearCount, "month_10"), (PublicCellCount, "reports")):
        right = tampered.objects.values_list(count, flat=True).get()
        tampered.objects.update(**{count: 4})
        with pytest.raises(CommandError, match="differ"):
            call_command("check_rollups", stdout=StringIO())
        call_command("check_rollups", "--rebuild", stdout=StringIO())
        assert tampered.objects.values_list(count, flat=True).get() == right


def test_check_rollups_finds_a_difference_in_the_effect_counts(make_report, categories):
    """The effect follow-up's area counts per measure and its totals per category are checked and counted anew."""
    from decimal import Decimal

    from django.db import connection

    from governance import rollups
    from governance.models import Measure
    from incidents.models import Status

    report = make_report(occurred_on=date(2026, 10, 3), status=Status.PUBLISHED, category=categories["klotter"],
                         latitude=Decimal("58.000000"), longitude=Decimal("11.600000"))
    Measure.objects.create(title="Circle", category=report.category, radius_metres=300, latitude=report.latitude,
                           longitude=report.longitude, owner_organisation="municipality",
                           starts_on=date(2026, 9, 1), due_on=date(2026, 12, 31))
    for table in (rollups.AREA_TABLE, rollups.RECEIVED_TOTAL_TABLE):
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET reports = 4")
        with pytest.raises(CommandError, match="differ"):
            call_command("check_rollups", stdout=StringIO())
        call_command("check_rollups", "--rebuild", stdout=StringIO())
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT reports FROM {table}")
            assert cursor.fetchall() == [(1,)]
