"""The web page and HTTP API: ``unspun serve``.

The pipelines are built (and their models loaded) when the app is created.
Analyses run in a bounded pool so the event loop stays free to answer health
checks and refuse excess load quickly: a pool of worker processes (what
``unspun serve`` uses on a machine with several cores: Python code holds one
core per process, so threads of one process cannot use a second core), or a
pool of threads in this process (``Settings.processes=False``: less memory;
what the tests use). Each worker process loads the models once, when the
server starts, and answers with the finished report (a JSON-ready dict or
the HTML page), so both kinds of pool run the same code.

Safety (issue 7): requests over ``max_request_bytes`` get 413 before they are
parsed; malformed JSON gets 422 naming the field; URLs go through
:func:`unspun.inputs.fetch.fetch`, which refuses private, loopback and link-local
addresses (re-checked after each redirect) and bounds time and size, and a
request can never opt out of that; at most ``max_concurrent`` analyses run at
once and at most ``max_waiting`` more wait, beyond which the answer is 503.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import re
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from concurrent.futures import Executor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from unspun import __version__, errors, inputs
from unspun.analyzers import registry
from unspun.document import Document
from unspun.pipeline import Pipeline
from unspun.runtime import blas

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
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

#: A short English article the pipelines run once at start, so every model they
#: use is loaded before the first request rather than during it.
_WARM_TEXT = ("Council approves budget after long debate\n\n"
              "The city council voted on Tuesday to approve the budget, officials said. "
              "The mayor said the plan would cover rising costs for schools and roads.")


@dataclass(frozen=True)
class Settings:
    """Server limits; the defaults are documented in docs/web.md."""

    #: True: slow analyzers never run, whatever a request asks
    fast: bool = False
    #: largest request body accepted (bytes); a pasted article is far smaller, a saved page can be ~1 MB
    max_request_bytes: int = 2_000_000
    #: analyses running at once; more than the cores only adds contention
    max_concurrent: int = max(1, min(4, os.cpu_count() or 1))
    #: True: analyses run in max_concurrent worker processes (each loads the models once at
    #: start), so they use several cores; False: in threads of this process (one core for
    #: Python code, less memory). `unspun serve` uses processes on a machine with several cores.
    processes: bool = False
    #: analyses allowed to wait for a slot; beyond that requests get 503 at once
    max_waiting: int = 32
    #: URL fetch limits (see unspun.inputs.fetch)
    fetch_timeout_s: float = 10.0
    fetch_max_bytes: int = 5_000_000
    #: run each pipeline once at start so models load before the first request
    warm: bool = True
    #: Host header values accepted; None accepts any. `serve` on a loopback address
    #: sets the loopback names, so a web page cannot reach this server by DNS rebinding.
    allowed_hosts: tuple[str, ...] | None = None


class CheckRequest(BaseModel):
    """One article, in exactly one form, and which analyzers to run."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"headline": "Council approves 4 percent fare rise",
                 "body": "The city council voted 7-2 on Tuesday to raise bus fares by 4 percent from July."},
                {"text": "Council approves 4 percent fare rise\n\nThe city council voted 7-2 on Tuesday."},
                {"url": "https://example.org/news/article.html", "fast": True},
            ]
        },
    )

    headline: str | None = Field(None, description="The headline (with `body`, or alone for a headline-only check).")
    body: str | None = Field(None, description="The article body; paragraphs separated by blank lines.")
    text: str | None = Field(None, description="The whole article as plain text: headline on the first line, then the body.")
    html: str | None = Field(None, description="A saved article page; the article text is extracted from it.")
    url: str | None = Field(None, description="An http(s) address of an article page on the public internet.")
    only: list[str] | None = Field(None, description="Run only these analyzers (see GET /v1/health).")
    skip: list[str] | None = Field(None, description="Skip these analyzers.")
    fast: bool | None = Field(None, description="Skip slow analyzers. A server started with --fast always does.")

    def form(self) -> str:
        """Which input form this request uses; raises a 422 error unless exactly one is given."""
        given = [k for k in ("text", "html", "url") if getattr(self, k) is not None]
        if self.headline is not None or self.body is not None:
            given.insert(0, "headline")
        if len(given) == 1:
            if given[0] == "headline" and self.headline is None:
                raise request_error("headline", 'is missing; "body" needs a "headline" beside it')
            return given[0]
        if not given:
            raise request_error("(body)", 'has none of "headline"/"body", "text", "html" or "url"')
        names = ['"headline"/"body"' if g == "headline" else f'"{g}"' for g in given]
        raise request_error(given[1], "is given together with " + " and ".join(n for n in names if n != f'"{given[1]}"')
                            + "; send exactly one input form")


_EXPECTED = ('a JSON object with exactly one of {"headline", "body"}, {"text"}, {"html"} or {"url"}, '
             'and optionally "only", "skip" (lists of analyzer names) and "fast" (true/false)')


class RequestError(errors.UnspunError):
    """A malformed request; ``field`` names the part of the JSON to fix."""

    def __init__(self, field: str, problem: str) -> None:
        base = errors.api_request(field, problem, _EXPECTED)
        super().__init__(base.code, base.expected, base.got, base.fix)
        self.field = field


def request_error(field: str, problem: str) -> RequestError:
    return RequestError(field, problem)


def _error_response(exc: errors.UnspunError, extra: dict[str, Any] | None = None,
                    headers: dict[str, str] | None = None) -> JSONResponse:
    body = exc.to_dict()
    if isinstance(exc, RequestError):
        body["error"]["field"] = exc.field
    if extra:
        body["error"].update(extra)
    return JSONResponse(body, status_code=exc.http_status, headers=headers)


def _field_name(loc: tuple[Any, ...]) -> str:
    parts = list(loc[1:] if loc and loc[0] == "body" else loc)
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "(body)"


def _describe(e: dict[str, Any]) -> tuple[str, str]:
    """(field, problem) for one pydantic error, in words a client can act on."""
    kind = e.get("type", "")
    loc = tuple(e.get("loc", ()))
    if kind == "json_invalid":
        pos = loc[1] if len(loc) > 1 else "?"
        return "(body)", f"is not valid JSON (at character {pos}: {e.get('ctx', {}).get('error', 'parse error')})"
    field = _field_name(loc)
    if kind == "extra_forbidden":
        return field, "is not a known field"
    if kind in ("model_attributes_type", "dict_type", "model_type") or (kind == "missing" and field == "(body)"):
        return "(body)", "must be a JSON object"
    got = e.get("input")
    got_type = type(got).__name__ if got is not None else "null"
    msg = re.sub(r"^Input ", "", str(e.get("msg", "is invalid")))
    return field, f"{msg[:1].lower()}{msg[1:]} (got {got_type})"


class _Guard:
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
        response = _error_response(exc, headers={"Connection": "close"})
        await response(scope, _no_receive, send)


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}


Key = tuple[tuple[str, ...], tuple[str, ...], bool]


@dataclass(frozen=True)
class _Job:
    """One analysis, as sent to a worker: the input (already fetched), the pipeline key, the output form."""

    form: str
    headline: str | None
    body: str | None
    text: str | None
    html: str | None
    fetched: Any  # unspun.inputs.fetch.Fetched for form "url"
    key: Key
    output: str  # "json": the report as a dict; "html": the HTML report


def _document(job: _Job) -> Document:
    if job.form == "headline":
        return inputs.from_parts(job.headline or "", job.body or "", source="the request")
    if job.form == "text":
        return inputs.from_text(job.text or "", source='the request\'s "text"')
    if job.form == "html":
        return inputs.from_html(job.html or "", source='the request\'s "html"')
    fetched = job.fetched
    text = inputs.decode(fetched.body, fetched.url, fetched.charset)
    if fetched.content_type == "text/plain":
        return inputs.from_text(text, source=fetched.url, url=fetched.url)
    return inputs.from_html(text, source=fetched.url, url=fetched.url)


def _run_job(job: _Job, pipeline: Pipeline) -> Any:
    """Read the article, run the pipeline, and render the answer (in whichever worker runs it)."""
    report = pipeline.run(_document(job))
    if job.output == "html":
        from unspun.render import html

        return html.render(report)
    return report.to_dict()


def _build_pipeline(key: Key) -> Pipeline:
    # Analyzer objects are cheap; their models are cached per process, so a
    # new combination of only/skip never loads a model twice.
    return Pipeline.default(only=key[0] or None, skip=key[1] or None, fast=key[2])


# -- worker processes ------------------------------------------------------------------

_worker_pipelines: dict[Key, Pipeline] = {}


def _worker_pipeline(key: Key) -> Pipeline:
    p = _worker_pipelines.get(key)
    if p is None:
        p = _build_pipeline(key)
        if len(_worker_pipelines) < 256:
            _worker_pipelines[key] = p
    return p


def _worker_start(fast_only: bool, warm: bool, ready: Any) -> None:
    """Initialiser of a worker process: one BLAS thread, pipelines built and warmed; then it says so on ``ready``."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops the workers
    _exit_with_parent()
    blas.limit_process(1)
    for fast in (True,) if fast_only else (True, False):
        p = _worker_pipeline(((), (), fast))
        if warm:
            p.run(inputs.from_text(_WARM_TEXT, source="the warm-up article"))
    ready.put(os.getpid())


def _exit_with_parent() -> None:
    """End this worker when the server process is gone (killed before it could stop its workers)."""
    import time

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="unspun-parent-watch", daemon=True).start()


def _worker_job(job: _Job) -> Any:
    return _run_job(job, _worker_pipeline(job.key))


def _nothing() -> None:
    return None


class _Engine:
    """The pipelines (built once, warmed once) and the bounded pool they run in."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        # Analyses in threads: OpenBLAS ignores per-call thread limits made there, so
        # one BLAS thread for the whole process, set here in the main thread (see unspun.runtime.blas).
        blas.limit_process(1)
        self._lock = threading.Lock()
        self._pipelines: dict[Key, Pipeline] = {}
        self.fetch_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="unspun-fetch")
        self.in_flight = 0
        self.pool: Executor
        self.worker_pids: list[int] = []
        self.restarting = False
        if settings.processes:
            self.pool = self._start_processes()
        else:
            self.pool = ThreadPoolExecutor(max_workers=settings.max_concurrent, thread_name_prefix="unspun-analysis")
            for fast in (True,) if settings.fast else (True, False):
                p = self.pipeline(None, None, fast)
                if settings.warm:
                    p.run(inputs.from_text(_WARM_TEXT, source="the warm-up article"))

    def _start_processes(self) -> Executor:
        """Start max_concurrent worker processes and wait until each has loaded and warmed its models."""
        import multiprocessing
        import queue
        import time
        from concurrent.futures import ProcessPoolExecutor

        n = self.settings.max_concurrent
        # spawn: a fresh interpreter per worker (fork would copy this process's threads' state)
        ctx = multiprocessing.get_context("spawn")
        ready = ctx.Queue()
        pool = ProcessPoolExecutor(max_workers=n, mp_context=ctx, initializer=_worker_start,
                                   initargs=(self.settings.fast, self.settings.warm, ready))
        # The pool starts workers on demand: n submits in a row find no idle worker and start n.
        pings = [pool.submit(_nothing) for _ in range(n)]
        pids: list[int] = []
        deadline = time.monotonic() + 600
        while len(pids) < n:  # each worker reports once its models are loaded and warm
            try:
                pids.append(int(ready.get(timeout=0.5)))
            except queue.Empty:
                failed = [f.exception() for f in pings if f.done() and f.exception() is not None]
                if failed or time.monotonic() > deadline:
                    pool.shutdown(wait=False, cancel_futures=True)
                    raise RuntimeError(f"the analysis workers did not start: {failed[0] if failed else 'timed out'}") from None
        self.worker_pids = sorted(pids)
        return pool

    def pipeline(self, only: list[str] | None, skip: list[str] | None, fast: bool) -> Pipeline:
        key = self.key(only, skip, fast)
        with self._lock:
            p = self._pipelines.get(key)
            if p is None:
                p = _build_pipeline(key)
                if len(self._pipelines) < 256:
                    self._pipelines[key] = p
            return p

    def key(self, only: list[str] | None, skip: list[str] | None, fast: bool) -> Key:
        return (tuple(sorted(set(only or []))), tuple(sorted(set(skip or []))), fast or self.settings.fast)

    async def analyse(self, job: _Job) -> Any:
        """Run one analysis in the pool: the report dict (or HTML page, per ``job.output``)."""
        if self.settings.processes:
            return await self.run(functools.partial(_worker_job, job))
        only, skip, fast = job.key
        return await self.run(functools.partial(_run_job, job, self.pipeline(list(only), list(skip), fast)))

    async def run(self, fn: Callable[[], Any], pool: Executor | None = None) -> Any:
        s = self.settings
        if self.in_flight >= s.max_concurrent + s.max_waiting:
            raise errors.server_busy(self.in_flight, s.max_concurrent + s.max_waiting)
        self.in_flight += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(pool or self.pool, fn)
        except BrokenProcessPool:
            # A worker died (killed for memory, say): the pool is unusable. Start a fresh one in
            # the background and answer 503 with Retry-After meanwhile.
            self.restart_workers()
            raise errors.server_busy(self.in_flight, s.max_concurrent + s.max_waiting) from None
        finally:
            self.in_flight -= 1

    def restart_workers(self) -> None:
        """Replace a broken process pool (once, however many requests notice it)."""
        with self._lock:
            if self.restarting or not getattr(self.pool, "_broken", False):
                return
            self.restarting = True
        log.error("an analysis worker process died; starting new workers")

        def restart() -> None:
            try:
                old = self.pool
                old.shutdown(wait=False, cancel_futures=True)
                self.pool = self._start_processes()
            finally:
                self.restarting = False

        threading.Thread(target=restart, name="unspun-restart-workers", daemon=True).start()

    def close(self) -> None:
        # Worker processes are stopped and waited for here: uvicorn ends the process by
        # re-raising SIGTERM after shutdown, which leaves no time for atexit handlers.
        self.pool.shutdown(wait=self.settings.processes, cancel_futures=True)
        self.fetch_pool.shutdown(wait=False, cancel_futures=True)


def create_app(settings: Settings | None = None, **overrides: Any) -> FastAPI:
    """Build the app; pipelines are built and their models loaded here, once."""
    settings = settings or Settings(**overrides)
    engine = _Engine(settings)
    app = FastAPI(
        title="unspun",
        version=__version__,
        description="Offline checker for news articles: signals and evidence for an editor, not a verdict. "
                    "POST an article to /v1/check and get the report (schema `unspun.report/1`, the same "
                    "JSON as `unspun check --format json`).",
        docs_url=None,  # FastAPI's own /docs loads Swagger UI from a CDN; ours is self-contained
        redoc_url=None,
    )
    app.state.engine = engine
    app.state.settings = settings
    app.router.add_event_handler("shutdown", engine.close)

    @app.exception_handler(errors.UnspunError)
    async def _unspun_error(_: Request, exc: errors.UnspunError) -> JSONResponse:
        headers = {"Retry-After": "1"} if exc.http_status == 503 else None
        return _error_response(exc, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [_describe(e) for e in exc.errors()] or [("(body)", "is invalid")]
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != "application/json" and problems[0] == ("(body)", "must be a JSON object"):
            problems = [("(body)", f"was sent as {ctype or 'no content type'}; send JSON with Content-Type: application/json")]
        field, problem = problems[0]
        err = request_error(field, problem)
        return _error_response(err, {"errors": [{"field": f, "problem": p} for f, p in problems]})

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        body = {"error": {"code": f"HTTP{exc.status_code}", "message": str(exc.detail)}}
        return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)

    async def analyse(req: CheckRequest, output: str) -> Any:
        form = req.form()
        fast = bool(req.fast) or settings.fast
        engine.pipeline(req.only, req.skip, fast)  # unknown names fail here, before any fetch
        fetched = None
        if form == "url":
            from unspun.inputs import fetch

            url = req.url or ""
            # allow_private is never taken from a request: the server must not reach its own network
            try:
                fetched = await engine.run(
                    lambda: fetch.fetch(url, allow_private=False, timeout=settings.fetch_timeout_s,
                                        max_bytes=settings.fetch_max_bytes),
                    engine.fetch_pool,
                )
            except errors.UnspunError as exc:
                if exc.code == errors.E_URL_REFUSED:  # the CLI's fix (--allow-private) does not exist here
                    raise errors.UnspunError(exc.code, exc.expected, exc.got,
                                             'This server never fetches from its own network; save the page and send it as "html".') from None
                raise
        job = _Job(form, req.headline, req.body, req.text, req.html, fetched, engine.key(req.only, req.skip, fast), output)
        return await engine.analyse(job)

    @app.post("/v1/check", summary="Check one article", response_description="The report (schema unspun.report/1)",
              responses={413: {"description": "Request too large"}, 422: {"description": "Malformed request"},
                         503: {"description": "Too many analyses waiting"}})
    async def check(req: CheckRequest) -> JSONResponse:
        """Run the analyzers over one article and return the report, the same JSON as the CLI's."""
        return JSONResponse(await analyse(req, "json"))

    @app.post("/v1/report.html", summary="Check one article and return the self-contained HTML report",
              response_class=Response, responses={200: {"content": {"text/html": {}}}})
    async def report_html(req: CheckRequest) -> Response:
        """The same analysis as /v1/check, rendered as one HTML file that works offline."""
        page = await analyse(req, "html")
        return Response(page, media_type="text/html; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="unspun-report.html"',
                                 "Content-Security-Policy": REPORT_CSP})

    @app.get("/v1/health", summary="Liveness, version, analyzers and limits")
    async def health() -> dict[str, Any]:
        limits = asdict(settings)
        limits.pop("warm")
        limits.pop("allowed_hosts")
        return {
            "status": "ok",
            "version": __version__,
            "profile": "fast" if settings.fast else "full",
            "analyzers": [
                {"name": c.name, "description": c.description, "slow": c.slow,
                 "available": not (c.slow and settings.fast)}
                for c in registry.ANALYZERS
            ],
            "limits": limits,
            "in_flight": engine.in_flight,
            # the analysis pool: worker processes (their ids) or threads of this process
            "workers": {"kind": "processes" if settings.processes else "threads", "count": settings.max_concurrent,
                        "pids": engine.worker_pids, "state": "restarting" if engine.restarting else "ready"},
        }

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> FileResponse:
        return FileResponse(STATIC / "docs.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(_Guard, max_bytes=settings.max_request_bytes)
    if settings.allowed_hosts is not None:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(settings.allowed_hosts))
    return app


def _check_bind(host: str, port: int) -> None:
    """Raise a clear error when ``host:port`` cannot be listened on."""
    import socket

    try:
        family, kind, proto, _, addr = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except (socket.gaierror, UnicodeError) as exc:
        raise errors.bad_option("--host", "an address of this machine", host,
                                f"{exc}; use 127.0.0.1 (this machine only) or 0.0.0.0 (all interfaces).") from None
    try:
        with socket.socket(family, kind, proto) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(addr)
    except OSError as exc:
        raise errors.bad_option("--port", f"a port free to listen on at {host}", str(port),
                                f"{exc.strerror or exc}; pick another with --port, or stop the program using it.") from None


#: Host names of this machine; also the Host header values a loopback server accepts.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


def serve(host: str = "127.0.0.1", port: int = 8000, fast: bool = False, processes: bool | None = None,
          **overrides: Any) -> None:
    """Build the app (models load now) and serve it with uvicorn until interrupted.

    ``processes`` None: worker processes on a machine with several cores, threads on one core.
    """
    import uvicorn

    _check_bind(host, port)  # before the models load: a taken port should fail in a second, not after
    overrides["processes"] = (os.cpu_count() or 1) > 1 if processes is None else processes
    if host in LOOPBACK_HOSTS:
        overrides.setdefault("allowed_hosts", LOOPBACK_HOSTS)
    else:
        log.warning("serving on %s: anyone who can reach this address can use the checker", host)
    app = create_app(Settings(fast=fast, **overrides))
    s: Settings = app.state.settings
    # uvicorn's own cap on open connections sits above ours on analyses, so excess
    # load meets our JSON 503 rather than a bare one.
    uvicorn.run(app, host=host, port=port, log_level="info", limit_concurrency=(s.max_concurrent + s.max_waiting) * 4,
                timeout_keep_alive=5)
