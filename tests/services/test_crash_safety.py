"""Crash safety and two processes on one database (CI-sized; tests/stress/crash.py has the
long version). Each trial starts the annotation service in a subprocess, kills it with
SIGKILL at a random moment, and checks that every acknowledged action is in the database,
that nothing is half-applied, and that the file is intact."""

import random
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "stress"))

import crash


def test_fifty_random_kills_lose_nothing(tmp_path):
    summary = crash.stress(50, db=tmp_path / "crash.db", seed=7, n_actions=40, quiet=True)
    assert summary["problems"] == []
    assert summary["killed"] >= 45 and summary["acked_actions"] > 200
    assert summary["lost_annotations"] == 0


def test_the_checker_catches_half_a_batch_and_a_lost_span():
    expected = {1: (1, 0, 5, "role")}
    begin = "BEGIN 9 batch 1:10:15,2:3:8"
    whole = {**expected, 7: (1, 10, 15, "event"), 8: (2, 3, 8, "event")}
    half = {**expected, 7: (1, 10, 15, "event")}
    assert crash._allowed_in_flight(expected, whole, begin, None)
    assert not crash._allowed_in_flight(expected, half, begin, None)
    assert not crash._allowed_in_flight(expected, {}, "BEGIN 3 add 1 20 25 person", None)


def test_two_processes_write_one_database_without_losing_each_others_spans(tmp_path):
    db = tmp_path / "shared.db"
    first = crash.run_trial(db, 1, random.Random(1), n_actions=5, kill=False)  # creates the project
    assert first.problems == []
    results: dict[str, crash.Trial] = {}

    def run(name: str, seed: int) -> None:
        results[name] = crash.run_trial(
            db, seed, random.Random(seed), n_actions=60, annotator=name, kill=False
        )

    threads = [threading.Thread(target=run, args=(name, seed)) for name, seed in (("amal", 11), ("badr", 12))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for name in ("amal", "badr"):
        assert results[name].problems == [], results[name].problems
        assert results[name].acked > 30, (name, results[name])
        state, problems = crash.db_state(db, name)
        assert problems == [] and state  # each one's spans are all there (checked in run_trial)
