"""Label display names: what the interface shows per language (شخص for person), kept in
the label set and the project; data and exports keep the name."""

from __future__ import annotations

import json

import pytest

from app.core.labels import Label, display_name
from app.main import main
from app.services import labelset as L
from app.services.labelset import LabelSetError
from app.services.session import DocumentSession
from app.services.workspace import Workspace

ARABIC = {"person": "شخص", "role": "منصب", "organisation": "منظمة", "event": "حدث", "figure": "عدد"}


def write(tmp_path, data, name="set.json"):
    p = tmp_path / name
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return p


def default_json():
    return json.loads(L.DEFAULT_LABEL_SET.read_text(encoding="utf-8"))


def shown(ws, language):
    return {lab.name: display_name(lab.name, lab.display, language) for lab in ws.labels}


def test_the_default_labels_have_arabic_display_names_in_the_file_and_a_new_project(tmp_path):
    """(The Python fallback labels carry the same: tests/services/test_labelset.py.)"""
    by_name = {lab.name: dict(lab.display) for lab in L.default_label_set().labels}
    assert by_name == {n: {"ar": ar} for n, ar in ARABIC.items()}  # English shows the name
    ws = Workspace.open(tmp_path / "p.db", annotator="amal")
    try:
        assert shown(ws, "ar") == ARABIC
        assert shown(ws, "en") == {n: n for n in ARABIC}
    finally:
        ws.close()


def test_display_names_are_saved_with_the_labels_and_follow_a_rename(ws, db_path):
    L.update_label(ws, "figure", display={"ar": "كمية", "en": "quantity"})
    L.update_label(ws, "role", name="title")  # a rename keeps the label's display names
    ws.close()
    again = Workspace.open(db_path, annotator="amal")
    try:
        names = shown(again, "ar")
        assert names["figure"] == "كمية" and names["title"] == "منصب" and "role" not in names
        assert shown(again, "en")["figure"] == "quantity"
    finally:
        again.close()


def test_a_label_without_a_display_name_is_shown_by_its_name(ws):
    L.update_label(ws, "event", display={})
    L.add_label(ws, Label("date", "6", "g", "#0072B2"))
    assert shown(ws, "ar")["event"] == "event" and shown(ws, "ar")["date"] == "date"
    assert shown(ws, "ar")["person"] == "شخص"


def test_deleting_a_label_forgets_its_display_names(ws):
    L.add_label(ws, Label("date", "6", "g", "#0072B2", display=(("ar", "تاريخ"),)))
    L.delete_label(ws, "date")
    L.add_label(ws, Label("date", "6", "g", "#0072B2"))  # a new label of that name
    assert shown(ws, "ar")["date"] == "date"


@pytest.mark.parametrize(
    ("display", "path", "reason"),
    [
        (
            {"ar": "منصب"},
            "$.labels[1].display.ar",
            "display name 'منصب' is already used by $.labels[0] (person)",
        ),
        ({"ar": "شخص\t1"}, "$.labels[0].display.ar", "contains a control character"),
        ({"ar": " شخص"}, "$.labels[0].display.ar", "starts or ends with a space"),
        ({"arabic": "شخص"}, "$.labels[0].display.arabic", "is not a language code"),
    ],
)
def test_invalid_display_names_are_refused_and_nothing_is_written(ws, display, path, reason):
    before = L.project_labels(ws)
    with pytest.raises(LabelSetError) as exc:
        L.update_label(ws, "person", display=display)
    assert any(e.startswith(f"{ws.location} labels: {path}: ") and reason in e for e in exc.value.errors), (
        exc.value
    )
    assert L.project_labels(ws) == before


@pytest.mark.parametrize(
    ("mutate", "path", "reason"),
    [
        (
            lambda d: d["labels"][0].update(display={"ar": ""}),
            "$.labels[0].display.ar",
            "should be non-empty",
        ),
        (lambda d: d["labels"][0].update(display={"Arabic": "شخص"}), "$.labels[0].display", "does not match"),
        (lambda d: d["labels"][0].update(display="شخص"), "$.labels[0].display", "is not of type 'object'"),
        (
            lambda d: d["labels"][2].update(display={"ar": "شخص"}),
            "$.labels[2].display.ar",
            "already used by $.labels[0]",
        ),
    ],
)
def test_label_set_file_errors_name_file_path_and_reason(tmp_path, mutate, path, reason):
    data = default_json()
    mutate(data)
    f = write(tmp_path, data)
    with pytest.raises(LabelSetError) as exc:
        L.load_label_set(f)
    line = next(e for e in exc.value.errors if e.startswith(f"{f}: {path}"))
    assert reason in line


def test_a_label_set_without_display_names_is_valid_and_keeps_the_projects(ws, tmp_path):
    data = default_json()
    for lab in data["labels"]:
        del lab["display"]
    data["labels"][0]["colour"] = "#D55E00"
    L.apply_label_set(ws, L.load_label_set(write(tmp_path, data)))
    assert ws.label("person").colour == "#D55E00" and shown(ws, "ar") == ARABIC


def test_a_label_set_round_trips_its_display_names(ws, tmp_path):
    L.update_label(ws, "event", display={"ar": "واقعة", "en": "event"})
    out = tmp_path / "labels.json"
    L.write_label_set(L.project_label_set(ws), out)
    written = {lab["name"]: lab for lab in json.loads(out.read_text(encoding="utf-8"))["labels"]}
    assert written["event"]["display"] == {"ar": "واقعة", "en": "event"}
    assert [s.display for s in L.load_label_set(out).labels] == [s.display for s in L.project_labels(ws)]


def test_exports_keep_the_label_name(ws, db_path, tmp_path, capsys):
    s = DocumentSession(ws, 1)
    i = s.text.index("كاظم جلالي")
    s.apply(s.plan_label(i, i + len("كاظم جلالي"), "person", exact=True))
    ws.close()
    out = tmp_path / "out.jsonl"
    assert main(["--db", str(db_path), "export", "--format", "jsonl", "--out", str(out)]) == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [span["label"] for doc in lines for span in doc["spans"]] == ["person"]
