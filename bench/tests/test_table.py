"""Smoke tests of the benchmark's own plumbing (not the benchmark: that is `make bench`).

Not in pytest.ini's testpaths, so the default suite leaves them out; run them with
`.venv/bin/python -m pytest bench/tests`.
"""

import pytest

from bench import table

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8765
  2 threads and 8 connections
BENCH_JSON {"requests":1000,"duration_us":10000000,"p50_us":4000,"p95_us":9000,"p99_us":12000,"expected":990,"unexpected":10,"connect":0,"read":1,"write":0,"timeout":0}
"""


def test_wrk_summary_is_read_from_the_lua_json_line():
    run = table.parse_wrk("hello", WRK_OUTPUT)
    assert (run.requests, run.expected, run.unexpected, run.errors) == (1000, 990, 10, 1)
    assert run.rate == 99.0 and run.p50_ms == 4.0 and run.p95_ms == 9.0


def test_wrk_output_without_the_json_line_is_an_error():
    with pytest.raises(ValueError):
        table.parse_wrk("hello", "Running 10s test\n")


def test_ratio_rows_meet_or_miss_their_target():
    baseline = table.parse_wrk("hello", WRK_OUTPUT.replace('"unexpected":10', '"unexpected":0'))
    fast = table.Run("page", 500, 10.0, 1, 2, 3, expected=500, unexpected=0)
    slow = table.Run("page", 50, 10.0, 1, 2, 3, expected=5, unexpected=0)
    results = table.Results()
    assert table.ratio_row(results, "fast", fast, baseline, 0.10) == pytest.approx(50 / 99)
    table.ratio_row(results, "slow", slow, baseline, 0.10)
    assert [row.met for row in results.rows] == [True, False]
    assert [row.measure for row in results.missed] == ["slow"]


def test_the_table_prints_for_terminal_and_markdown():
    results = table.Results()
    results.add("Bare hello-world GET (baseline)", "990 req/s")
    results.add("Map", "p95 12 ms", "p95 ≤ 150 ms", True, "31 features")
    assert "| Map | p95 12 ms (31 features) | p95 ≤ 150 ms | met |" in table.markdown(results)
    lines = table.plain(results).splitlines()
    assert lines[0].startswith("Measure") and set(lines[1]) <= {"-", " "} and "met" in lines[3]


def test_a_new_run_replaces_only_the_generated_section():
    results = table.Results()
    results.add("Map", "p95 12 ms", "p95 ≤ 150 ms", False)
    section = table.generated_section(date="d", machine="m", software="s", data="x", command="c", results=results)
    document = table.replace_section("# Performance\n\nIntro.\n", section)
    document += "\n## Analysis\nHand-written.\n"
    again = table.replace_section(document, section.replace("p95 12 ms", "p95 13 ms"))
    assert "p95 13 ms" in again and "p95 12 ms" not in again
    assert again.startswith("# Performance\n\nIntro.\n") and again.endswith("## Analysis\nHand-written.\n")
    assert "Targets missed in this run: Map." in again


def test_percentile_is_nearest_rank():
    assert table.percentile([5, 1, 3, 2, 4], 50) == 3
    assert table.percentile(list(range(1, 21)), 95) == 19
    assert table.percentile([], 95) == 0.0


def test_the_command_parses_its_options():
    from bench.management.commands.bench import Command

    parser = Command().create_parser("manage.py", "bench")
    options = parser.parse_args(["--reseed", "--seconds", "5", "--reports", "1000", "--output", ""])
    assert options.reseed and options.seconds == 5 and options.reports == 1000 and options.output == ""
    defaults = parser.parse_args([])
    assert (defaults.reports, defaults.responses, defaults.reseed) == (1_000_000, 100_000, False)
