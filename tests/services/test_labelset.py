"""Label sets: the default file, validation messages, changing a project's labels, colours."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from app.core.labels import DARK_TEXT, DEFAULT_LABELS, RESERVED_LETTERS, Label, contrast_ratio, dark_tint
from app.core.search import SearchOptions, find_all
from app.services import labelset as L
from app.services.labelset import LabelSetError
from app.services.session import DocumentSession
from app.services.workspace import Workspace


def write(tmp_path, data, name="set.json"):
    p = tmp_path / name
    p.write_text(
        json.dumps(data, ensure_ascii=False) if not isinstance(data, str) else data, encoding="utf-8"
    )
    return p


def default_json():
    return json.loads(L.DEFAULT_LABEL_SET.read_text(encoding="utf-8"))


# --- the default set --------------------------------------------------------------------------------


def test_default_file_is_valid_and_equal_to_the_python_defaults():
    ls = L.default_label_set()
    assert [lab.name for lab in ls.labels] == ["person", "role", "organisation", "event", "figure"]
    assert ls.labels == DEFAULT_LABELS  # every field: keys, letters, colours, guidance, examples
    for d in DEFAULT_LABELS:
        assert d.description and d.description_ar and d.examples
        assert d.letter not in RESERVED_LETTERS


def test_default_guidance_gives_the_issue_examples_and_they_occur_in_the_seed(seed_text):
    required = {
        "person": ["كاظم جلالي"],
        "role": ["السفير الإيراني", "نائب وزير الاتصالات وتكنولوجيا المعلومات"],
        "organisation": ["مجموعة العمل المشتركة"],
        "event": ["الاجتماع الخامس لمجموعة العمل المشتركة"],
        "figure": ["16 شركة", "خمس شركات", "ثلاث سنوات", "يومين"],
    }
    by_name = {lab.name: lab for lab in L.default_label_set().labels}
    for name, examples in required.items():
        assert set(examples) <= set(by_name[name].examples), name
    for lab in by_name.values():
        for ex in lab.examples:
            # "مجموعة العمل المشتركة" occurs only as "لمجموعة …": proclitics allowed.
            assert find_all(seed_text, ex, SearchOptions(proclitics=True)), (
                f"{lab.name} example {ex!r} is not in the seed article"
            )
        assert any("\u0600" <= ch <= "\u06ff" for ch in lab.description_ar)


def test_a_new_project_takes_its_labels_from_the_json(tmp_path):
    ws = Workspace.open(tmp_path / "p.db", annotator="amal")
    try:
        got = [
            (lab.name, lab.key, lab.letter, lab.colour, lab.description, lab.description_ar, lab.examples)
            for lab in ws.labels
        ]
        want = [
            (d.name, d.key, d.letter, d.colour, d.description, d.description_ar, d.examples)
            for d in DEFAULT_LABELS
        ]
        assert got == want
    finally:
        ws.close()


def test_an_unreadable_default_file_falls_back_to_the_python_labels(tmp_path, monkeypatch, caplog):
    bad = write(tmp_path, {"format": "hamish-label-set", "version": 1, "name": "x", "labels": []})
    monkeypatch.setattr(L, "DEFAULT_LABEL_SET", bad)
    assert L.default_labels() == DEFAULT_LABELS
    assert "using the built-in default labels" in caplog.text and str(bad) in caplog.text


# --- validation messages name the file, the JSON path and the reason -----------------------------------


@pytest.mark.parametrize(
    ("mutate", "path", "reason"),
    [
        (lambda d: d["labels"][2].update(colour="green"), "$.labels[2].colour", "does not match"),
        (lambda d: d["labels"][1].update(key="1"), "$.labels[1].key", "already used by $.labels[0] (person)"),
        (lambda d: d["labels"][4].update(letter="p"), "$.labels[4].letter", "already used by $.labels[0]"),
        (lambda d: d["labels"][3].update(name="Event"), "$.labels[3].name", "does not match"),
        (lambda d: d["labels"][0].update(letter="s"), "$.labels[0].letter", "editor command key"),
        (
            lambda d: d["labels"][0]["description"].pop("ar"),
            "$.labels[0].description",
            "'ar' is a required property",
        ),
        (lambda d: d["labels"][0].update(shortcut="x"), "$.labels[0]", "Additional properties"),
        (lambda d: d.update(version=2), "$.version", "1 was expected"),
        (
            lambda d: d["labels"].append(dict(d["labels"][0], key="6", letter="g")),
            "$.labels[5].name",
            "already used",
        ),
    ],
)
def test_errors_name_file_path_and_reason(tmp_path, mutate, path, reason):
    data = default_json()
    mutate(data)
    f = write(tmp_path, data)
    with pytest.raises(LabelSetError) as exc:
        L.load_label_set(f)
    line = next(e for e in exc.value.errors if f"{f}: {path}" in e)
    assert reason in line


def test_broken_json_names_line_and_column(tmp_path):
    f = write(tmp_path, '{\n  "format": "hamish-label-set",\n  "labels": [,]\n}')
    with pytest.raises(LabelSetError, match=rf"{f.name}, line 3, column 14: not valid JSON"):
        L.load_label_set(f)
    with pytest.raises(LabelSetError, match="cannot be read"):
        L.load_label_set(tmp_path / "missing.json")


# --- changing a project's labels --------------------------------------------------------------------


def test_rename_recolour_rekey_and_swap_in_one_transaction(ws):
    person, role = L.project_labels(ws)[:2]
    pid, rid = person.id, role.id
    # Swap the names and keys of two labels: would collide half-way without care.
    L.save_labels(ws, [replace(role, id=pid, colour="#0072B2"), replace(person, id=rid, colour="#D55E00")])
    assert [lab.name for lab in ws.labels[:2]] == ["role", "person"]
    assert ws.label("role").id == pid and ws.label("role").colour == "#0072B2"
    L.update_label(ws, "figure", name="quantity", key="9", letter="q", examples=["ثلاث سنوات"])
    q = ws.label("quantity")
    assert (q.key, q.letter, q.examples) == ("9", "q", ("ثلاث سنوات",))
    assert "figure" not in ws.label_by_name


def test_invalid_changes_write_nothing(ws):
    before = L.project_labels(ws)
    with pytest.raises(LabelSetError, match=r"\$\.labels\[1\]\.key: key '1' is already used"):
        L.update_label(ws, "role", key="1")
    with pytest.raises(LabelSetError, match="editor command key"):
        L.add_label(ws, Label("date", "6", "d", "#0072B2"))
    with pytest.raises(LabelSetError, match="no label named"):
        L.update_label(ws, "nothing", key="7")
    assert L.project_labels(ws) == before


def test_apply_a_label_set_merges_by_name(ws, tmp_path):
    data = default_json()
    data["labels"][0]["colour"] = "#D55E00"
    data["labels"].append(
        {
            "name": "date",
            "key": "6",
            "letter": "g",
            "colour": "#0072B2",
            "description": {"en": "Dates", "ar": "التواريخ"},
            "examples": ["يناير الماضي"],
        }
    )
    result = L.apply_label_set(ws, L.load_label_set(write(tmp_path, data)))
    assert result.added == ["date"] and result.updated == ["person"]
    assert set(result.unchanged) == {"role", "organisation", "event", "figure"}
    assert [lab.name for lab in ws.labels][-1] == "date" and ws.label("person").colour == "#D55E00"


def test_delete_only_unused_labels(ws):
    s = DocumentSession(ws, 1)
    s.apply(s.plan_label(0, 5, "person"))
    with pytest.raises(LabelSetError, match="used by 1 span"):
        L.delete_label(ws, "person")
    L.delete_label(ws, "event")
    assert "event" not in ws.label_by_name
    assert L.label_span_counts(ws)["person"] == 1


def test_export_and_reload_a_project_label_set(ws, tmp_path):
    L.update_label(ws, "event", description_ar="الأحداث المحددة")
    out = tmp_path / "labels.json"
    L.write_label_set(L.project_label_set(ws, "mine"), out)
    again = L.load_label_set(out)
    assert again.name == "mine" and [s for s in again.labels] == L.project_labels(ws)
    assert not list(tmp_path.glob(".labels.json.*"))  # written through a temporary file


# --- colours ----------------------------------------------------------------------------------------


def test_default_colours_are_distinct_for_colour_blind_users_and_readable_in_both_themes():
    colours = {d.name: d.colour for d in DEFAULT_LABELS}
    assert L.colour_warnings(colours) == []
    for c in colours.values():
        assert contrast_ratio(dark_tint(c), DARK_TEXT) >= 4.5
    # The rule is needed: a fixed 55 % blend leaves the yellow unreadable in the dark theme.
    r, g, b = (int("F0E442"[i : i + 2], 16) for i in (0, 2, 4))
    fixed = tuple(round(38 + (v - 38) * 0.55) for v in (r, g, b))
    assert contrast_ratio(fixed, DARK_TEXT) < 4.5


def test_colour_warnings_catch_look_alikes():
    # Orange and the olive a deuteranope sees for it: distinct with normal vision only.
    warnings = L.colour_warnings({"a": "#E69F00", "b": "#CAB411"}, dark=False)
    assert {w.split(":")[0] for w in warnings} == {"light theme, protanopia", "light theme, deuteranopia"}
    assert L.colour_warnings({"a": "#E69F00", "b": "#E69F01"})  # alike for everyone
