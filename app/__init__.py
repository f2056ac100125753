"""Hamish (هامش, "margin note"): annotate Arabic documents for named-entity training data."""

__version__ = "0.1.0"
