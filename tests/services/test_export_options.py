"""ExportOptions: what an export writes, checked when made (app.services.export)."""

from dataclasses import replace

import pytest

from app.services import export, importing
from app.services.export import ExportOptions, max_workers
from app.services.workspace import ServiceError, Workspace


def test_the_default_options_are_the_simple_jsonl_export():
    options = ExportOptions()
    assert (options.format, options.annotator, options.workers, options.only_annotated) == (
        "jsonl",
        None,
        1,
        False,
    )
    assert options.format_spec.name == "jsonl" and options.statuses is None and options.ratios is None


def test_status_and_split_are_parsed_once_when_made():
    options = ExportOptions(format="conll", status="done, reviewed", split="80/10/10")
    assert options.statuses == frozenset({"done", "reviewed"}) and options.ratios == (80.0, 10.0, 10.0)
    assert ExportOptions(status=["in_progress"], split=(9, 1)).statuses == frozenset({"in_progress"})
    assert replace(options, split="90:10").ratios == (90.0, 10.0)  # replace() derives them again


@pytest.mark.parametrize(
    "values, message",
    [
        ({"format": "xml"}, "unknown format 'xml'"),
        ({"format": "text"}, "format 'text' cannot be exported (export formats: jsonl, "),
        ({"partial": "trim"}, "partial-token policy 'trim': use expand or skip"),
        ({"nested": "all"}, "nesting policy 'all': use outermost or innermost"),
        ({"offsets": "bytes"}, "offsets 'bytes': use utf16 or codepoints"),
        ({"status": "finished"}, "status 'finished': use one or more of new, in_progress, done, reviewed"),
        ({"status": " , "}, "use one or more of new, in_progress, done, reviewed"),
        ({"split": "80/x"}, "split '80/x': give ratios such as 80/10/10"),
        ({"split": "1/1/1/1"}, "give 2 or 3 non-negative ratios"),
        ({"workers": -1}, "-1 workers: give 1 to"),
        (
            {"workers": max_workers() + 1},
            f"{max_workers() + 1} workers: give 1 to {max_workers()} (one per processor)",
        ),
    ],
)
def test_a_bad_value_is_refused_when_the_options_are_made(values, message):
    with pytest.raises(ServiceError) as info:
        ExportOptions(**values)
    assert message in str(info.value)
    with pytest.raises(ServiceError):
        replace(ExportOptions(), **values)


def test_export_without_options_writes_the_current_annotator_s_jsonl(tmp_path, seed_text):
    seed = tmp_path / "seed.txt"
    seed.write_text(seed_text, encoding="utf-8")
    ws = Workspace.open(tmp_path / "p.db", annotator="amal")
    try:
        assert importing.import_text_files(ws, [seed]).added
        plain = export.export(ws, tmp_path / "plain.jsonl")
        export.export(ws, tmp_path / "explicit.jsonl", ExportOptions(format="jsonl", annotator="amal"))
    finally:
        ws.close()
    assert (plain.format, plain.annotator, plain.documents) == ("jsonl", "amal", 1)
    assert (tmp_path / "plain.jsonl").read_bytes() == (tmp_path / "explicit.jsonl").read_bytes()
