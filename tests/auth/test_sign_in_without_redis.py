"""Sign-in survives the rate-limit store going away: a Redis of the test's own, on its own port, is stopped
mid-test. Each process then counts in memory, so the per-account limit still holds."""

import os
import shutil
import socket
import subprocess
import time

import pytest
from flask_migrate import upgrade
from redis import Redis
from redis.exceptions import ConnectionError as RedisDown
from sqlalchemy.pool import NullPool

from dhr.extensions import db, limiter
from dhr.permissions import Role
from tests.auth.test_sign_in import sign_in
from tests.conftest import _throwaway_postgres, _throwaway_sqlite, make_test_app
from tests.factories import PASSWORD, create_partnership, create_user


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def own_redis():
    """A redis-server of this test's own, which the test may stop."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (.ci/run installs it)")
    port = _free_port()
    # Redis runs on the real clock: the dated legs preload libfaketime, which redis-server's allocator cannot
    # start under. Only the app's clock is the test's to move.
    env = {key: value for key, value in os.environ.items() if key != "LD_PRELOAD" and not key.startswith("FAKETIME")}
    server = subprocess.Popen(
        [binary, "--port", str(port), "--save", "", "--appendonly", "no", "--bind", "127.0.0.1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(200):
        try:
            Redis.from_url(url, socket_connect_timeout=1).ping()
            break
        except RedisDown:
            time.sleep(0.05)
    else:
        server.kill()
        server.wait()
        pytest.fail("the test's redis-server did not start")
    yield server, url
    if server.poll() is None:
        server.kill()
    server.wait()


@pytest.fixture
def redis_limited_app(pytestconfig, own_redis, app):
    server, url = own_redis
    maker = _throwaway_postgres if pytestconfig.getoption("--db") == "postgres" else _throwaway_sqlite
    with maker() as database:
        limited = make_test_app(database, RATELIMIT_STORAGE_URI=url, SQLALCHEMY_ENGINE_OPTIONS={"poolclass": NullPool})
        with limited.app_context():
            upgrade()
            partnership = create_partnership()
            create_user(partnership, Role.COORDINATOR, email="casey@example.test")
            db.session.commit()
        limited.redis_server = server
        yield limited
        with limited.app_context():
            db.engine.dispose()
    # The limiter is one object: hand it back to the suite's app and its memory store. init_app() does not clear
    # the "storage is down" flag the outage set, and the limiter would otherwise stay on its fallback counters.
    limiter.init_app(app)
    limiter._storage_dead = False


def _stop(server) -> None:
    server.terminate()
    server.wait(timeout=10)


def test_sign_in_works_while_redis_is_up_then_after_it_stops(redis_limited_app):
    client = redis_limited_app.test_client()
    assert sign_in(client, "casey@example.test", PASSWORD).status_code == 302

    _stop(redis_limited_app.redis_server)
    fresh = redis_limited_app.test_client()
    response = sign_in(fresh, "casey@example.test", PASSWORD)
    assert response.status_code == 302
    assert "Welcome" in fresh.get("/").get_data(as_text=True)


def test_the_per_account_limit_still_holds_with_redis_stopped(redis_limited_app):
    _stop(redis_limited_app.redis_server)
    client = redis_limited_app.test_client()
    for _ in range(10):
        assert sign_in(client, "casey@example.test", "wrong-password-here").status_code == 200
    eleventh = sign_in(client, "casey@example.test", PASSWORD)
    assert eleventh.status_code == 429
    assert "too many times" in eleventh.get_data(as_text=True)
