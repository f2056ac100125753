"""The ``hamish`` program: with no command it opens the window, otherwise runs a CLI command.

``hamish [--db PATH_OR_URL] [--annotator NAME]`` opens the GUI; ``hamish [--db X] export
--format jsonl --out FILE`` and the other commands run headless. ``python -m app`` is the
same program. ``--db`` may come before or after the command name.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from app import __version__
from app.cli import commands, maintenance, review_commands


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=argparse.SUPPRESS,
        help="project database: a file path or an SQLAlchemy URL (default: hamish.db in your user data folder)",
    )
    common.add_argument(
        "--annotator",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help="work as this annotator (default: the project's current annotator)",
    )
    parser = argparse.ArgumentParser(
        prog="hamish",
        description="Hamish (هامش): annotate Arabic documents for named-entity training data. "
        "With no command, opens the annotation window.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"hamish {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_commands(sub, common)
    review_commands.add_commands(sub, common)
    maintenance.add_commands(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "db", None) is not None and not args.db.strip():
        parser.error("--db is empty: give a database file or URL (leave --db out for the default database)")
    if args.command is None:
        try:
            from app.ui.application import run_gui
        except ImportError as exc:  # a system library Qt needs is missing: say which package
            from app.ui.platform_check import import_problem

            hint = import_problem(exc)
            if hint is None:
                raise
            print(hint, file=sys.stderr)
            return 1
        return run_gui(args)
    return commands.run(args)


if __name__ == "__main__":
    sys.exit(main())
