"""What an import did (or, for a dry run, would do), and the failure that leaves nothing imported."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.core.issues import Tally
from app.services.workspace import ServiceError

MAX_PROBLEMS = 200  # problem messages kept in a report (all are counted)


class ImportFailed(ServiceError):
    """Nothing was imported. ``problems`` holds one message per problem (the first 200)."""

    def __init__(
        self, problems: list[str], total: int | None = None, report: CorpusImportReport | None = None
    ) -> None:
        self.problems = list(problems)
        self.report = report
        n = total if total is not None else len(self.problems)
        head = self.problems[0] if self.problems else "nothing to import"
        more = f" (and {n - 1} more problem(s); nothing was imported)" if n > 1 else " (nothing was imported)"
        if head.endswith("nothing was imported"):
            more = ""
        super().__init__(head + more)


@dataclass
class CorpusImportReport:
    format: str
    files: list[str]
    annotator: str
    dry_run: bool = False
    records: int = 0
    documents_added: int = 0
    documents_existing: int = 0
    layers_added: int = 0
    spans_added: int = 0
    spans_read: int = 0
    rejected: int = 0
    problems: list[str] = field(default_factory=list)
    rejected_path: Path | None = None
    labels_created: list[str] = field(default_factory=list)
    label_counts: dict[str, int] = field(default_factory=dict)  # source label -> spans read
    unknown_labels: dict[str, int] = field(default_factory=dict)
    tally: Tally = field(default_factory=Tally)
    added: list[tuple[int, str]] = field(default_factory=list)  # (document id, source name), first 10,000
    duplicates: list[tuple[str, int]] = field(
        default_factory=list
    )  # (source name, existing id), first 10,000
    annotators: list[str] = field(default_factory=list)  # merge: layers' owners
    commit_s: float = 0.0  # time of the final commit (and SQLite's WAL checkpoint)

    @property
    def documents(self) -> int:
        return self.documents_added + self.documents_existing

    @property
    def spans(self) -> int:
        return self.spans_added

    def summary(self) -> str:
        verb = "would be imported" if self.dry_run else "imported"
        owner = ", ".join(self.annotators) if self.annotators else self.annotator
        lines = [
            f"{self.documents_added:,} document(s) {verb}, {self.documents_existing:,} already in the project; "
            f"{self.spans_added:,} span(s) {'would be ' if self.dry_run else ''}added to the layer(s) of {owner} "
            f"({len(self.files)} file(s), {self.format})"
        ]
        if self.labels_created:
            lines.append(f"labels created: {', '.join(self.labels_created)}")
        if self.label_counts:
            lines.append(
                "labels read: "
                + ", ".join(f"{k} {v:,}" for k, v in sorted(self.label_counts.items(), key=lambda kv: -kv[1]))
            )
        lines += [f"  {line}" for line in self.tally.lines()]
        if self.rejected:
            where = f", written to {self.rejected_path}" if self.rejected_path else ""
            lines.append(f"{self.rejected:,} record(s) {'would be ' if self.dry_run else ''}rejected{where}")
            lines += [f"  {p}" for p in self.problems[:5]]
            if self.rejected > 5:
                lines.append(
                    f"  … and {self.rejected - 5:,} more"
                    + (f" (every one in {self.rejected_path})" if self.rejected_path else "")
                )
        return "\n".join(lines)
