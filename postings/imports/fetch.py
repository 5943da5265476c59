"""Reading a feed from the web: bounded and never trusted.

Only http(s) URLs whose host resolves to public addresses are read (no loopback, private
or link-local targets, so an employer cannot make the board probe its own network);
redirects are not followed, since they could lead anywhere; the read times out, stops
past MAX_BYTES and refuses a content type other than the one the format needs.
"""

import ipaddress
import socket
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

TIMEOUT_SECONDS = 10
MAX_BYTES = 5 * 1024 * 1024
USER_AGENT = "AIJobsBoard-importer/1.0 (+https://github.com/)"


class FetchError(Exception):
    """A feed could not be read; the message says why, for the employer."""


@dataclass(frozen=True)
class Response:
    body: bytes
    content_type: str


Fetcher = Callable[[str, tuple[str, ...]], Response]


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise FetchError(f"The feed moved ({code}) to {newurl}; give that address instead.")


_opener = urllib.request.build_opener(_NoRedirects)


def check_public(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise FetchError("Give an http or https address.")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise FetchError(f"No such host: {parts.hostname}.") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise FetchError(f"{parts.hostname} is not a public address.")


def fetch(url: str, accept: tuple[str, ...]) -> Response:
    """The body of `url`, if its content type is one of `accept` (e.g. application/json)."""
    check_public(url)
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url, headers={"User-Agent": USER_AGENT, "Accept": ", ".join(accept)}
    )
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as answer:
            content_type = answer.headers.get_content_type()
            if content_type not in accept:
                raise FetchError(
                    f"The feed answered with {content_type}, not {' or '.join(accept)}."
                )
            body = answer.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise FetchError(f"The feed answered {error.code} {error.reason}.") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise FetchError(f"The feed could not be read: {error}.") from None
    if len(body) > MAX_BYTES:
        raise FetchError(f"The feed is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    return Response(body=body, content_type=content_type)
