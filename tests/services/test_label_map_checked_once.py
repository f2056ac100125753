"""A label map given to an import or a merge is read and checked once, where it comes in
(app.services.labelmap.checked_label_map); the label resolver takes it as checked."""

import json

import pytest

from app.core import labelnames
from app.services import export, importing, labelmap, merge
from app.services.workspace import Workspace
from tests.conftest import CORPORA

AQMAR_TEST = CORPORA / "aqmar" / "test.txt"
MAP = {"PER": "person", "LOC": None, "ORG": "organisation", "MIS": None}


@pytest.fixture
def checks(monkeypatch):
    """Every check of a label map (the core's, used by the file reader, and the service's)."""
    seen: list[dict] = []
    real = labelnames.check_label_map

    def counted(value, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(value)
        return real(value, *args, **kwargs)

    monkeypatch.setattr(labelnames, "check_label_map", counted)
    monkeypatch.setattr(labelmap, "check_label_map", counted)
    return seen


@pytest.fixture
def ws(tmp_path):
    w = Workspace.open(tmp_path / "p.db", annotator="rana")
    yield w
    w.close()


def test_a_map_file_or_object_is_checked_once_per_import(ws, tmp_path, checks):
    path = tmp_path / "map.json"
    path.write_text(json.dumps(MAP), encoding="utf-8")
    rep = importing.inspect_corpus(ws, [AQMAR_TEST], "conll", label_map=path)
    assert len(checks) == 1 and rep.label_counts and not rep.unknown_labels
    checks.clear()
    rep = importing.import_corpus(ws, [AQMAR_TEST], "conll", label_map=dict(MAP))
    assert checks == [MAP] and rep.spans_added > 0 and rep.tally["label_dropped_by_map"] > 0


def test_a_map_object_is_checked_once_per_merge(ws, tmp_path, checks):
    importing.import_corpus(ws, [AQMAR_TEST], "conll", label_map=dict(MAP))
    out = tmp_path / "rana.jsonl"
    export.export(ws, out)
    other = Workspace.open(tmp_path / "other.db", annotator="badr")
    try:
        checks.clear()
        rep = merge.merge(other, out, label_map={"person": "person"})
        assert len(checks) == 1 and rep.spans_added > 0
    finally:
        other.close()
