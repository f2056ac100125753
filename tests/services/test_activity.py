"""Active seconds saved to the annotator's layer."""

from __future__ import annotations

import pytest

from app.services import activity
from app.services.activity import TimeKeeper, active_seconds, add_active_seconds
from app.store import OperationalError


def test_time_keeper_saves_to_the_layer_and_adds_up(ws):
    clock = [0.0]
    keeper = TimeKeeper(ws, idle_after=60, clock=lambda: clock[0])
    keeper.open(1)
    for _ in range(3):
        clock[0] += 20
        keeper.activity()
    assert keeper.save() == {1: pytest.approx(60)}
    assert active_seconds(ws, 1) == pytest.approx(60)
    clock[0] += 100  # idle
    keeper.activity()
    clock[0] += 15
    keeper.close()
    keeper.save()
    assert active_seconds(ws, 1) == pytest.approx(75)
    assert active_seconds(ws, 1, annotator_id=ws.annotator_id + 1) == 0.0  # another annotator's layer


def test_time_alone_creates_the_layer_without_changing_its_status(ws):
    add_active_seconds(ws, {1: 12.5})
    docs = {d.id: d for d in ws.documents()}
    assert docs[1].status == "new" and active_seconds(ws, 1) == 12.5


def test_deleted_documents_are_skipped_and_a_failed_save_keeps_the_seconds(ws, monkeypatch):
    add_active_seconds(ws, {1: 3.0, 999: 50.0})
    assert active_seconds(ws, 1) == 3.0
    keeper = TimeKeeper(ws, idle_after=60, clock=lambda: 0.0)
    keeper.open(1, t=0)
    keeper.activity(t=10)

    def fail(*a, **k):
        raise OperationalError("disk I/O error")

    monkeypatch.setattr(activity, "add_active_seconds", fail)
    with pytest.raises(OperationalError):
        keeper.save()
    monkeypatch.undo()
    keeper.save()
    assert active_seconds(ws, 1) == pytest.approx(13.0)
