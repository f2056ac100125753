"""The import engine: records from a format reader into the database, in one transaction.

Used by :func:`app.services.importing.import_corpus` (and ``inspect_corpus``) and by
:mod:`app.services.merge`. Records stream in, are checked and mapped one by one, and are
written in batches through bulk statements; memory stays flat in corpus size.

By concern:

* :mod:`.engine`: :class:`Ingest`, the reading loop (records checked, grouped into batches,
  problems counted) and :func:`iter_items`;
* :mod:`.spans`: the span checks of a record (labels, offsets, nesting, duplicates);
* :mod:`.writers`: where the batches go: :class:`~.writers.DatabaseWriter` (one write
  transaction) or :class:`~.writers.DryRunWriter` (``inspect_corpus``: nothing written);
* :mod:`.report`: :class:`CorpusImportReport` and :class:`ImportFailed`.

Rules (documented in README, "Import and export formats"):

* **Documents** are matched by the SHA-256 of their stored text. A record whose text is
  already in the project (from an earlier import, or an earlier record of this one) adds
  its spans to that document; no second copy is made.
* **Spans** go to one annotator's layer (``--annotator``, default the current one; a
  merge uses the annotator each record names). A span identical (start, end, label) to
  one already in that layer is skipped and counted, so importing the same file twice adds
  nothing. A span that would cross a span of the layer (Hamish layers hold nested or
  disjoint spans only) makes its record a problem.
* **Layers in a merge** (``layer_policy="newer"``): a layer the project does not have is
  added; one it has is replaced when the incoming one is newer (``updated_at``), kept
  otherwise — merging the same file twice changes nothing.
* **All or nothing**: any problem (a rejected record) or unknown label stops the import
  and nothing is written; with ``skip_bad`` the valid records are imported and the
  rejected ones written to a JSONL report (file, line, reasons, the record as written).
  A record is what a format reads as one: a JSON line or task, a brat document, a CoNLL
  *sentence* (a bad sentence is left out, not its file).

Speed (``tests/benchmarks/bench_formats.py``; 1,000,000 spans in 100,000 documents, measured
on the development machine, see README). What the engine does per span is kept to a few
C-level operations, and every check stays:

* Spans that come sorted (start, outer first; every Hamish export and CoNLL reader gives
  them so) are checked for crossing and duplicates in the reading loop itself, with the
  previous span and a stack of the enclosing spans' ends; others are sorted by two stable
  C-level sorts and swept (:func:`.spans.laminar`). Same rules, same messages.
* A record's kept spans go into ONE flat list of values (:data:`.spans.ROW` per span, the last
  slot holding the line until it becomes the layer id), written by multi-row INSERTs
  (``bulk.bulk_insert_span_rows``: 1,024 spans a statement, cached statements; one
  timestamp for the whole import so the statement text never changes).
* The text is encoded to UTF-8 once: those bytes are hashed and stored
  (``CAST(? AS TEXT)``), so SQLite's binding does not encode it again.
* New documents are inserted without a look-up first (``ON CONFLICT DO NOTHING`` on the
  text-hash index); only a batch where a text was already there is looked up (and from
  then on every batch), so document ids stay consecutive.
* The cyclic garbage collector is off during the import: a batch's records and rows are
  millions of container objects that trigger full collections again and again (12 % of
  the import's time, profiled), and an import makes no reference cycles in bulk.
* CHECK constraints are checked here rather than by SQLite per row
  (``bulk.begin_bulk_import``, undone on the same connection before the commit).
  ``synchronous`` and the journal mode are untouched: the commit (and the checkpoint SQLite
  runs at it) is as durable as any other.

Tried and dropped (measured): writing on a second thread (SQLite releases the GIL while it
inserts, but the writer then waits up to the 5 ms switch interval for the GIL after every
statement: 9.9-12.0 s against 8.9-9.8 s on one thread, on this 2-core machine under load);
multi-row INSERTs for documents and layers (their rows are few and large: 1.61 s against
1.06 s per 100,000 documents with ``executemany``); a larger SQLite page cache (no
difference within noise, up to +66 MiB); deferring the WAL checkpoint past the commit (it
would only move ~1 s of disk writes to the next commit, a key press in the editor); the
format's reader in a second process, sending pickled batches of records (CoNLL 127k → 146k
spans/s, JSONL 146k → 115k: pickling and unpickling a record costs about what parsing it
does, and the second core is then busy with that instead).
"""

from app.services.ingest.engine import Ingest, iter_items
from app.services.ingest.report import CorpusImportReport, ImportFailed

__all__ = ["Ingest", "ImportFailed", "CorpusImportReport", "iter_items"]
