"""gunicorn settings for production: `gunicorn -c etablering/gunicorn.conf.py etablering.wsgi`.

Every app server is stateless (sessions and data in PostgreSQL, counters in Redis, media in
object storage), so several can run behind the load balancer. See docs/deployment.md.
"""

import os

# Where to listen: HOST (default 127.0.0.1: only the reverse proxy on this machine reaches it;
# 0.0.0.0 in a container) and PORT (default 8000).
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
backlog = 2048
timeout = 30
graceful_timeout = 30
keepalive = 5
# Oversized request lines and headers get a 400 before Django sees them (slow clients are the
# reverse proxy's to buffer: docs/deployment.md).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
# Workers are not restarted after a number of requests: under load, max_requests=2000 restarted
# each worker every few seconds (eleven to sixteen restarts in ten seconds of cached traffic,
# p99 1.0-3.5 s instead of tens of ms, and every restart emptied the worker's caches). Memory is
# watched instead: a worker whose resident memory passes GUNICORN_MAX_WORKER_MEMORY_MB (default
# 1024; 0 = never) finishes its requests and is replaced, one worker at a time, only when it
# has grown. GUNICORN_MAX_REQUESTS (default 0 = never) remains for an operator who wants both.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
MAX_WORKER_MEMORY_MB = int(os.environ.get("GUNICORN_MAX_WORKER_MEMORY_MB", "1024"))
MEMORY_CHECK_EVERY = 500  # requests; reading /proc costs microseconds
# The proxy's addresses, whose X-Forwarded-* headers gunicorn trusts.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs to standard error. The access log holds no query strings (search terms, filters), no
# client address, referrer or user agent: method, path, protocol, status, size and duration.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'


def _resident_mb() -> float:
    """This process's resident memory now (Linux), else its peak (getrusage)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        import resource
        import sys

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def post_request(worker, req, environ, resp):
    """Replace a worker that has grown past its memory limit (see max_requests above)."""
    worker.served = getattr(worker, "served", 0) + 1
    if not MAX_WORKER_MEMORY_MB or worker.served % MEMORY_CHECK_EVERY:
        return
    resident = _resident_mb()
    if resident > MAX_WORKER_MEMORY_MB and worker.alive:
        worker.log.warning(
            "worker %s holds %.0f MB (limit %s MB): replacing it",
            worker.pid,
            resident,
            MAX_WORKER_MEMORY_MB,
        )
        worker.alive = False  # finishes what it has, then the arbiter starts a fresh one


# Every gunicorn record passes the app's filter for personal data (etablering/log_privacy.py):
# the error log names a malformed request's line ("Invalid HTTP request line: 'GET /?q=…'") and
# its client address, and tracebacks echo values. Error log to standard error, access log to
# standard output, each once (no propagation to the root logger).
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_data": {"()": "etablering.log_privacy.PersonalDataFilter"}},
    "formatters": {
        "generic": {
            "format": "%(asctime)s [%(process)d] [%(levelname)s] %(message)s",
            "datefmt": "[%Y-%m-%d %H:%M:%S %z]",
        },
        "access": {"format": "%(message)s"},
    },
    "handlers": {
        "error_console": {
            "class": "logging.StreamHandler",
            "formatter": "generic",
            "filters": ["personal_data"],
            "stream": "ext://sys.stderr",
        },
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "access",
            "filters": ["personal_data"],
            "stream": "ext://sys.stdout",
        },
    },
    "root": {"level": "WARNING", "handlers": ["error_console"]},
    "loggers": {
        "gunicorn.error": {
            "level": loglevel.upper(),
            "handlers": ["error_console"],
            "propagate": False,
        },
        "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
    },
}
