"""The benchmark's results: wrk's summary line, targets and the table (plain functions, no Django)."""

import json
from dataclasses import dataclass, field

WRK_MARKER = "BENCH_JSON "

# The targets of issue 7 (and issue 6 for the problem picture).
SUBMISSION_RATIO = 0.5
PAGE_RATIO = 0.10
P95_MS = 150
MAP_FEATURES = 2000
MAP_GZIP_KB = 100
PHOTO_P95_MS = 1000


@dataclass
class Run:
    """One wrk run: requests with the expected answer, others, and latency percentiles."""

    name: str
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    expected: int
    unexpected: int
    errors: int = 0

    @property
    def rate(self):
        return self.expected / self.seconds if self.seconds else 0.0


def mean_run(runs):
    """Runs of the same baseline taken together: their requests over their time, their worst percentiles."""
    return Run(
        name=runs[0].name,
        requests=sum(r.requests for r in runs),
        seconds=sum(r.seconds for r in runs),
        p50_ms=max(r.p50_ms for r in runs),
        p95_ms=max(r.p95_ms for r in runs),
        p99_ms=max(r.p99_ms for r in runs),
        expected=sum(r.expected for r in runs),
        unexpected=sum(r.unexpected for r in runs),
        errors=sum(r.errors for r in runs),
    )


def parse_wrk(name, output):
    """The Run from wrk's output, from the JSON line our Lua `done` prints."""
    for line in output.splitlines():
        if line.startswith(WRK_MARKER):
            data = json.loads(line[len(WRK_MARKER):])
            return Run(
                name=name,
                requests=data["requests"],
                seconds=data["duration_us"] / 1e6,
                p50_ms=data["p50_us"] / 1000,
                p95_ms=data["p95_us"] / 1000,
                p99_ms=data["p99_us"] / 1000,
                expected=data["expected"],
                unexpected=data["unexpected"],
                errors=data["connect"] + data["read"] + data["write"] + data["timeout"],
            )
    raise ValueError(f"No {WRK_MARKER.strip()} line in wrk's output for {name}:\n{output}")


def percentile(values, pct):
    """Nearest-rank percentile of a list of numbers (for the few timed photo posts)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


@dataclass
class Row:
    measure: str
    result: str
    target: str
    met: bool | None  # None: information only
    note: str = ""


@dataclass
class Results:
    rows: list = field(default_factory=list)

    def add(self, measure, result, target="", met=None, note=""):
        self.rows.append(Row(measure, result, target, met, note))

    @property
    def missed(self):
        return [row for row in self.rows if row.met is False]


def verdict(met):
    return {True: "met", False: "MISSED", None: ""}[met]


def markdown(results):
    lines = ["| Measure | Result | Target | Met |", "| --- | --- | --- | --- |"]
    for row in results.rows:
        result = f"{row.result} ({row.note})" if row.note else row.result
        lines.append(f"| {row.measure} | {result} | {row.target} | {verdict(row.met)} |")
    return "\n".join(lines)


def plain(results):
    """The same table for a terminal, in aligned columns."""
    header = ("Measure", "Result", "Target", "Met")
    body = [(r.measure, f"{r.result} ({r.note})" if r.note else r.result, r.target, verdict(r.met))
            for r in results.rows]
    widths = [max(len(str(line[i])) for line in [header, *body]) for i in range(4)]
    out = []
    for n, line in enumerate([header, *body]):
        out.append("  ".join(str(cell).ljust(width) for cell, width in zip(line, widths)).rstrip())
        if n == 0:
            out.append("  ".join("-" * width for width in widths))
    return "\n".join(out)


def ms(value):
    return f"{value:.0f} ms" if value >= 10 else f"{value:.1f} ms"


def ratio_row(results, measure, run, baseline, target, extra=""):
    ratio = run.rate / baseline.rate if baseline.rate else 0.0
    note = f"{run.rate:.0f}/s vs {baseline.rate:.0f}/s"
    if run.unexpected or run.errors:
        note += f"; {run.unexpected + run.errors} unexpected answers"
    if extra:
        note += f"; {extra}"
    results.add(measure, f"{ratio:.2f}", f"≥ {target:.2f}", ratio >= target and not run.unexpected, note)
    return ratio


START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def generated_section(*, date, machine, software, data, command, results):
    """The part of docs/performance.md that each run rewrites."""
    missed = ", ".join(row.measure for row in results.missed) or "none"
    return "\n".join([
        START,
        f"- **Date:** {date}",
        f"- **Machine:** {machine}",
        f"- **Software:** {software}",
        f"- **Data:** {data}",
        f"- **Command:** `{command}`",
        "",
        markdown(results),
        "",
        f"Targets missed in this run: {missed}.",
        END,
    ])


def replace_section(document, section):
    """The document with its generated section replaced (or the section under a title, for a new file)."""
    if START in document and END in document:
        before, rest = document.split(START, 1)
        return before + section + rest.split(END, 1)[1]
    return (document or "# Performance\n\n") + section + "\n"
