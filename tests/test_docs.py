"""The documentation stays true: links resolve, README stays short and keeps the two
commands, the ADRs keep their shape, and the user guide's command table is the one the
window is built from (``app/ui/command_table.py``).

Rewrite the command table after changing a command or a key::

    .venv/bin/python -m tests.test_docs
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.services.labelset import default_labels
from app.ui import command_table as table
from app.ui import keys

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
USER_GUIDE = DOCS / "user-guide.md"
ADRS = DOCS / "adr"
COMMANDS = (".ci/setup && .venv/bin/hamish", ".ci/setup && .venv/bin/python -m pytest")
TABLE_START, TABLE_END = "<!-- commands:start -->", "<!-- commands:end -->"
ADR_SECTIONS = ("## Context", "## Decision", "## Alternatives", "## Consequences")

_FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
_CODE = re.compile(r"`[^`\n]*`")
_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def markdown_files() -> list[Path]:
    return [README, *sorted(DOCS.rglob("*.md"))]


def prose(text: str) -> str:
    """``text`` without code blocks and inline code (their brackets are not links)."""
    return _CODE.sub("", _FENCE.sub("", text))


def anchors(path: Path) -> set[str]:
    """GitHub's heading anchors of a Markdown file (lower case, punctuation dropped,
    spaces as hyphens, ``-1``, ``-2`` … for repeated headings)."""
    seen: dict[str, int] = {}
    out: set[str] = set()
    for heading in _HEADING.findall(_FENCE.sub("", path.read_text(encoding="utf-8"))):
        slug = re.sub(r"[^\w\- ]", "", heading.replace("`", "").lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}-{n}")
    return out


def relative_links(path: Path) -> list[str]:
    return [
        t
        for t in _LINK.findall(prose(path.read_text(encoding="utf-8")))
        if not re.match(r"[a-z][a-z0-9+.-]*:", t)
    ]


def broken_links(path: Path) -> list[str]:
    """The relative links of ``path`` whose file, or whose heading anchor, does not exist."""
    broken = []
    for target in relative_links(path):
        file_part, _, anchor = target.partition("#")
        dest = (path.parent / file_part).resolve() if file_part else path
        if not dest.exists():
            broken.append(f"{target}: no such file")
        elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
            broken.append(f"{target}: no heading #{anchor} in {dest.name}")
    return broken


# -- the command table of the user guide -------------------------------------------------------
def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _keys(seqs: tuple[str, ...] | list[str]) -> str:
    return " ".join(f"`{s}`" for s in seqs) or "—"


def _arabic_twins(seqs: tuple[str, ...] | list[str]) -> str:
    twins = [alt for s in seqs for alt in keys.alternatives(s)[1:]]
    return _keys(twins)


def command_rows() -> list[tuple[str, str, str, str]]:
    """(keys, Arabic-layout keys, menu command, what it does) for every command of the main
    window: the project's labels (here the default label set), then the command table in its
    order, then the keys and gestures of the text view. The F1 sheet lists the same."""
    rows: list[tuple[str, str, str, str]] = []
    for lab in default_labels():
        plain = [k for k in (lab.key, lab.letter.upper()) if k]
        shown = dict(lab.display).get("ar", lab.name)
        rows.append(
            (
                _keys(plain),
                _arabic_twins(plain),
                f"Labels → {lab.name} ({shown})",
                "Label the selection, or relabel the selected span",
            )
        )
    rows.append(
        (
            "`Alt` + a label key",
            "`Alt` + its twin",
            "—",
            "Label the exact characters, without snapping to words",
        )
    )
    rows.append(
        (
            "`Ctrl` + a label's digit",
            "`Ctrl` + its twin",
            "—",
            "Sticky label mode with that label (again: off)",
        )
    )
    for cmd in table.COMMANDS:
        if cmd.run is None:  # a dock's own show/hide action
            continue
        seqs = [k for k in cmd.keys if "Backtab" not in k]  # what Shift+Tab sends, bound for Qt's sake
        where = f"{cmd.menu.replace('/', ' → ')} → {cmd.text}" if cmd.menu else "—"
        what = cmd.help if cmd.help and cmd.help != cmd.text else ""
        rows.append((_keys(seqs), _arabic_twins(seqs), _cell(where), _cell(what)))
    for k, what in table.VIEW_KEYS:
        rows.append((_keys(k.split(" / ")), "—", "text view", _cell(what)))
    for gesture, what in table.MOUSE:
        rows.append((_cell(gesture), "—", "text view", _cell(what)))
    return rows


def command_table_markdown() -> str:
    lines = [
        "| Keys | Arabic layout | Menu command | What it does (as the F1 sheet says) |",
        "|---|---|---|---|",
    ]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in command_rows()]
    return "\n".join(lines)


def guide_with_table(guide: str) -> str:
    head, _, rest = guide.partition(TABLE_START)
    _, _, tail = rest.partition(TABLE_END)
    return f"{head}{TABLE_START}\n{command_table_markdown()}\n{TABLE_END}{tail}"


# -- tests ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", markdown_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(path: Path) -> None:
    broken = broken_links(path)
    assert not broken, f"{path.relative_to(ROOT)}: " + "; ".join(broken)


def test_the_link_checker_finds_a_missing_file_and_a_missing_heading(tmp_path: Path) -> None:
    doc = tmp_path / "a.md"
    (tmp_path / "b.md").write_text(
        "# One heading\n\n## Two `code` words\n\n## Two code words\n", encoding="utf-8"
    )
    doc.write_text(
        "# Here\n[ok](b.md#two-code-words-1) [bad](missing.md) [anchor](b.md#nope) [self](#here)\n"
        "`[not](a/link)`\n```\n[nor](this/one)\n```\n[web](https://example.org)\n",
        encoding="utf-8",
    )
    assert relative_links(doc) == ["b.md#two-code-words-1", "missing.md", "b.md#nope", "#here"]
    assert anchors(tmp_path / "b.md") == {"one-heading", "two-code-words", "two-code-words-1"}
    assert broken_links(doc) == ["missing.md: no such file", "b.md#nope: no heading #nope in b.md"]


def test_readme_is_short_and_keeps_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 160
    for command in COMMANDS:
        assert command in text, f"README lost the command {command!r}"


def test_readme_has_one_pair_of_benchmark_markers() -> None:
    text = README.read_text(encoding="utf-8")
    start, end = "<!-- benchmarks:start -->", "<!-- benchmarks:end -->"
    assert text.count(start) == 1 and text.count(end) == 1
    assert text.index(start) < text.index(end)


def test_every_adr_has_its_sections_and_is_listed() -> None:
    index = (ADRS / "README.md").read_text(encoding="utf-8")
    records = sorted(ADRS.glob("[0-9][0-9][0-9][0-9]-*.md"))
    assert len(records) >= 6
    for adr in records:
        text = adr.read_text(encoding="utf-8")
        missing = [s for s in ADR_SECTIONS if not re.search(rf"^{re.escape(s)}\b", text, re.MULTILINE)]
        assert not missing, f"{adr.name} lacks {missing}"
        assert f"({adr.name})" in index, f"{adr.name} is not listed in docs/adr/README.md"


def test_the_user_guide_command_table_is_the_command_table() -> None:
    guide = USER_GUIDE.read_text(encoding="utf-8")
    assert guide.count(TABLE_START) == 1 and guide.count(TABLE_END) == 1
    assert guide == guide_with_table(guide), (
        "docs/user-guide.md's command table differs from app/ui/command_table.py: "
        "run `.venv/bin/python -m tests.test_docs` to rewrite it"
    )


def test_every_key_of_every_command_is_in_the_user_guide() -> None:
    guide = USER_GUIDE.read_text(encoding="utf-8")
    for cmd in table.COMMANDS:
        for key in cmd.keys:
            if "Backtab" not in key:
                assert f"`{key}`" in guide, f"{cmd.id}: key {key} is not in docs/user-guide.md"


if __name__ == "__main__":
    text = USER_GUIDE.read_text(encoding="utf-8")
    USER_GUIDE.write_text(guide_with_table(text), encoding="utf-8")
