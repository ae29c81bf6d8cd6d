"""What stands between the network and the app: the request size limit, the Host check, security headers.

Requests over ``Settings.max_request_bytes`` get 413 before they are parsed
(chunked uploads included); every answer carries a Content-Security-Policy that
allows only the page's own files; a loopback server answers only to its own
names, so a web page cannot reach it through DNS rebinding.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import FastAPI

from unspun import errors
from unspun.web.schemas import error_response
from unspun.web.settings import Settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

#: The page and the docs load only their own files: a CDN link would break
#: offline use, so the policy forbids it, and inline script is never needed.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
#: The downloadable HTML report carries its own inline <style> and no script.
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
#: Host names of this machine; also the Host header values a loopback server accepts.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


def protect(app: FastAPI, settings: Settings) -> None:
    """Add the size limit and security headers, and the Host check when ``settings.allowed_hosts`` is set."""
    app.add_middleware(Guard, max_bytes=settings.max_request_bytes)
    if settings.allowed_hosts is not None:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(settings.allowed_hosts))


class Guard:
    """ASGI middleware: the request size limit (413) and security headers on every answer."""

    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for k, v in ((b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                             (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")):
                    if k not in present:
                        headers.append((k, v))
                message["headers"] = headers
            await send(message)

        if scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send_with_headers)
            return
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            size = int(length) if length.isdigit() else -1
            await self._too_large(scope, send_with_headers, size)
            return
        # Read the body here (bounded) so a chunked upload without a length is capped too.
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._too_large(scope, send_with_headers, size)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send_with_headers)

    async def _too_large(self, scope: Scope, send: Send, size: int) -> None:
        got = f"a request of {size:,} bytes" if size >= 0 else "a request with an invalid Content-Length"
        exc = errors.UnspunError(errors.E_TOO_LARGE, f"a request of at most {self.max_bytes:,} bytes", got,
                                 "Send one article; for a saved page, send only the article's HTML or its text.")
        response = error_response(exc, headers={"Connection": "close"})
        await response(scope, _no_receive, send)


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}
