"""Headless commands: ``hamish [--db X] import|export|documents``."""
