"""A workspace: an open project database with its labels and the current annotator.

Both the GUI and the CLI start here. Opening never adds documents; the GUI asks
:func:`app.services.importing.ensure_seeded` to fill a new, empty project.
"""

from __future__ import annotations

import contextlib
import getpass
import os
from collections.abc import Callable, Iterator

from app.core.annotators import GOLD, AnnotatorNameError, annotator_name
from app.core.labels import Label
from app.core.layers import LayerStatus, is_status
from app.services.labelset import stored_labels
from app.store import SqlError
from app.store import repository as repo
from app.store.db import Database, DatabaseError, open_database, resolve
from app.store.repository import DocumentRow

SETTING_ANNOTATOR = "annotator"


class ServiceError(Exception):
    """A use case failed for a reason the user can act on. ``str()`` is the message."""


def default_annotator_name() -> str:
    try:
        name = getpass.getuser()
    except Exception:
        name = ""
    try:
        return annotator_name(name, gold=False)
    except AnnotatorNameError:  # no login name, or one no annotator may have
        return "annotator"


def checked_annotator_name(name: str, gold: bool = True) -> str:
    """``name`` as :func:`app.core.annotators.annotator_name` makes it, or ServiceError saying why not
    (``gold=False``: a person's name is asked for, not the gold layer)."""
    try:
        return annotator_name(name, gold=gold)
    except AnnotatorNameError as exc:
        shown = name if len(name) <= 40 else name[:40] + "…"
        raise ServiceError(f"annotator {shown!r}: {exc}") from None


def _annotator_row(session, project_id: int, name: str) -> int:  # type: ignore[no-untyped-def]
    """The id of annotator ``name``, created if new: a new ``gold`` is the gold layer, never a
    person's (a person of that name in a database of an older Hamish keeps working)."""
    if name == GOLD and repo.annotator_id(session, project_id, name, create=False) is None:
        return repo.gold_annotator_id(session, project_id)  # type: ignore[return-value]
    return repo.annotator_id(session, project_id, name)  # type: ignore[return-value]


def _default_labels():  # type: ignore[no-untyped-def]
    """Labels of a new project, from resources/labels/default.json (read only then)."""
    from app.services.labelset import default_labels

    return default_labels()


class SharedTransaction:
    """One database transaction shared by edits of several documents (see
    :meth:`Workspace.transaction`)."""

    def __init__(self) -> None:
        self.session = None
        self.undo_logs: list = []  # in-memory undo steps of every part, run if anything fails
        self.after_commit: list = []  # notifications, run once the commit succeeded


class Workspace:
    """An open project. ``read_only`` (exports, listings, agreement, backups) writes
    nothing: it does not remember an annotator name or create the annotator, so
    ``annotator_id`` is None when that annotator has no row in the project."""

    def __init__(self, db: Database, annotator: str | None = None, read_only: bool = False) -> None:
        self.db = db
        self.read_only = read_only
        if annotator is not None:
            annotator = checked_annotator_name(annotator)
        project_id = None
        if read_only:
            with db.read() as s:
                project_id = repo.project_id(s)
                if project_id is not None:
                    stored = repo.get_setting(s, SETTING_ANNOTATOR)
                    name = annotator or stored or default_annotator_name()
                    self.project_id = project_id
                    self.annotator_id = repo.annotator_id(s, project_id, name, create=False)  # type: ignore[assignment]
                    self.annotator_name = name
            if project_id is None:  # never set one up in a database opened only to read
                raise DatabaseError(
                    f"no Hamish project at {db.location.display} (the database holds no project)"
                )
        if project_id is None:  # a new database: nothing to protect, set it up
            with db.write() as s:
                self.project_id = repo.ensure_project(s, labels=_default_labels)
                stored = repo.get_setting(s, SETTING_ANNOTATOR)
                name = annotator or stored or default_annotator_name()
                if stored is None and name != GOLD:  # the gold layer is never the remembered annotator
                    repo.set_setting(s, SETTING_ANNOTATOR, name)
                self.annotator_id = _annotator_row(s, self.project_id, name)
                self.annotator_name = name
        self.shared_transaction: SharedTransaction | None = None
        self.labels: list[Label] = []
        self.label_by_name: dict[str, Label] = {}
        self.label_by_id: dict[int, Label] = {}
        self.reload_labels()

    def reload_labels(self) -> None:
        """Re-read the project's labels (after an import created some, or the label dialog)."""
        with self.db.read() as s:
            self.labels = stored_labels(s, self.project_id)
        self.label_by_name = {lab.name: lab for lab in self.labels}
        self.label_by_id = {lab.id: lab for lab in self.labels}

    @classmethod
    def open(
        cls,
        db: str | os.PathLike[str],
        *,
        create: bool = True,
        annotator: str | None = None,
        read_only: bool = False,
        on_lock_wait: Callable[[], None] | None = None,
    ) -> Workspace:
        """Open a project database (creating it if allowed); raises DatabaseError.
        ``read_only``: the file is opened read-only and never created (see
        :func:`app.store.db.open_database`, also for ``on_lock_wait``)."""
        database = open_database(
            db, create=create and not read_only, read_only=read_only, on_lock_wait=on_lock_wait
        )
        try:
            return cls(database, annotator=annotator, read_only=read_only)
        except BaseException:
            database.dispose()
            raise

    def switch_annotator(self, name: str) -> None:
        """Work as ``name`` from now on (created if new; remembered in the project)."""
        name = checked_annotator_name(name, gold=False)
        kinds = {n: k for _, n, k in self.annotators()}
        if kinds.get(name) == "gold":
            raise ServiceError(f"{name!r} is the adjudicated gold layer, not an annotator")
        with self.db.write() as s:
            repo.set_setting(s, SETTING_ANNOTATOR, name)
            self.annotator_id = repo.annotator_id(s, self.project_id, name)  # type: ignore[assignment]
        self.annotator_name = name

    def forget_annotator_if_unused(self, name: str) -> bool:
        """Delete annotator ``name`` if they own no layer and no review decision (the login
        name offered at the first launch and not taken): such a name must not appear in
        review and agreement. Never the current annotator. True when deleted."""
        if name == self.annotator_name:
            return False
        with self.db.write() as s:
            aid = repo.annotator_id(s, self.project_id, name, create=False)
            return aid is not None and repo.drop_annotator_if_unused(s, aid)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[SharedTransaction]:
        """Run edits of several DocumentSessions as ONE transaction: all or nothing, in the
        database and in every session's memory (label-all across the project, a batch
        adjudication). Listeners hear of the changes after the commit."""
        if self.shared_transaction is not None:
            yield self.shared_transaction
            return
        tx = SharedTransaction()
        self.shared_transaction = tx
        try:
            with self.db.write() as s:
                tx.session = s
                yield tx
        except BaseException as exc:
            for undo in reversed(tx.undo_logs):
                undo()
            if isinstance(exc, SqlError):
                raise ServiceError(f"{self.location}: the change was not saved ({exc})") from exc
            raise
        finally:
            self.shared_transaction = None
        for notify in tx.after_commit:
            notify()

    @property
    def location(self) -> str:
        return self.db.location.display

    def close(self) -> None:
        self.db.dispose()

    # -- settings --------------------------------------------------------------------------
    def setting(self, key: str) -> str | None:
        with self.db.read() as s:
            return repo.get_setting(s, key)

    def set_setting(self, key: str, value: str) -> None:
        with self.db.write() as s:
            repo.set_setting(s, key, value)

    # -- documents -------------------------------------------------------------------------
    def documents(self) -> list[DocumentRow]:
        with self.db.read() as s:
            return repo.list_documents(s, self.project_id, self.annotator_id)

    def documents_matching(self, needle: str) -> set[int]:
        with self.db.read() as s:
            return repo.document_ids_matching(s, self.project_id, needle)

    def label_counts(self) -> dict[int, dict[str, int]]:
        """``{document_id: {label name: count}}`` of the current annotator's spans."""
        with self.db.read() as s:
            raw = repo.label_counts(s, self.annotator_id)
        names = {lab.id: lab.name for lab in self.labels}
        return {doc: {names.get(lid, str(lid)): n for lid, n in per.items()} for doc, per in raw.items()}

    def set_status(self, document_id: int, status: str) -> None:
        if not is_status(status):
            raise ServiceError(f"unknown status {status!r} (one of {', '.join(LayerStatus)})")
        with self.db.write() as s:
            repo.set_document_status(s, document_id, self.annotator_id, status)

    def document_count(self) -> int:
        with self.db.read() as s:
            return repo.document_count(s, self.project_id)

    def annotators(self) -> list[tuple[int, str, str]]:
        """``(id, name, kind)`` of every annotator of the project, in creation order."""
        with self.db.read() as s:
            return repo.annotators(s, self.project_id)

    def annotator_id_for(self, name: str) -> int | None:
        with self.db.read() as s:
            return repo.annotator_id(s, self.project_id, name, create=False)

    def label(self, name: str) -> Label:
        try:
            return self.label_by_name[name]
        except KeyError:
            raise ServiceError(f"unknown label {name!r} (labels: {', '.join(self.label_by_name)})") from None


# Re-exported for the interface layers (app.ui and app.cli never import app.store): the
# document list's rows, the store's errors, and where a ``--db`` value points (``resolve``).
__all__ = [
    "Workspace",
    "DocumentRow",
    "ServiceError",
    "DatabaseError",
    "SqlError",
    "default_annotator_name",
    "resolve",
]


def default_db_path() -> str:
    """``hamish.db`` in the per-user data folder (platformdirs), e.g. ~/.local/share/Hamish."""
    from platformdirs import user_data_dir

    return os.path.join(user_data_dir("Hamish", appauthor=False), "hamish.db")
