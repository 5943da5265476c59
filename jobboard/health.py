"""Probes for load balancers and orchestrators.

`/healthz` answers as long as the process can serve a request: it touches nothing else, so a
database outage does not make every app server look dead at once. `/readyz` checks that the
database and the cache answer and says which one did not. Without the database nothing can
be served (503); without the cache every page still is, only slower, so the answer is 200
with the cache marked "degraded".
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def database_answers() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 returned something else")


def cache_answers() -> None:
    ping = getattr(cache, "ping", None)
    if ping is not None:
        ping()  # past the backend that hides failures from the pages
    key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the cache did not return what was stored")
    finally:
        cache.delete(key)


# Each check, and what its failure means: "failed" stops the server being ready,
# "degraded" does not.
CHECKS = {"database": (database_answers, "failed"), "cache": (cache_answers, "degraded")}


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    results = {}
    for name, (check, failure) in CHECKS.items():
        try:
            check()
        except Exception as error:  # any failure counts; the log has the detail
            logger.exception("readiness check %s failed", name)
            results[name] = f"{failure}: {type(error).__name__}"
        else:
            results[name] = "ok"
    if any(result.startswith("failed") for result in results.values()):
        status, code = "unavailable", 503
    elif any(result != "ok" for result in results.values()):
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse({"status": status, "checks": results}, status=code)
