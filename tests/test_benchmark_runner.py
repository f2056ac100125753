"""The benchmark runner (``tests/benchmarks/run.py``) and its one table of targets
(``tests/benchmarks/targets.py``): verdicts, exit status, the generated page and README's
table. The real scripts take minutes; here the runner runs a small stand-in script, the
same way (a process of its own, ``--json`` and ``--quick`` passed on)."""

from __future__ import annotations

import importlib.util
import json
import math
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent / "benchmarks"
_spec = importlib.util.spec_from_file_location("bench_run", BENCH / "run.py")
runner = sys.modules["bench_run"] = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(runner)  # type: ignore[union-attr]  # puts tests/benchmarks on sys.path
import benchlib  # noqa: E402
import targets  # noqa: E402
from targets import MISSED, NO_TARGET, NOT_MEASURED, PASS, Target  # noqa: E402

MACHINE = {"cpu_model": "Test CPU", "cpu_count": 2, "cpu_usable": 2, "memory_gib": 24.0, "platform": "Linux-test",
           "python": "3.11.9", "sqlite": "3.45.0", "qpa_platform": "offscreen", "versions": {"PySide6-Essentials": "6.11.3"},
           "load_average_at_start": [0.5, 0.4, 0.3], "load_average_at_end": [0.9, 0.5, 0.3]}  # fmt: skip
FAKE = "bench_fake.py"
FAKE_TARGETS = (
    Target(FAKE, "open_ms", "Open a document", 100, "ms", headline=True),
    Target(FAKE, "import_per_s", "Import", 1000, "spans/s", "higher"),
    Target(FAKE, "*_max_ms", "Worst key press", 50, "ms", headline=True),
)
# A stand-in benchmark: figures from $FAKE_FIGURES, plus "quick" when --quick was passed.
FAKE_SCRIPT = textwrap.dedent("""
    import json, os, sys
    figures = json.loads(os.environ["FAKE_FIGURES"])
    if "--quick" in sys.argv:
        figures["quick_ms"] = {"value": 1.0, "unit": "ms"}
    if os.environ.get("FAKE_FAIL"):
        sys.exit(3)
    out = sys.argv[sys.argv.index("--json") + 1]
    json.dump({"machine": json.loads(os.environ["FAKE_MACHINE"]), "figures": figures, "runtime_s": 0.1}, open(out, "w"))
""")


def fig(value: float, unit: str = "ms", **extra: object) -> dict:
    return {"value": value, "unit": unit, **extra}


@pytest.fixture
def fake(tmp_path, monkeypatch):
    """The runner with one stand-in script, its own targets, README and page in tmp_path."""
    (tmp_path / FAKE).write_text(FAKE_SCRIPT, encoding="utf-8")
    readme = tmp_path / "README.md"
    readme.write_text(
        "# Hamish\n\nIntro.\n\n<!-- benchmarks:start -->\nold table\n<!-- benchmarks:end -->\n\nAfter.\n",
        encoding="utf-8",
    )
    for name, value in {"HERE": tmp_path, "ROOT": tmp_path, "OUT": tmp_path / "out", "PAGE": tmp_path / "docs" / "benchmarks.md",
                        "README": readme, "SCRIPTS": (FAKE,), "TARGETS": FAKE_TARGETS}.items():  # fmt: skip
        monkeypatch.setattr(runner, name, value)
    monkeypatch.setattr(targets, "TARGETS", FAKE_TARGETS)
    (tmp_path / "docs").mkdir()
    monkeypatch.setenv("FAKE_MACHINE", json.dumps(MACHINE))

    def with_figures(**figures: dict) -> Path:
        monkeypatch.setenv("FAKE_FIGURES", json.dumps(figures))
        return tmp_path

    return with_figures


def test_every_target_names_a_script_a_unit_and_a_bound():
    seen = set()
    for t in targets.TARGETS:
        assert t.script in targets.SCRIPTS and (BENCH / t.script).is_file(), t
        assert (
            t.unit in {"ms", "s", "MiB", "spans/s", "tokens/s"}
            and t.limit > 0
            and t.better in ("lower", "higher")
        ), t
        assert t.description and (t.script, t.figure) not in seen, t
        seen.add((t.script, t.figure))
    assert {t.script for t in targets.TARGETS} == set(targets.SCRIPTS)
    assert any(t.headline for t in targets.TARGETS)


def test_verdicts_and_bounds():
    upper, lower = Target(FAKE, "a_ms", "A", 100, "ms"), Target(FAKE, "b", "B", 150_000, "spans/s", "higher")
    assert [targets.verdict(upper, v) for v in (99.9, 100, 100.1, math.inf, math.nan)] == [
        PASS,
        PASS,
        MISSED,
        MISSED,
        NOT_MEASURED,
    ]
    assert [targets.verdict(lower, v) for v in (150_000, 149_999)] == [PASS, MISSED]
    assert targets.verdict(None, 5) == NO_TARGET
    assert (upper.bound(), lower.bound(), Target(FAKE, "c", "C", 0.5, "s").bound()) == (
        "≤ 100 ms",
        "≥ 150,000 spans/s",
        "≤ 0.5 s",
    )


def test_an_exact_row_wins_over_a_glob_and_the_script_scopes_a_key():
    assert targets.lookup("bench_pathological.py", "marks_3m_label_key_max_ms").figure == "*_max_ms"
    assert targets.lookup("bench_pathological.py", "marks_3m_open_until_idle_ms") is None
    assert (
        targets.lookup("bench_foundation.py", "add_span_max_ms") is None
    )  # *_max_ms is the pathological script's
    a, b = (
        targets.lookup(s, "jsonl_export_100k_docs_1m_spans_s")
        for s in ("bench_foundation.py", "bench_formats.py")
    )
    assert a is not None and b is not None and a != b
    assert Target(FAKE, "*_key_*_ms", "", 1, "ms").wildcard("seed_key_max_ms") == "seed/max"


def test_a_scripts_report_takes_its_targets_from_the_table():
    out = benchlib.with_targets("bench_formats.py", {
        "import_jsonl_spans_per_s": benchlib.figure(140_000.0, "spans/s", note="n"),
        "peak_rss_import_mib_small": benchlib.figure(80, "MiB"),
    })  # fmt: skip
    assert out["import_jsonl_spans_per_s"] == {
        "value": 140_000.0, "unit": "spans/s", "target": 150_000, "better": "higher", "within_target": False, "note": "n"
    }  # fmt: skip
    assert out["peak_rss_import_mib_small"] == {
        "value": 80,
        "unit": "MiB",
        "target": None,
        "within_target": None,
    }


def test_a_full_run_prints_verdicts_writes_the_page_and_readme_and_check_fails_on_a_miss(fake, capsys):
    root = fake(seed_max_ms=fig(10.0), import_per_s=fig(5000.0, "spans/s"), open_ms=fig(120.0, note="median | of 5"),
                big_max_ms=fig(70.0), idle_ms=fig(3.0, note="informative"))  # fmt: skip
    assert runner.main([]) == 0  # a missed target alone fails only with --check
    out = capsys.readouterr().out
    assert "Machine: Test CPU, 2 of 2 cores, 24.0 GiB" in out and "Load average (1 / 5 / 15 min):" in out
    lines = {
        line.split()[0]: line.split()
        for line in out.splitlines()
        if line.startswith("  ") and "figure" not in line
    }
    assert lines["open_ms"][1:] == ["120", "ms", "≤", "100", "ms", "MISSED"]
    assert (
        lines["import_per_s"][-1] == "pass"
        and lines["seed_max_ms"][-1] == "pass"
        and lines["big_max_ms"][-1] == "MISSED"
    )
    assert lines["idle_ms"][-2:] == ["no", "target"]
    page = (root / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    assert (
        page.startswith("# Benchmarks\n\nGenerated by `tests/benchmarks/run.py` on ") and "(full run)" in page
    )
    assert (
        "Test CPU" in page
        and "load average 0.50 / 0.40 / 0.30 at its start, 0.90 / 0.50 / 0.30 at its end" in page
    )
    assert "| Worst key press (big) | `bench_fake.py` | ≤ 50 ms | 70.0 ms | MISSED |" in page
    targets_section = page.split("## Targets")[1].split("##")[0]
    order = [
        targets_section.index(d) for d in ("| Open a document |", "| Import |", "| Worst key press (seed) |")
    ]
    assert order == sorted(order)  # the table's order, not the script's
    assert "| `idle_ms` | 3.00 ms |  | no target | informative |" in page
    assert "median \\| of 5" in page  # a note cannot break the table
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert readme.startswith(
        "# Hamish\n\nIntro.\n\n<!-- benchmarks:start -->\n| Figure | Target | Measured | |"
    )
    assert readme.endswith("<!-- benchmarks:end -->\n\nAfter.\n") and "old table" not in readme
    assert "| Worst key press | ≤ 50 ms | 70.0 ms (worst: big) | MISSED |" in readme
    assert "| Import |" not in readme  # not a headline figure
    assert runner.main(["--check"]) == 1
    assert (root / "README.md").read_text(encoding="utf-8").count("<!-- benchmarks:start -->") == 1


def test_check_passes_when_every_target_is_met(fake):
    fake(open_ms=fig(80.0), import_per_s=fig(5000.0, "spans/s"), seed_max_ms=fig(10.0))
    assert runner.main(["--check"]) == 0


def test_a_quick_run_passes_quick_on_and_leaves_readme_and_the_page_alone(fake, capsys):
    root = fake(open_ms=fig(80.0), import_per_s=fig(5000.0, "spans/s"), seed_max_ms=fig(10.0))
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert runner.main(["--quick"]) == 0
    assert "quick_ms" in capsys.readouterr().out
    assert (root / "README.md").read_text(encoding="utf-8") == readme and not (
        root / "docs" / "benchmarks.md"
    ).exists()
    quick_page = (root / "out" / "benchmarks-quick.md").read_text(encoding="utf-8")
    assert (
        "`tests/benchmarks/run.py --quick` on " in quick_page
        and "(quick run: small inputs, figures not comparable" in quick_page
    )


def test_a_failed_script_a_target_not_measured_or_in_another_unit_fail_the_run(fake, monkeypatch, capsys):
    root = fake(open_ms=fig(math.nan), import_per_s=fig(5000.0, "tokens/s"))
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert runner.main([]) == 1
    assert (root / "README.md").read_text(encoding="utf-8") == readme  # no table from a broken run
    out = capsys.readouterr().out
    assert "problem: bench_fake.py: open_ms was not measured" in out
    assert "problem: bench_fake.py: import_per_s is in tokens/s, its target in spans/s" in out
    assert "problem: bench_fake.py: *_max_ms was not measured" in out
    monkeypatch.setenv("FAKE_FAIL", "1")
    assert runner.main([]) == 1
    assert "bench_fake.py: FAILED (exited 3)" in capsys.readouterr().out


def test_without_markers_readme_is_left_alone(fake, capsys):
    root = fake(open_ms=fig(80.0), import_per_s=fig(5000.0, "spans/s"), seed_max_ms=fig(10.0))
    (root / "README.md").write_text("# Hamish\n", encoding="utf-8")
    assert runner.main([]) == 0
    assert (root / "README.md").read_text(encoding="utf-8") == "# Hamish\n"
    assert "README.md has no <!-- benchmarks:start -->" in capsys.readouterr().out


def test_the_runner_uses_only_the_standard_library():
    """It runs with any Python 3.11 (``tests/benchmarks/run.py``); the scripts get .venv's."""
    code = f"import sys; sys.path.insert(0, {str(BENCH)!r}); import run; print(sorted(set(sys.modules) & {{'sqlalchemy', 'PySide6', 'app'}}))"
    done = subprocess.run([sys.executable, "-S", "-c", code], check=False, capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == "[]", done.stderr
