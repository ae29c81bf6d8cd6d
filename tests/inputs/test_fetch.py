"""URL fetching against a real HTTP server on loopback."""

from __future__ import annotations

import ipaddress
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from unspun import errors, inputs
from unspun.inputs import fetch

PAGE = (b"<html><head><title>Ferry service resumes after repairs</title></head><body><article>"
        b"<h1>Ferry service resumes after repairs</h1><p>The island ferry returned to service on Monday after "
        b"three weeks of engine repairs, the operator said in a statement.</p><p>Passengers had used a "
        b"replacement boat with fewer seats during the repairs, which cost about 80,000 pounds.</p>"
        b"</article></body></html>")


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        port = self.server.server_address[1]
        routes = {
            "/article": (200, "text/html; charset=utf-8", PAGE),
            "/missing": (404, "text/html", b"not here"),
            "/pdf": (200, "application/pdf", b"%PDF-1.4"),
            "/big": (200, "text/html", b"<html>" + b"x" * 5000 + b"</html>"),
        }
        if self.path == "/slow":
            time.sleep(1.5)
            self.send_response(200)
            self.end_headers()
            return
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.2:{port}/article")
            self.end_headers()
            return
        status, ctype, body = routes.get(self.path, (404, "text/plain", b""))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    srv = ThreadingHTTPServer(("0.0.0.0", 0), Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


def test_fetch_loopback_refused_by_default(server: str) -> None:
    with pytest.raises(errors.UnspunError, match="--allow-private") as exc:
        inputs.load(server + "/article")
    assert exc.value.code == errors.E_URL_REFUSED


def test_fetch_article_when_allowed(server: str) -> None:
    doc = inputs.load(server + "/article", allow_private=True)
    assert doc.headline_text == "Ferry service resumes after repairs"
    assert doc.body_text.startswith("The island ferry")
    assert (doc.metadata.url.value, doc.metadata.url.source) == (server + "/article", "user")


@pytest.mark.parametrize(
    ("path", "code", "says"),
    [
        ("/missing", errors.E_URL_HTTP, "HTTP 404"),
        ("/pdf", errors.E_URL_NOT_HTML, "application/pdf"),
    ],
)
def test_fetch_errors(server: str, path: str, code: str, says: str) -> None:
    with pytest.raises(errors.UnspunError, match=says) as exc:
        inputs.load(server + path, allow_private=True)
    assert exc.value.code == code


def test_fetch_timeout(server: str) -> None:
    with pytest.raises(errors.UnspunError, match="within 0.5 seconds") as exc:
        fetch.fetch(server + "/slow", allow_private=True, timeout=0.5)
    assert exc.value.code == errors.E_URL_TIMEOUT


def test_fetch_size_cap(server: str) -> None:
    with pytest.raises(errors.UnspunError) as exc:
        fetch.fetch(server + "/big", allow_private=True, max_bytes=1000)
    assert exc.value.code == errors.E_TOO_LARGE


def test_fetch_redirect_target_is_checked_again(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Treat 127.0.0.1 as public and 127.0.0.2 as private: the redirect must be refused.
    monkeypatch.setattr(fetch, "_refused", lambda ip: ip == ipaddress.ip_address("127.0.0.2"))
    with pytest.raises(errors.UnspunError, match="127.0.0.2") as exc:
        fetch.fetch(server + "/redirect")
    assert exc.value.code == errors.E_URL_REFUSED


def test_fetch_redirect_followed_when_allowed(server: str) -> None:
    got = fetch.fetch(server + "/redirect", allow_private=True)
    assert got.url.endswith("/article") and b"Ferry" in got.body


@pytest.mark.parametrize(
    ("front_end", "says", "never"),
    [
        ("cli", "pass --allow-private", "allow_private="),
        ("api", 'save the page and send it as "html"', "--allow-private"),
        ("library", "pass allow_private=True", "--allow-private"),
    ],
)
def test_fetch_refusal_is_phrased_for_the_front_end(server: str, front_end: str, says: str, never: str) -> None:
    with pytest.raises(errors.UnspunError, match=says) as exc:
        inputs.read(url=server + "/article", front_end=front_end)  # type: ignore[arg-type]
    assert exc.value.code == errors.E_URL_REFUSED and never not in exc.value.fix


def test_fetch_input_then_read_input_as_a_server_does(server: str) -> None:
    inp = inputs.choose_input(url=server + "/article", allow_private=True, front_end="api")
    page = inputs.fetch_input(inp, timeout=5, max_bytes=100_000)
    assert page.form == "page" and inputs.read_input(page).headline_text == "Ferry service resumes after repairs"


@pytest.mark.parametrize(("path", "code", "says"), [("/missing", errors.E_URL_HTTP, 'send it as "html"'),
                                                     ("/slow", errors.E_URL_TIMEOUT, 'send it as "html"')])
def test_fetch_errors_over_the_api_never_say_pass_a_file(server: str, path: str, code: str, says: str) -> None:
    with pytest.raises(errors.UnspunError, match=says) as exc:
        fetch.fetch(server + path, allow_private=True, timeout=0.5, front_end="api")
    assert exc.value.code == code and "file" not in exc.value.fix
