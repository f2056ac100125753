"""Qt-free, store-free domain logic: text, offsets, spans, labels, tokens and edits."""
