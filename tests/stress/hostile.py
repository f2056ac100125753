"""Stress run of the hostile-input properties (``tests/formats/test_hostile.py``).

    .venv/bin/python tests/stress/hostile.py --examples 10000            # every property
    .venv/bin/python tests/stress/hostile.py --examples 2000 -k jsonl    # names containing "jsonl"

Runs the very same property functions as the CI suite, with the ``hostile-stress`` profile
(``--examples`` examples per property; the oracle properties get 0.7 of that), and prints
one JSON object: per property the examples run, the outcomes (import succeeded / refused
with a typed error), the seconds taken and the failure (hypothesis' shrunk counterexample
and its traceback) if any; then the totals. Exit status 1 if any property failed.
A property stops at its first failure (after shrinking); the others still run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--examples", type=int, default=10_000, help="examples per property (default 10000)")
    parser.add_argument("-k", dest="only", default="", help="run the properties whose name contains this")
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds one example may take before it is a hang"
    )
    parser.add_argument("--seed", type=int, default=None, help="hypothesis seed (default: random)")
    args = parser.parse_args(argv)

    os.environ["HAMISH_HOSTILE_PROFILE"] = "hostile-stress"
    os.environ["HAMISH_HOSTILE_EXAMPLES"] = str(args.examples)
    os.environ["HAMISH_HOSTILE_TIMEOUT"] = str(args.timeout)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    from hypothesis import seed as hypothesis_seed

    import tests.conftest  # noqa: F401  (environment of the test suite)
    from tests.formats import test_hostile as H

    props = [
        (name, fn)
        for name, fn in vars(H).items()
        if name.startswith("test_") and callable(fn) and hasattr(fn, "hypothesis") and args.only in name
    ]
    results: dict[str, dict] = {}
    t_all = time.perf_counter()
    for name, fn in props:
        before = dict(H.EXAMPLES)
        outcomes_before = dict(H.OUTCOMES)
        t0 = time.perf_counter()
        failure = None
        try:
            (hypothesis_seed(args.seed)(fn) if args.seed is not None else fn)()
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt):
                raise
            failure = "".join(traceback.format_exception(exc))[-6000:]
        ran = {k: v - before.get(k, 0) for k, v in H.EXAMPLES.items() if v - before.get(k, 0)}
        outcomes = {
            k: v - outcomes_before.get(k, 0) for k, v in H.OUTCOMES.items() if v - outcomes_before.get(k, 0)
        }
        results[name] = {
            "examples": sum(ran.values()),
            "outcomes": outcomes,
            "seconds": round(time.perf_counter() - t0, 1),
            "failure": failure,
        }
        print(
            f"{name}: {results[name]['examples']} examples, {results[name]['seconds']} s, "
            f"{'FAILED' if failure else 'ok'}",
            file=sys.stderr,
            flush=True,
        )
    summary = {
        "profile": "hostile-stress",
        "examples_per_property_setting": args.examples,
        "properties": results,
        "total_examples": sum(r["examples"] for r in results.values()),
        "failures": sorted(name for name, r in results.items() if r["failure"]),
        "seconds": round(time.perf_counter() - t_all, 1),
        "load_average": list(os.getloadavg()),
    }
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    return 1 if summary["failures"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
