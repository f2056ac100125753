"""Review: aligning two annotators' layers, agreement figures, adjudication (Qt-free, SQL-free)."""
