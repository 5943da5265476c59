"""gunicorn settings: `gunicorn -c jobboard/gunicorn.conf.py`.

Every value can be changed through the environment, so one file serves every host.
"""

import multiprocessing
import os

wsgi_app = "jobboard.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
# Synchronous workers: the board's requests are short and bound by the database. The usual
# rule of thumb is two per core plus one.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so slow leaks cannot build up; the jitter stops them all
# restarting at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# The load balancer in front terminates TLS; trust its X-Forwarded-* headers only from the
# addresses named here (comma-separated), e.g. the balancer's private network.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
