"""Persistence: SQLAlchemy models, database opening and migrations, queries and writes.

The only package that imports SQLAlchemy or ``sqlite3`` (an import-linter contract).
Services open a unit of work with ``Database.read()`` / ``write()`` and hand the
:data:`Session` it yields to the functions of the store's modules, by concern:

* :mod:`app.store.repository`: project, settings, annotators, documents;
* :mod:`app.store.spans`: the editor's hot path (a layer's spans, one span at a time);
* :mod:`app.store.bulk`: bulk import writes; :mod:`app.store.export_rows`: export cursors;
* :mod:`app.store.review_repository`: pairs of layers, the gold layer, reviewer decisions;
* :mod:`app.store.label_repository`: labels (its rows become ``app.core.labels.Label``);
* :mod:`app.store.foreign`: reading another Hamish database (merge); :mod:`app.store.backup`:
  backups.

Errors come out as the exceptions re-exported here (:mod:`app.store.errors`).
"""

from sqlalchemy.orm import Session

from app.store.errors import (
    DatabaseError,
    DatabaseGone,
    IntegrityError,
    NewerSchemaError,
    OperationalError,
    SqlError,
)

__all__ = [
    "Session",
    "DatabaseError",
    "DatabaseGone",
    "IntegrityError",
    "NewerSchemaError",
    "OperationalError",
    "SqlError",
]
