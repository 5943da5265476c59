"""Project-wide middleware: the Content-Security-Policy header, and a query counter for benchmarks.

Django 5.2 has no Content-Security-Policy support of its own, and our policy is one fixed
string, so a few lines here do the job without another dependency.
"""

from collections.abc import Callable

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse


def build_policy(directives: dict[str, str]) -> str:
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class ContentSecurityPolicyMiddleware:
    """Send `CONTENT_SECURITY_POLICY`, loosened per path prefix by `..._OVERRIDES`.

    With DEBUG on the header is `Content-Security-Policy-Report-Only`: the browser logs what
    it would block, and Django's debug pages, which rely on inline script, keep working.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        base = settings.CONTENT_SECURITY_POLICY
        self.default = build_policy(base)
        self.overrides = [
            (prefix, build_policy({**base, **changes}))
            for prefix, changes in settings.CONTENT_SECURITY_POLICY_OVERRIDES.items()
        ]

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        header = (
            "Content-Security-Policy-Report-Only" if settings.DEBUG else "Content-Security-Policy"
        )
        if header not in response:
            response[header] = self.policy_for(request.path)
        return response

    def policy_for(self, path: str) -> str:
        for prefix, policy in self.overrides:
            if path.startswith(prefix):
                return policy
        return self.default


class QueryCountMiddleware:
    """Add X-Query-Count: the SQL statements this request ran. Enabled by BENCH_QUERY_COUNT."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connections["default"].execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        return response
