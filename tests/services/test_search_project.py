"""Project-wide search and label-all over the documents of a real project database."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text as sql

from app.core.edits import Batch
from app.core.normalise import NormaliseOptions
from app.core.search import CandidateStatus, SearchOptions, find_all
from app.core.stored_text import text_sha256
from app.services.search import ProjectSearch
from app.services.session import DocumentSession
from app.store import repository as repo
from tests.conftest import CORPORA


def corpus_sentences(limit: int) -> list[str]:
    out, cur = [], []
    for line in (CORPORA / "aqmar" / "dev.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if cur:
                out.append(" ".join(cur))
                cur = []
                if len(out) >= limit:
                    break
            continue
        cur.append(line.split()[0])
    return out


@pytest.fixture
def project(ws):
    """The seed article (document 1) and 40 documents of AQMAR sentences (one with emoji)."""
    sents = corpus_sentences(200)
    docs = []
    for i in range(40):
        body = "\n".join(sents[i * 5 : i * 5 + 5])
        if i == 7:
            body = "🙂🙂 " + body + "\nالسفير الإيراني"
        docs.append(repo.NewDocument(f"doc {i}", f"doc{i}.txt", body, text_sha256(body)))
    with ws.db.write() as s:
        repo.add_documents(s, ws.project_id, docs)
    return ws


def all_texts(ws) -> dict[int, tuple[str, str]]:
    with ws.db.read() as s:
        return {
            i: (t, x)
            for i, t, x in s.execute(sql("SELECT id, title, text FROM document ORDER BY position, id"))
        }


def test_project_search_equals_searching_each_document(project):
    ps = ProjectSearch(project)
    texts = all_texts(project)
    for query in ["الإيراني", "في", "الاتحاد الروسي", "وقعوا"]:
        result = ps.search(query)
        expected = [(did, h.start, h.end) for did, (_, t) in texts.items() for h in find_all(t, query)]
        assert [(h.document_id, h.start, h.end) for h in result.hits] == expected
        assert result.total == len(expected) and not result.truncated
        assert result.documents == len(texts)
        for h in result.hits:
            title, t = texts[h.document_id]
            assert h.title == title and t[h.start : h.end] == h.hit.text
    emoji = [h for h in ps.search("الايراني").hits if h.document_id != 1]
    assert emoji and all(texts[h.document_id][1][h.start : h.end] == "الإيراني" for h in emoji)


def test_cache_is_reused_and_invalidated_by_text_hash(project):
    ps = ProjectSearch(project)
    ps.search("الإيراني")
    assert ps.cached_documents == len(all_texts(project))
    # Another process changes a text (same id): the hash differs, the new text is searched.
    new = "وقّع السفير الإيراني اتفاقًا"
    with project.db.write() as s:
        s.execute(
            sql("UPDATE document SET text = :t, text_sha256 = :h WHERE id = 2"),
            {"t": new, "h": text_sha256(new)},
        )
    hits = [h for h in ps.search("وقع").hits if h.document_id == 2]
    assert [h.hit.text for h in hits] == ["وقّع"]
    text, norm = ps.document(2)
    assert text == new and norm.text == "وقع السفير الايراني اتفاقا"
    with pytest.raises(KeyError):
        ps.document(10_000)


def test_a_small_cache_evicts_and_still_finds_everything(project):
    full = ProjectSearch(project).search("في")
    small = ProjectSearch(project, max_cached_chars=3000)
    assert small.search("في").hits == full.hits
    assert 1 <= small.cached_documents < len(all_texts(project))
    assert small.search("في").hits == full.hits


def test_limit_truncates_hits_but_counts_all(project):
    ps = ProjectSearch(project)
    everything = ps.search("في")
    assert everything.total > 30
    limited = ps.search("في", limit=30)
    assert limited.truncated and len(limited.hits) == 30
    assert limited.per_document == everything.per_document
    assert limited.hits == everything.hits[:30]
    only = ps.search("في", document_ids=[3, 4])
    assert {h.document_id for h in only.hits} <= {3, 4} and only.documents == 2


def test_options_are_cached_separately(project):
    ps = ProjectSearch(project)
    loose = ps.search("الايراني").total
    strict = ps.search("الايراني", SearchOptions(normalise=NormaliseOptions(alef=False))).total
    seed = all_texts(project)[1][1]
    assert strict == len(
        re.findall(r"(?<!\w)الايراني(?!\w)", "\n".join(t for _, t in all_texts(project).values()))
    )
    assert loose > strict and "الإيراني" in seed


def test_label_all_across_the_project_then_one_undoable_batch(project):
    ps = ProjectSearch(project)
    seed_session = DocumentSession(project, 1)
    first = seed_session.text.index("الايراني")
    seed_session.apply(seed_session.plan_label(first, first + 8, "organisation", exact=True))
    # Document 8 (the one with emoji) has a role span around its الإيراني, read from the database.
    doc8 = DocumentSession(project, 9)
    role = doc8.text.index("السفير الإيراني")
    doc8.apply(doc8.plan_label(role, role + 15, "role"))
    previews = ps.label_all("الإيراني", "organisation", spans={1: seed_session.spans})
    by_doc = {p.document_id: p.preview for p in previews}
    assert set(by_doc) == {1, 9}
    seed_preview = by_doc[1]
    assert [c.status for c in seed_preview.skipped] == [CandidateStatus.LABELLED]
    assert len(seed_preview.new) == len(find_all(seed_session.text, "الإيراني")) - 1
    (inner,) = by_doc[9].new
    assert inner.parent is not None and inner.parent.label == "role"
    # Accept all in the open document as one batch: one transaction, one undo step.
    batch = Batch(seed_preview.edits(), "Label all")
    before = len(seed_session.spans)
    seed_session.apply(batch)
    assert len(seed_session.spans) == before + len(seed_preview.new)
    with project.db.read() as s:
        n = s.execute(sql("SELECT count(*) FROM span")).scalar_one()
    assert n == len(seed_session.spans) + 1
    seed_session.revert(batch)
    assert len(seed_session.spans) == before
    again = ps.label_all("الإيراني", "organisation", spans={1: seed_session.spans}, document_ids=[1])
    assert len(again[0].preview.new) == len(seed_preview.new)


def test_project_vocabulary_is_the_evidence_for_clitic_trimming(project):
    from app.core.clitics import trim_span

    ps = ProjectSearch(project)
    words = ps.vocabulary()
    assert "موسكو" in words and "وروسيا" in words
    text = "وصل الوفد بموسكو"
    i = text.index("بموسكو")
    assert trim_span(text, i, len(text)) == (i, len(text))  # no evidence: a bare ب stays
    assert trim_span(text, i, len(text), known=words) == (i + 1, len(text))
    assert ps.vocabulary([1]) <= words and "موسكو" in ps.vocabulary([1])
