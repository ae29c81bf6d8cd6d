"""Fetch an article page over HTTP(S), safely.

Only http and https; private, loopback, link-local and reserved addresses are
refused unless the caller opts in, and the check is repeated after every
redirect on the address actually connected to (no DNS-rebinding gap); a
timeout and a size cap bound every fetch.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from unspun import errors
from unspun.errors import FrontEnd

#: limits, documented in the README ("Limits")
TIMEOUT_S = 10.0
MAX_BYTES = 5_000_000
MAX_REDIRECTS = 5
USER_AGENT = "unspun/0.1 (+offline article checker)"
_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class Fetched:
    url: str
    body: bytes
    content_type: str
    charset: str | None


def _refused(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return bool(
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast or ip.is_unspecified
    )


def _save_it(front_end: FrontEnd) -> str:
    """How to give the page another way, for the front end that shows the error."""
    return {"cli": "save the page and pass the file", "api": 'save the page and send it as "html"',
            "library": "save the page and pass it with html="}[front_end]


_PRIVATE_FIX: dict[FrontEnd, str] = {
    "cli": "If you mean to check a page on your own network, pass --allow-private.",
    "api": 'This server never fetches from its own network; save the page and send it as "html".',
    "library": "If you mean to check a page on your own network, pass allow_private=True.",
}


def _resolve(url: str, host: str, port: int, allow_private: bool) -> str:
    """The address to connect to; refuses private ones unless allowed (advice in the CLI's words)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise errors.UnspunError(
            errors.E_URL_UNREACHABLE, "a URL whose host name resolves", f"{url} ({exc})",
            f"Check the address, or {_save_it('cli')} instead.",
        ) from None
    addresses = [ipaddress.ip_address(str(i[4][0]).split("%", 1)[0]) for i in infos]
    if not allow_private:
        bad = [a for a in addresses if _refused(a)]
        if bad:
            raise errors.UnspunError(
                errors.E_URL_REFUSED,
                "a URL on the public internet",
                f"{url}, which resolves to the private, loopback or link-local address {bad[0]}",
                _PRIVATE_FIX["cli"],
            )
    return str(addresses[0])


def _in_words_of(exc: errors.UnspunError, front_end: FrontEnd) -> errors.UnspunError:
    """``exc`` with its advice phrased for ``front_end``."""
    if front_end == "cli":
        return exc
    fix = _PRIVATE_FIX[front_end] if exc.code == errors.E_URL_REFUSED else exc.fix.replace(
        _save_it("cli"), _save_it(front_end))
    return errors.UnspunError(exc.code, exc.expected, exc.got, fix, exc.field)


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, ip: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._ip = ip

    def connect(self) -> None:
        self.sock = socket.create_connection((self._ip, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, ip: str, timeout: float, context: ssl.SSLContext) -> None:
        super().__init__(host, port, timeout=timeout, context=context)
        self._ip = ip
        self._ctx = context

    def connect(self) -> None:
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock = self._ctx.wrap_socket(sock, server_hostname=self.host)


def check_url(url: str, front_end: FrontEnd = "cli") -> tuple[str, str, int, str]:
    """Validate a URL's form; return (scheme, host, port, path+query)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise errors.UnspunError(
            errors.E_BAD_URL,
            "an http:// or https:// URL with a host name",
            repr(url),
            {"cli": "Give the article's web address, or a path to a saved file.",
             "api": 'Send the article\'s web address, or the page itself in "html".',
             "library": "Give the article's web address, or pass the page with html=."}[front_end],
            "url" if front_end == "api" else None,
        )
    port = parts.port or (443 if parts.scheme == "https" else 80)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return parts.scheme, parts.hostname, port, path


def fetch(url: str, *, allow_private: bool = False, timeout: float = TIMEOUT_S, max_bytes: int = MAX_BYTES,
          front_end: FrontEnd = "cli") -> Fetched:
    """The page at ``url``; errors name the fix in the words of ``front_end``."""
    deadline = time.monotonic() + timeout
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        scheme, host, port, path = check_url(current, front_end)
        try:
            ip = _resolve(current, host, port, allow_private)
        except errors.UnspunError as exc:
            raise _in_words_of(exc, front_end) from None
        conn: http.client.HTTPConnection
        if scheme == "https":
            try:
                import certifi

                ctx = ssl.create_default_context(cafile=certifi.where())
            except ImportError:  # pragma: no cover - certifi comes with trafilatura
                ctx = ssl.create_default_context()
            conn = _PinnedHTTPS(host, port, ip, timeout, ctx)
        else:
            conn = _PinnedHTTP(host, port, ip, timeout)
        try:
            conn.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml"})
            resp = conn.getresponse()
            if resp.status in (301, 302, 303, 307, 308):
                loc = resp.getheader("Location")
                conn.close()
                if not loc:
                    break
                current = urljoin(current, loc)
                continue
            if resp.status != 200:
                raise errors.UnspunError(
                    errors.E_URL_HTTP, "the server to return the page (HTTP 200)",
                    f"HTTP {resp.status} {resp.reason} from {current}",
                    f"Check the address in a browser; if the page needs a login, {_save_it(front_end)}.",
                )
            ctype = (resp.getheader("Content-Type") or "").lower()
            mime = ctype.split(";", 1)[0].strip()
            if mime not in _HTML_TYPES and mime != "text/plain":
                raise errors.UnspunError(
                    errors.E_URL_NOT_HTML, "an HTML page (Content-Type text/html)",
                    f"{mime or 'no content type'} from {current}",
                    "Link to the article page itself, not a PDF, image or feed.",
                )
            length = resp.getheader("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise errors.too_large(current, int(length), max_bytes, front_end=front_end)
            chunks: list[bytes] = []
            size = 0
            while True:
                if time.monotonic() > deadline:
                    raise TimeoutError()
                chunk = resp.read(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise errors.too_large(current, size, max_bytes, front_end=front_end)
                chunks.append(chunk)
            charset = None
            if "charset=" in ctype:
                charset = ctype.split("charset=", 1)[1].split(";")[0].strip().strip('"') or None
            return Fetched(current, b"".join(chunks), mime, charset)
        except TimeoutError:
            raise errors.UnspunError(
                errors.E_URL_TIMEOUT, f"the page within {timeout:g} seconds", f"no complete answer from {current}",
                f"Try again later, or {_save_it(front_end)}.",
            ) from None
        except (OSError, http.client.HTTPException) as exc:
            raise errors.UnspunError(
                errors.E_URL_UNREACHABLE, "a server that answers", f"{type(exc).__name__}: {exc} from {current}",
                f"Check the address and your connection, or {_save_it(front_end)}.",
            ) from None
        finally:
            conn.close()
    raise errors.UnspunError(
        errors.E_URL_HTTP, f"at most {MAX_REDIRECTS} redirects", f"more from {url}",
        "Open the address in a browser and pass the final URL.",
    )
