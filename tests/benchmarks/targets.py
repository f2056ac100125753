"""The benchmark targets: the one table the scripts' reports and ``run.py`` read.

A row names a figure of one script's JSON (``figure`` may be a glob: ``*`` stands for a
part of the name, e.g. the shape in ``bench_pathological.py``), says what it measures, and
gives its target: an upper bound (``better="lower"``) or a lower bound (``"higher"``,
throughputs). A figure without a row is informative. ``headline`` rows make README's table
(``run.py`` writes it); every figure is on the generated page, docs/benchmarks.md.
Change a target here only with a measurement that justifies it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Literal

PASS, MISSED, NO_TARGET, NOT_MEASURED = "pass", "MISSED", "no target", "not measured"

# In the order they run and appear on the page.
SCRIPTS = (
    "bench_foundation.py",
    "bench_editor.py",
    "bench_review.py",
    "bench_formats.py",
    "bench_pathological.py",
)


@dataclass(frozen=True)
class Target:
    script: str
    figure: str
    description: str
    limit: float
    unit: str
    better: Literal["lower", "higher"] = "lower"
    headline: bool = False

    def matches(self, script: str, key: str) -> bool:
        return script == self.script and fnmatchcase(key, self.figure)

    def wildcard(self, key: str) -> str:
        """The part of ``key`` that the row's ``*`` stands for ("" for an exact row)."""
        if "*" not in self.figure:
            return ""
        found = re.fullmatch("(.*)".join(map(re.escape, self.figure.split("*"))), key)
        return "/".join(found.groups()) if found else ""

    def met_by(self, value: float) -> bool:
        """NaN (not measured) and infinity (timed out) never meet a target."""
        if math.isnan(value) or math.isinf(value):
            return False
        return value >= self.limit if self.better == "higher" else value <= self.limit

    def bound(self) -> str:
        """``≤ 1,000 ms``, ``≥ 150,000 spans/s``."""
        limit = f"{int(self.limit):,}" if self.limit == int(self.limit) else f"{self.limit:g}"
        return f"{'≥' if self.better == 'higher' else '≤'} {limit} {self.unit}"


F, E, R, M, P = SCRIPTS

TARGETS: tuple[Target, ...] = (
    Target(
        F,
        "cold_start_ms",
        "Cold start to the seed document painted, whole process (existing database; median)",
        1000,
        "ms",
        headline=True,
    ),
    Target(
        F,
        "cold_start_first_launch_ms",
        "First launch: creates the database, imports the seeds, paints the seed",
        1000,
        "ms",
        headline=True,
    ),
    Target(
        F,
        "open_5mb_10k_spans_ms",
        "Open a 5 MB Arabic document with 10,000 spans, until painted (median)",
        100,
        "ms",
        headline=True,
    ),
    Target(
        F,
        "add_span_p95_ms",
        "Add one span: key press → committed → highlight repainted, p95 (10k spans present)",
        8,
        "ms",
        headline=True,
    ),
    Target(
        F, "scroll_repaint_p95_ms", "Page-scroll repaint of the 5 MB document, p95", 8, "ms", headline=True
    ),
    Target(
        F,
        "rss_5mb_open_mb",
        "Memory with the 5 MB document open, above idle (RSS)",
        100,
        "MiB",
        headline=True,
    ),
    Target(
        F,
        "jsonl_export_100k_docs_1m_spans_s",
        "JSONL export, 100,000 documents / 1,000,000 spans, in process (median)",
        3,
        "s",
        headline=True,
    ),
    Target(F, "jsonl_export_cli_s", "… the same export as a whole `hamish export` process", 3, "s"),
    Target(
        E,
        "project_search_1000_docs_ms",
        "Search a project of 1,000 documents, slowest of 8 queries, texts cached",
        300,
        "ms",
        headline=True,
    ),
    Target(
        E,
        "project_search_1000_docs_cold_ms",
        "… the first search (reads and normalises every text)",
        300,
        "ms",
    ),
    Target(
        E,
        "label_all_preview_5mb_ms",
        "Label-all preview on a 5 MB document with 10,000 spans",
        200,
        "ms",
        headline=True,
    ),
    Target(
        R,
        "agreement_1000_docs_s",
        "Agreement of two annotators over 1,000 documents, all figures, in process (median)",
        1,
        "s",
        headline=True,
    ),
    Target(
        R,
        "review_open_1mb_5k_spans_ms",
        "Open the review of a 1 MB document with 5,000 spans per layer (median)",
        200,
        "ms",
    ),
    Target(
        R, "next_difference_p95_ms", "Next difference: index, difference, its state in gold, p95", 16, "ms"
    ),
    Target(
        R,
        "review_window_open_1mb_5k_spans_ms",
        "The review window on a 1 MB document with 5,000 spans per layer, until painted (median)",
        200,
        "ms",
        headline=True,
    ),
    Target(
        R,
        "review_window_next_difference_p95_ms",
        "… its `N` key: panes scrolled, emphasised and repainted, p95",
        16,
        "ms",
        headline=True,
    ),
    Target(
        M,
        "jsonl_export_100k_docs_1m_spans_s",
        "JSONL export of the same 100,000 documents on the formats code path (median)",
        3,
        "s",
    ),
    Target(
        M,
        "import_jsonl_spans_per_s",
        "Import 1,000,000 spans, native JSONL (100,000 documents), one transaction",
        150_000,
        "spans/s",
        "higher",
        headline=True,
    ),
    Target(
        M,
        "import_conll_spans_per_s",
        "Import ~1,000,000 entities from CoNLL (labels created), one transaction",
        150_000,
        "spans/s",
        "higher",
        headline=True,
    ),
    Target(
        M,
        "conll_export_tokens_per_s_1_worker",
        "CoNLL export of raw-text documents (camel-tools tokens), 1 worker",
        400_000,
        "tokens/s",
        "higher",
        headline=True,
    ),
    Target(
        M,
        "conll_export_aligned_tokens_per_s_1_worker",
        "… of token-aligned documents (their own tokens), 1 worker",
        400_000,
        "tokens/s",
        "higher",
    ),
    Target(
        P,
        "*_open_until_painted_ms",
        "Pathological text: open until painted, slowest of 3",
        100,
        "ms",
        headline=True,
    ),
    Target(
        P,
        "*_max_ms",
        "Pathological text: slowest repaint, page scroll or label key",
        100,
        "ms",
        headline=True,
    ),
    Target(P, "*_p95_ms", "Pathological text: repaint, page scroll or label key, p95", 100, "ms"),
)


def lookup(script: str, key: str) -> Target | None:
    """The row of ``script``'s figure ``key`` (an exact row before a glob), or None."""
    rows = [t for t in TARGETS if t.matches(script, key)]
    return min(rows, key=lambda t: "*" in t.figure) if rows else None


def verdict(target: Target | None, value: float) -> str:
    """NaN is a measurement that failed; infinity one that timed out (a missed target)."""
    if math.isnan(value):
        return NOT_MEASURED
    if target is None:
        return NO_TARGET
    return PASS if target.met_by(value) else MISSED
