"""The shipped gunicorn configuration recycles workers by memory, never by request count
(a count of 2,000 restarted each worker every few seconds under load: a restart storm)."""

import runpy
from pathlib import Path
from types import SimpleNamespace

CONF = Path(__file__).resolve().parent.parent / "etablering" / "gunicorn.conf.py"


class Log:
    def __init__(self):
        self.warnings = []

    def warning(self, *args):
        self.warnings.append(args)


def load(monkeypatch, **env):
    for name in ("GUNICORN_MAX_REQUESTS", "GUNICORN_MAX_WORKER_MEMORY_MB"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def serve(conf, requests, resident_mb):
    worker = SimpleNamespace(alive=True, pid=4242, log=Log())
    conf["post_request"].__globals__["_resident_mb"] = lambda: resident_mb
    for _ in range(requests):
        conf["post_request"](worker, None, {}, None)
    return worker


def test_workers_are_not_recycled_by_request_count(monkeypatch):
    conf = load(monkeypatch)
    assert conf["max_requests"] == 0
    worker = serve(conf, 20_000, resident_mb=300)
    assert worker.alive and worker.log.warnings == []


def test_a_worker_that_has_grown_past_its_limit_is_replaced_once(monkeypatch):
    conf = load(monkeypatch, GUNICORN_MAX_WORKER_MEMORY_MB="512")
    worker = serve(conf, conf["MEMORY_CHECK_EVERY"] - 1, resident_mb=900)
    assert worker.alive  # memory is read every few hundred requests, not on each
    conf["post_request"](worker, None, {}, None)
    assert not worker.alive and len(worker.log.warnings) == 1


def test_an_operator_may_still_ask_for_request_count_recycling(monkeypatch):
    conf = load(monkeypatch, GUNICORN_MAX_REQUESTS="100000")
    assert conf["max_requests"] == 100_000 and conf["max_requests_jitter"] == 10_000
