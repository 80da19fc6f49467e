"""Fixtures for breaking the running system: private services and the app's real processes."""

import pytest

from tests.faults.services import App, PostgresCluster, RedisServer, have_binaries


@pytest.fixture(scope="session")
def redis_server():
    """A Redis of our own; tests may stop it, and teardown of theirs starts it again."""
    if reason := have_binaries():
        pytest.skip(reason)
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL cluster of our own, in a temporary directory."""
    if reason := have_binaries():
        pytest.skip(reason)
    cluster = PostgresCluster().init()
    yield cluster
    cluster.destroy()


@pytest.fixture(scope="session")
def app(tmp_path_factory, postgres, redis_server):
    """The app's commands against the private services, migrated and seeded once."""
    site = App(
        tmp_path_factory.mktemp("faults-site"),
        database_url=postgres.url,
        redis_url=redis_server.url,
    )
    site.info = site.setup()
    yield site
    site.stop_all()


@pytest.fixture(scope="module")
def server(app):
    """One `newsline serve` process for the module; its address."""
    url = app.serve()
    yield url
    app.stop_all()
