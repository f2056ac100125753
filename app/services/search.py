"""Project-wide search and label-all: the core search over every document's text.

Normalising a text costs time proportional to its length (≈5 ms per MB), so normalised
texts are cached in memory per (document, normalisation options) and reused by every
later query. Each search first reads ``(id, title, text_sha256)`` of all documents (one
column query) and reloads only the texts whose hash changed or that are not cached; the
cache is bounded (``max_cached_chars``, least recently used out first), so a project
larger than memory still works, only slower.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from app.core.clitics import vocabulary
from app.core.normalise import Normalised, NormaliseOptions, Normaliser
from app.core.search import Hit, LabelAllPreview, Query, SearchOptions, classify
from app.core.spans import Origin, SpanIndex, SpanRecord
from app.store import repository as repo
from app.store import spans as span_store

DEFAULT_MAX_CACHED_CHARS = 64_000_000  # code points of original + normalised text
DEFAULT_LIMIT = 10_000
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class ProjectHit:
    document_id: int
    title: str
    hit: Hit

    @property
    def start(self) -> int:
        return self.hit.start

    @property
    def end(self) -> int:
        return self.hit.end


@dataclass(frozen=True)
class ProjectResult:
    query: str
    hits: list[ProjectHit]
    per_document: dict[int, int]  # document id → hits (all of them, even past the limit)
    documents: int  # documents searched
    truncated: bool  # more hits than ``limit``: ``hits`` holds the first ones
    seconds: float

    @property
    def total(self) -> int:
        return sum(self.per_document.values())


@dataclass(frozen=True)
class DocumentPreview:
    document_id: int
    title: str
    preview: LabelAllPreview


@dataclass
class _Entry:
    sha: str
    title: str
    text: str
    normalised: dict[NormaliseOptions, Normalised] = field(default_factory=dict)
    words: frozenset[str] | None = None  # for clitic trimming (app.core.clitics.vocabulary)

    @property
    def size(self) -> int:
        return len(self.text) + sum(len(n.text) for n in self.normalised.values())


class ProjectSearch:
    """Search every document of a workspace's project (one per window is enough)."""

    def __init__(self, ws, max_cached_chars: int = DEFAULT_MAX_CACHED_CHARS) -> None:  # type: ignore[no-untyped-def]
        self.ws = ws
        self.max_cached_chars = max_cached_chars
        self._cache: OrderedDict[int, _Entry] = OrderedDict()
        self._size = 0

    # -- cache ---------------------------------------------------------------------------------
    def invalidate(self, document_id: int | None = None) -> None:
        """Forget one document's cached text (or all)."""
        if document_id is None:
            self._cache.clear()
            self._size = 0
        elif document_id in self._cache:
            self._size -= self._cache.pop(document_id).size

    @property
    def cached_documents(self) -> int:
        return len(self._cache)

    def _catalogue(self, document_ids: Iterable[int] | None) -> list[tuple[int, str, str]]:
        with self.ws.db.read() as s:
            rows = repo.document_catalogue(s, self.ws.project_id)
        if document_ids is not None:
            wanted = set(document_ids)
            rows = [r for r in rows if r[0] in wanted]
        return rows

    def _entries(self, catalogue: Sequence[tuple[int, str, str]]) -> Iterable[tuple[int, _Entry]]:
        """``(id, entry)`` for each document of the catalogue, loading stale texts in chunks."""
        for i in range(0, len(catalogue), _CHUNK):
            part = catalogue[i : i + _CHUNK]
            # Hold the fresh entries now: normalising a document may evict another one of
            # this chunk from the cache before its turn.
            fresh = {
                did: e for did, _, sha in part if (e := self._cache.get(did)) is not None and e.sha == sha
            }
            stale = [did for did, _, _ in part if did not in fresh]
            texts: dict[int, str] = {}
            if stale:
                with self.ws.db.read() as s:
                    texts = repo.document_texts(s, stale)
            for did, title, sha in part:
                entry = fresh.get(did)
                if entry is None:
                    if did not in texts:  # deleted between the two queries
                        continue
                    entry = _Entry(sha, title, texts[did])
                entry.title = title
                if self._cache.get(did) is entry:
                    self._cache.move_to_end(did)
                else:
                    self.invalidate(did)
                    self._cache[did] = entry
                    self._size += entry.size
                yield did, entry

    def _normalised(self, did: int, entry: _Entry, normaliser: Normaliser) -> Normalised:
        key = normaliser.options
        n = entry.normalised.get(key)
        if n is None:
            n = normaliser.normalise(entry.text)
            entry.normalised[key] = n
            self._size += len(n.text)
            self._evict(keep=did)
        return n

    def _evict(self, keep: int) -> None:
        while self._size > self.max_cached_chars and len(self._cache) > 1:
            did, entry = next(iter(self._cache.items()))
            if did == keep:
                self._cache.move_to_end(did)
                continue
            self._cache.pop(did)
            self._size -= entry.size

    def document(self, document_id: int, options: NormaliseOptions | None = None) -> tuple[str, Normalised]:
        """A document's text and its normalised form (cached): the open document's find bar
        and label-all preview use it."""
        cat = self._catalogue([document_id])
        for did, entry in self._entries(cat):
            return entry.text, self._normalised(did, entry, Normaliser(options))
        raise KeyError(f"document {document_id} does not exist")

    def vocabulary(self, document_ids: Iterable[int] | None = None) -> frozenset[str]:
        """The normalised words of the project (or of ``document_ids``): the evidence
        :func:`app.core.clitics.trim_span` uses for a bare ب/ل/ك. Cached per document."""
        words: set[str] = set()
        for _, entry in self._entries(self._catalogue(document_ids)):
            if entry.words is None:
                entry.words = vocabulary([entry.text])
            words |= entry.words
        return frozenset(words)

    # -- search --------------------------------------------------------------------------------
    def search(
        self,
        query: str | Query,
        options: SearchOptions | None = None,
        *,
        limit: int = DEFAULT_LIMIT,
        document_ids: Iterable[int] | None = None,
    ) -> ProjectResult:
        """Every hit of ``query`` in the project (or in ``document_ids``), in document
        order. Raises :class:`app.core.search.QueryError` for an empty query."""
        t0 = time.perf_counter()
        q = query if isinstance(query, Query) else Query(query, options)
        hits: list[ProjectHit] = []
        per_doc: dict[int, int] = {}
        truncated = False
        n_docs = 0
        for did, entry in self._entries(self._catalogue(document_ids)):
            n_docs += 1
            norm = self._normalised(did, entry, q.normaliser)
            if not q.occurs_in(norm.text):
                continue
            room = limit - len(hits)
            found = q.find(entry.text, norm, limit=room) if room > 0 else []
            count = len(found)
            if room <= 0 or count == room:  # maybe more than the limit: count them all
                count = q.count(norm.text)
            truncated = truncated or count > len(found)
            per_doc[did] = count
            hits.extend(ProjectHit(did, entry.title, h) for h in found)
        return ProjectResult(q.raw, hits, per_doc, n_docs, truncated, time.perf_counter() - t0)

    def label_all(
        self,
        query: str | Query,
        label: str,
        options: SearchOptions | None = None,
        *,
        spans: Mapping[int, SpanIndex] | None = None,
        annotator_id: int | None = None,
        document_ids: Iterable[int] | None = None,
    ) -> list[DocumentPreview]:
        """Label-all candidates in every document with a hit. ``spans`` gives the span
        index of documents open in the editor (their in-memory state); the others are read
        from the annotator's layer (default: the current annotator)."""
        self.ws.label(label)
        q = query if isinstance(query, Query) else Query(query, options)
        annotator = self.ws.annotator_id if annotator_id is None else annotator_id
        open_spans = spans or {}
        out: list[DocumentPreview] = []
        for did, entry in self._entries(self._catalogue(document_ids)):
            norm = self._normalised(did, entry, q.normaliser)
            if not q.occurs_in(norm.text):
                continue
            hits = q.find(entry.text, norm)
            index = open_spans.get(did)
            if index is None:
                index = self._layer_spans(did, annotator)
            cands, skipped = classify(hits, index, label)
            out.append(DocumentPreview(did, entry.title, LabelAllPreview(q.raw, label, cands, skipped)))
        return out

    def _layer_spans(self, document_id: int, annotator: int) -> SpanIndex:
        names = {lab.id: lab.name for lab in self.ws.labels}
        origins = {o.value: o for o in Origin}
        with self.ws.db.read() as s:
            layer = span_store.layer_id(s, document_id, annotator, create=False)
            rows = span_store.layer_spans(s, layer) if layer is not None else []
        return SpanIndex(
            SpanRecord(start, end, names[lab], text, sid, origins[origin], prov)
            for sid, start, end, lab, text, origin, prov in rows
        )
