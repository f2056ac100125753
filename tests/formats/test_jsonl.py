import io
import json

from app.formats import FORMATS, ExportDocument, ExportSpan, FormatError, get_format, jsonl


def test_registry_names_the_module():
    assert FORMATS["jsonl"] is jsonl.FORMAT
    try:
        get_format("nope")
    except FormatError as exc:
        assert "jsonl" in str(exc)
    else:
        raise AssertionError("unknown format accepted")


def test_write_emits_one_line_per_document_with_code_point_offsets():
    text = "🙂 موسكو\nسطر"
    doc = ExportDocument(
        3,
        "t",
        "f.txt",
        text,
        "0" * 64,
        "amal",
        "new",
        "2026-01-01T00:00:00Z",
        "2026-01-01T00:00:00Z",
        [ExportSpan(2, 7, "organisation", "موسكو")],
    )
    buf = io.BytesIO()
    assert jsonl.write([doc, doc], buf) == 2
    lines = buf.getvalue().decode("utf-8").split("\n")
    assert lines[-1] == "" and len(lines) == 3  # newline-terminated, newline inside text escaped
    obj = json.loads(lines[0])
    assert obj["spans"] == [{"start": 2, "end": 7, "label": "organisation", "text": "موسكو"}]
    assert obj["text"][2:7] == "موسكو" and obj["format"] == "hamish-jsonl" and obj["version"] == 1
