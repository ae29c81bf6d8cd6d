"""The HTTP API: input forms, the report schema, errors naming the field, size limit, URL safety, load bound."""

from __future__ import annotations

import asyncio
import http.server
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
from fastapi.testclient import TestClient

from tests import resources
from tests.conftest import EXAMPLES, ROOT
from unspun.analyzers import Analyzer
from unspun.document import Document
from unspun.findings import Analysis
from unspun.inputs import fetch
from unspun.pipeline import Pipeline
from unspun.web import create_app
from unspun.web.app import STATIC
from unspun.web.guard import LOOPBACK_HOSTS

SCHEMA = json.loads((ROOT / "src" / "unspun" / "schema" / "report.schema.json").read_text(encoding="utf-8"))
CONTENT_FARM = (EXAMPLES / "content-farm.txt").read_text(encoding="utf-8")
HEAD, _, BODY = resources.SOBER.partition("\n\n")
PAGE = ("<html><head><title>Council approves 4 percent fare rise</title></head><body><article>"
        "<h1>Council approves 4 percent fare rise</h1>"
        "<p>The city council voted 7-2 on Tuesday to raise bus fares by 4 percent from July.</p>"
        "<p>Transit director Paul Nguyen said the rise would cover higher fuel costs this year.</p>"
        "</article></body></html>")


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(fast=True)) as c:
        yield c


@pytest.mark.parametrize(
    ("name", "payload", "headline"),
    [
        ("headline_body", {"headline": HEAD, "body": BODY}, HEAD),
        ("text", {"text": resources.SENSATIONAL}, "SHOCKING: You Won't Believe What the Mayor Did Next!!"),
        ("html", {"html": PAGE}, HEAD),
        ("headline_only", {"headline": resources.HEADLINE_ONLY}, resources.HEADLINE_ONLY),
        ("only", {"text": CONTENT_FARM, "only": ["headline_wording"]}, CONTENT_FARM.split("\n", 1)[0]),
        ("skip", {"text": CONTENT_FARM, "skip": ["headline_wording"]}, CONTENT_FARM.split("\n", 1)[0]),
    ],
)
def test_web_api_check_forms_return_schema_valid_report(
    client: TestClient, name: str, payload: dict[str, Any], headline: str
) -> None:
    r = client.post("/v1/check", json=payload)
    assert r.status_code == 200, r.text
    report = r.json()
    jsonschema.validate(report, SCHEMA)
    doc = report["document"]
    assert doc["text"][doc["headline"]["start"]:doc["headline"]["end"]] == headline
    ran = [a["name"] for a in report["analyzers"]]
    if name == "skip":
        assert "headline_wording" not in ran
    if name == "only":
        assert ran == ["headline_wording"]


def test_web_api_report_matches_cli(client: TestClient) -> None:
    """The API returns exactly the CLI's JSON for the same article."""
    cli = subprocess.run([sys.executable, "-m", "unspun", "check", str(EXAMPLES / "content-farm.txt"),
                          "--format", "json", "--fast"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    api = client.post("/v1/check", json={"text": CONTENT_FARM}).json()
    assert api == json.loads(cli.stdout)


def test_web_api_sensational_headline_is_flagged(client: TestClient) -> None:
    report = client.post("/v1/check", json={"text": resources.SENSATIONAL}).json()
    text = report["document"]["text"]
    flagged = {text[s["start"]:s["end"]] for f in report["findings"] for s in f["spans"]}
    assert "SHOCKING" in flagged
    assert report["summary"]["findings"] == len(report["findings"]) > 0


@pytest.mark.parametrize(
    ("body", "content_type", "field", "words"),
    [
        (b'{"text": ', "application/json", "(body)", "not valid JSON"),
        (b"[1, 2]", "application/json", "(body)", "JSON object"),
        (b'{"text": 5}', "application/json", "text", "string"),
        (b'{"headline": "A", "body": ["x"]}', "application/json", "body", "string"),
        (b'{"text": "A\\n\\nB", "only": "headline_wording"}', "application/json", "only", "list"),
        (b'{"text": "A\\n\\nB", "fast": "maybe"}', "application/json", "fast", "boolean"),
        (b'{"headline": "A", "allow_private": true}', "application/json", "allow_private", "not a known field"),
        (b"{}", "application/json", "(body)", "none of"),
        (b'{"body": "only a body"}', "application/json", "headline", "missing"),
        (b'{"text": "A\\n\\nB", "url": "https://example.org/"}', "application/json", "url", "exactly one"),
        (b'{"text": "A\\n\\nB"}', "text/plain", "(body)", "application/json"),
    ],
)
def test_web_api_malformed_request_is_422_naming_the_field(
    client: TestClient, body: bytes, content_type: str, field: str, words: str
) -> None:
    r = client.post("/v1/check", content=body, headers={"Content-Type": content_type})
    assert r.status_code == 422, r.text
    err = r.json()["error"]
    assert err["code"] == "E150"
    assert err["field"] == field
    assert words in err["message"]
    if not field.startswith("("):
        assert f'"{field}"' in err["message"]


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"text": "   \n  "}, 422, "E102"),
        ({"headline": "  ", "body": "Some body text here."}, 422, "E107"),
        ({"text": "A\n\nB", "only": ["no_such_analyzer"]}, 422, "E121"),
        ({"html": "<html><body></body></html>"}, 422, "E104"),
        ({"text": "x" * 600_000}, 413, "E105"),
    ],
)
def test_web_api_bad_article_maps_error_code_to_status(
    client: TestClient, payload: dict[str, Any], status: int, code: str
) -> None:
    r = client.post("/v1/check", json=payload)
    assert r.status_code == status, r.text
    assert r.json()["error"]["code"] == code


@pytest.mark.parametrize("chunked", [False, True], ids=["content_length", "chunked"])
def test_web_api_request_over_limit_is_413_json(chunked: bool) -> None:
    with TestClient(create_app(fast=True, max_request_bytes=1000, warm=False)) as c:
        payload = json.dumps({"text": "Headline\n\n" + "word " * 400}).encode()
        if chunked:
            r = c.post("/v1/check", content=iter([payload[:500], payload[500:]]),
                       headers={"Content-Type": "application/json"})
        else:
            r = c.post("/v1/check", content=payload, headers={"Content-Type": "application/json"})
        assert r.status_code == 413
        assert r.json()["error"]["code"] == "E105"
        # just under the limit is accepted
        ok = c.post("/v1/check", json={"text": "Council approves budget\n\nThe council voted on Tuesday."})
        assert ok.status_code == 200


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("http://127.0.0.1:9/article", "E111"),
        ("http://localhost/article", "E111"),
        ("http://10.1.2.3/article", "E111"),
        ("http://192.168.0.10/article", "E111"),
        ("http://169.254.169.254/latest/meta-data/", "E111"),
        ("http://[::1]/article", "E111"),
        ("file:///etc/passwd", "E110"),
        ("ftp://example.org/a.txt", "E110"),
        ("javascript:alert(1)", "E110"),
    ],
)
def test_web_api_url_refuses_private_and_other_schemes(client: TestClient, url: str, code: str) -> None:
    r = client.post("/v1/check", json={"url": url})
    assert r.status_code == 422, r.text
    err = r.json()["error"]
    assert err["code"] == code
    assert "--allow-private" not in err["message"]  # a CLI flag; the API has no way to opt in


class _Site(http.server.BaseHTTPRequestHandler):
    """/article serves PAGE; /hop redirects to the same server by its loopback address."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path == "/hop":
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.1:{self.server.server_address[1]}/article")
            self.end_headers()
            return
        data = PAGE.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def public_site(monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """A local server that the fetcher treats as public under the name news.test (only that name)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    real = fetch._resolve

    def resolve(url: str, host: str, port: int, allow_private: bool) -> str:
        assert allow_private is False  # the server never opts in
        return "127.0.0.1" if host == "news.test" else real(url, host, port, allow_private)

    monkeypatch.setattr(fetch, "_resolve", resolve)
    yield server.server_address[1]
    server.shutdown()


def test_web_api_url_fetches_public_page(client: TestClient, public_site: int) -> None:
    r = client.post("/v1/check", json={"url": f"http://news.test:{public_site}/article"})
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["document"]["text"].startswith(HEAD)
    assert report["document"]["metadata"]["url"]["value"] == f"http://news.test:{public_site}/article"


def test_web_api_url_redirect_to_loopback_is_refused(client: TestClient, public_site: int) -> None:
    r = client.post("/v1/check", json={"url": f"http://news.test:{public_site}/hop"})
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "E111"
    assert "127.0.0.1" in r.json()["error"]["message"]


class _Slow(Analyzer):
    """Records how many analyses run at once."""

    name = "slow_probe"
    requires = ("headline",)
    english_only = False
    lock = threading.Lock()
    now = 0
    peak = 0

    def analyse(self, doc: Document) -> Analysis:
        with _Slow.lock:
            _Slow.now += 1
            _Slow.peak = max(_Slow.peak, _Slow.now)
        time.sleep(0.05)
        with _Slow.lock:
            _Slow.now -= 1
        return Analysis()


@pytest.mark.parametrize("max_concurrent", [1, 2, 3])
def test_web_api_concurrent_analyses_are_bounded(max_concurrent: int) -> None:
    app = create_app(fast=True, max_concurrent=max_concurrent, warm=False)
    app.state.engine.pipeline = lambda *a: Pipeline([_Slow()])
    _Slow.peak = 0

    async def burst() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            rs = await asyncio.gather(*[c.post("/v1/check", json={"headline": "A headline"}) for _ in range(8)])
        return [r.status_code for r in rs]

    assert asyncio.run(burst()) == [200] * 8
    assert _Slow.peak == max_concurrent


def test_web_api_busy_server_answers_503_with_retry_after() -> None:
    with TestClient(create_app(fast=True, max_concurrent=1, max_waiting=0, warm=False)) as c:
        c.app.state.engine.in_flight = 1  # one analysis running, none may wait
        r = c.post("/v1/check", json={"headline": "A headline"})
        assert r.status_code == 503
        assert r.json()["error"]["code"] == "E151"
        assert r.headers["retry-after"] == "1"
        c.app.state.engine.in_flight = 0
        assert c.post("/v1/check", json={"headline": "A headline"}).status_code == 200


def test_web_api_health_and_openapi(client: TestClient) -> None:
    h = client.get("/v1/health").json()
    assert h["status"] == "ok" and h["profile"] == "fast"
    assert "headline_wording" in [a["name"] for a in h["analyzers"]]
    assert h["limits"]["max_request_bytes"] > 0
    spec = client.get("/openapi.json").json()
    assert {"/v1/check", "/v1/health", "/v1/report.html"} <= set(spec["paths"])
    props = spec["components"]["schemas"]["CheckRequest"]["properties"]
    assert {"headline", "body", "text", "html", "url", "only", "skip", "fast"} == set(props)


def test_web_api_report_html_is_self_contained(client: TestClient) -> None:
    r = client.post("/v1/report.html", json={"text": resources.SENSATIONAL})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "attachment" in r.headers["content-disposition"]
    assert "<mark" in r.text and "SHOCKING" in r.text
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", r.text)


@pytest.mark.parametrize("path", ["/", "/docs", "/static/app.js", "/static/app.css", "/static/docs.js"])
def test_web_api_page_assets_are_local_and_under_csp(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    # nothing is loaded from elsewhere: no CDN, no web font, no remote script
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", r.text)
    assert not re.search(r"""@import|url\(\s*["']?(https?:)?//""", r.text)


def test_web_api_static_files_exist() -> None:
    assert {p.name for p in STATIC.iterdir()} >= {"index.html", "app.js", "app.css", "docs.html", "docs.js"}


def test_web_cli_import_does_not_load_the_web_stack() -> None:
    """`unspun check` cold start must not pay for FastAPI."""
    code = "import sys, unspun.cli; unspun.cli.build_parser(); print('fastapi' in sys.modules, 'uvicorn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60,
                         env={"PYTHONPATH": str(ROOT / "src")})
    assert out.stdout.split() == ["False", "False"], out.stderr


@pytest.mark.parametrize("port", ["0", "70000"])
def test_web_cli_serve_rejects_bad_port(port: str) -> None:
    r = subprocess.run([sys.executable, "-m", "unspun", "serve", "--port", port], capture_output=True, text=True,
                       cwd=ROOT, timeout=60)
    assert r.returncode == 2
    assert "E120" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize(("host", "status"), [("127.0.0.1:8000", 200), ("localhost", 200), ("evil.example", 400)])
def test_web_api_loopback_server_checks_host_header(host: str, status: int) -> None:
    """A loopback server answers only to its own names (no DNS rebinding from a web page)."""
    with TestClient(create_app(fast=True, warm=False, allowed_hosts=LOOPBACK_HOSTS)) as c:
        assert c.get("/v1/health", headers={"Host": host}).status_code == status


def test_web_api_load_benchmark_runs_without_errors(tmp_path: Path) -> None:
    """A small run of benchmarks.bench_web_load against the real `unspun serve`."""
    out = tmp_path / "load.json"
    r = subprocess.run([sys.executable, "-m", "benchmarks.bench_web_load", "--requests", "40",
                        "--concurrency", "8", "--warmup", "2", "--out", str(out)],
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["errors"] == 0 and result["requests"] == 40
    assert 0 < result["latency_ms"]["p50"] <= result["latency_ms"]["p95"] <= result["latency_ms"]["max"]


def test_web_cli_serve_port_in_use_is_exit_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        r = subprocess.run([sys.executable, "-m", "unspun", "serve", "--port", port], capture_output=True, text=True,
                           cwd=ROOT, timeout=60)
    assert r.returncode == 2
    assert "E120" in r.stderr and "--port" in r.stderr and "Traceback" not in r.stderr


def test_web_analyses_run_with_one_blas_thread() -> None:
    """OpenBLAS ignores thread limits set in worker threads, so the server sets one thread at start (issue 7)."""
    from unspun.runtime import blas

    app = create_app(fast=True, warm=False)
    seen = app.state.engine.pool.submit(blas.threads).result()
    assert seen == 1


def test_web_api_worker_processes_answer_like_threads(client: TestClient) -> None:
    """Issue 7: with processes=True the analyses run in worker processes (one BLAS thread each) and the
    answers, errors included, are those of the in-process threads."""
    from unspun.runtime import blas

    app = create_app(fast=True, processes=True, max_concurrent=2)
    engine = app.state.engine
    try:
        with TestClient(app) as c:
            h = c.get("/v1/health").json()
            assert h["workers"]["kind"] == "processes" and h["workers"]["count"] == 2 and h["workers"]["state"] == "ready"
            assert len(set(h["workers"]["pids"])) == 2 and all(p != os.getpid() for p in h["workers"]["pids"])
            assert {engine.pool.submit(blas.threads).result() for _ in range(4)} == {1}
            for payload in ({"text": CONTENT_FARM}, {"headline": HEAD, "body": BODY}, {"html": PAGE},
                            {"text": CONTENT_FARM, "only": ["clickbait"]}, {"text": "  "}):
                got, want = c.post("/v1/check", json=payload), client.post("/v1/check", json=payload)
                assert got.status_code == want.status_code
                assert got.json() == want.json()
            r = c.post("/v1/report.html", json={"text": CONTENT_FARM})
            assert r.status_code == 200 and r.text == client.post("/v1/report.html", json={"text": CONTENT_FARM}).text
            # A worker that dies (killed for memory, say) costs a 503 with Retry-After, then new workers take over.
            os.kill(h["workers"]["pids"][0], signal.SIGKILL)
            deadline = time.monotonic() + 180
            codes = []
            while time.monotonic() < deadline:
                r = c.post("/v1/check", json={"text": CONTENT_FARM})
                codes.append(r.status_code)
                if r.status_code == 503:
                    assert r.json()["error"]["code"] == "E151" and r.headers["retry-after"] == "1"
                elif r.status_code == 200 and not set(c.get("/v1/health").json()["workers"]["pids"]) & set(h["workers"]["pids"]):
                    break
                time.sleep(0.5)
            assert set(codes) <= {200, 503} and 503 in codes and codes[-1] == 200
            assert len(set(c.get("/v1/health").json()["workers"]["pids"])) == 2
            assert c.get("/v1/health").json()["workers"]["state"] == "ready"
    finally:
        engine.close()


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_web_serve_worker_processes_end_with_the_server(sig: signal.Signals) -> None:
    """Stopping the server (or killing it outright) leaves no analysis worker behind (issue 7)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code = f"from unspun import web; web.serve('127.0.0.1', {port}, fast=True, processes=True, max_concurrent=2, warm=False)"
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 180
        workers: list[int] = []
        while time.monotonic() < deadline and not workers:
            assert proc.poll() is None, "the server exited"
            try:
                workers = httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=2).json()["workers"]["pids"]
            except httpx.HTTPError:
                time.sleep(0.3)
        assert len(workers) == 2
        os.kill(proc.pid, sig)
        proc.wait(30)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.2)
        assert not any(_alive(w) for w in workers)
    finally:
        if proc.poll() is None:
            proc.kill()


def test_web_api_favicon_is_served(client: TestClient) -> None:
    """The pages name an icon of their own, and /favicon.ico answers too: no 404 in a browser's console."""
    for path in ("/static/favicon.svg", "/favicon.ico"):
        r = client.get(path)
        assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
        assert r.text.startswith("<svg")
    for page in ("/", "/docs"):
        assert '<link rel="icon" href="/static/favicon.svg"' in client.get(page).text


def _serve(port: int, *args: str, fast: bool = True) -> subprocess.Popen[str]:
    """`unspun serve` as from a terminal: its own process group (Ctrl-C reaches the server and its workers
    alike) and Ctrl-C's default action, whatever the test runner's is."""
    profile = ["--fast"] if fast else []
    return subprocess.Popen([sys.executable, "-m", "unspun", "serve", "--port", str(port), *profile, *args], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc")
@pytest.mark.parametrize(
    ("sig", "args"),
    [(signal.SIGINT, ()), (signal.SIGTERM, ()), (signal.SIGINT, ("--threads",))],
    ids=["ctrl_c", "sigterm", "ctrl_c_threads"],
)
def test_web_serve_stops_cleanly(sig: signal.Signals, args: tuple[str, ...]) -> None:
    """Issue 15: Ctrl-C (or SIGTERM) stops `unspun serve` within seconds, status 0, its workers gone, and no
    "leaked semaphore" warning from multiprocessing (the workers' queues are released at a normal exit)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = _serve(port, *args)
    try:
        deadline = time.monotonic() + 180
        health: dict[str, Any] = {}
        while time.monotonic() < deadline and not health:
            assert proc.poll() is None, proc.communicate()[1]
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=2).json()
            except httpx.HTTPError:
                time.sleep(0.3)
        workers = health["workers"]["pids"]
        assert health["workers"]["kind"] == ("threads" if args or os.cpu_count() == 1 else "processes")
        assert httpx.post(f"http://127.0.0.1:{port}/v1/check", json={"text": CONTENT_FARM}, timeout=60).status_code == 200
        t0 = time.monotonic()
        os.killpg(proc.pid, sig) if sig == signal.SIGINT else proc.send_signal(sig)
        rc = proc.wait(30)
        took = time.monotonic() - t0
        _, err = proc.communicate(timeout=30)  # to the end: the resource tracker writes its warning last
    finally:
        if proc.poll() is None:
            proc.kill()
    assert rc == 0, err
    assert took < 10, f"stopping took {took:.1f} s"
    assert "leaked" not in err and "Traceback" not in err, err
    assert "Application shutdown complete" in err
    assert not any(_alive(w) for w in workers)


@pytest.mark.skipif(os.cpu_count() == 1, reason="`unspun serve` starts worker processes on a machine with several cores")
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads the server's child processes from /proc")
def test_web_serve_ctrl_c_while_loading_stops_at_once() -> None:
    """Ctrl-C while the workers still load their models ends them and exits 130 (interrupted), promptly and quietly."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = _serve(port, fast=False)
    try:
        # Ctrl-C as soon as the first worker process exists: it has its imports and models still ahead of it
        # (seconds on any machine), so the server is certainly still loading (a fixed sleep was not: a fast
        # machine had finished loading within it), and still starting workers (a Ctrl-C then was once lost).
        def workers() -> list[str]:
            kids = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
            return [k for k in kids if "spawn_main" in Path(f"/proc/{k}/cmdline").read_text(errors="replace")]

        deadline = time.monotonic() + 120
        while not workers() and time.monotonic() < deadline:
            assert proc.poll() is None, proc.communicate()[1]
            time.sleep(0.01)
        assert workers(), "no worker process started"
        t0 = time.monotonic()
        os.killpg(proc.pid, signal.SIGINT)
        rc = proc.wait(60)
        took = time.monotonic() - t0
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert rc == 130, err
    assert took < 10, f"stopping took {took:.1f} s"
    assert "leaked" not in err and "Traceback" not in err, err
