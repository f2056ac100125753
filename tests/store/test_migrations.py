from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

import app.store.db as dbmod
from app.store.models import Base


def script_dir() -> ScriptDirectory:
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(dbmod.__file__).parent / "migrations"))
    return ScriptDirectory.from_config(cfg)


def test_known_revisions_match_the_alembic_scripts():
    sd = script_dir()
    chain = [rev.revision for rev in sd.walk_revisions()][::-1]
    assert tuple(chain) == dbmod.KNOWN_REVISIONS
    assert sd.get_current_head() == dbmod.HEAD_REVISION


def test_upgrade_from_empty_gives_exactly_the_models(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'm.db'}")
    dbmod.upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        tables = set(inspect(conn).get_table_names())
    engine.dispose()
    assert diff == []
    assert {"project", "document", "annotator", "label", "layer", "span", "setting"} <= tables


def test_a_failing_migration_leaves_no_table_behind(tmp_path, monkeypatch):
    """Migrations run in one transaction (pysqlite's implicit handling is off)."""
    from app.store.db import _install_sqlite_hooks

    engine = create_engine(f"sqlite:///{tmp_path / 'f.db'}")
    _install_sqlite_hooks(engine)
    import sqlalchemy as sa
    from alembic.operations import Operations

    real = Operations.create_table
    calls = {"n": 0}

    def flaky(self, name, *cols, **kw):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 4:
            raise sa.exc.OperationalError("create", {}, Exception("disk I/O error (simulated)"))
        return real(self, name, *cols, **kw)

    monkeypatch.setattr(Operations, "create_table", flaky)
    try:
        dbmod.upgrade(engine)
    except sa.exc.OperationalError:
        pass
    else:
        raise AssertionError("the simulated failure did not happen")
    with engine.connect() as conn:
        left = set(inspect(conn).get_table_names())
    engine.dispose()
    assert left == set(), left
