"""The app and its routes: the page, the API docs, ``POST /v1/check``, ``POST /v1/report.html``, ``GET /v1/health``,
and the archive's routes (``GET /v1/archive...``, :mod:`unspun.web.archive`).

The pipelines are built (and their models loaded) when the app is created; the
pools they run in are stopped when the app's lifespan ends.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from unspun import __version__, errors
from unspun.analyzers import registry
from unspun.web import archive, guard
from unspun.web.engine import Engine, Job
from unspun.web.schemas import CheckRequest, add_error_handlers, url_error
from unspun.web.settings import Settings

#: The page's own files (HTML, script, style, icon): nothing is loaded from elsewhere.
STATIC = Path(__file__).resolve().parent / "static"


def create_app(settings: Settings | None = None, **overrides: Any) -> FastAPI:
    """Build the app; pipelines are built and their models loaded here, once."""
    settings = settings or Settings(**overrides)
    browser = None
    if settings.db is not None:  # before the models load: a wrong file is reported in a second (E160-E162)
        from unspun.archive.browse import Browser

        browser = Browser(settings.db)
    engine = Engine(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            engine.close()

    app = FastAPI(
        title="unspun",
        version=__version__,
        description="Offline checker for news articles: signals and evidence for an editor, not a verdict. "
                    "POST an article to /v1/check and get the report (schema `unspun.report/1`, the same "
                    "JSON as `unspun check --format json`). A server started with --db ARCHIVE also lists "
                    "the archive's articles (GET /v1/archive/articles) and returns their stored reports.",
        docs_url=None,  # FastAPI's own /docs loads Swagger UI from a CDN; ours is self-contained
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.engine = engine
    app.state.settings = settings
    add_error_handlers(app)

    async def analyse(req: CheckRequest, output: str) -> Any:
        req.form()  # exactly one input form, before anything else
        fast = bool(req.fast) or settings.fast
        engine.pipeline(req.only, req.skip, fast)  # unknown names fail here, before any fetch
        fetched = None
        if req.url is not None:
            try:
                fetched = await engine.fetch(req.url)
            except errors.UnspunError as exc:
                raise url_error(exc) from None
        return await engine.analyse(Job(req.article(fetched), engine.key(req.only, req.skip, fast), output))

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
                                 "Content-Security-Policy": guard.REPORT_CSP})

    @app.get("/v1/health", summary="Liveness, version, analyzers and limits")
    async def health() -> dict[str, Any]:
        limits = asdict(settings)
        limits.pop("warm")
        limits.pop("allowed_hosts")
        limits.pop("db")
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
            # the archive the page browses (its file name), or null
            "archive": None if settings.db is None else Path(settings.db).name,
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

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> FileResponse:
        # Browsers ask for /favicon.ico where a page names no icon (the JSON answers, say); the pages name this one.
        return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")

    archive.add_routes(app, browser)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    guard.protect(app, settings)
    return app
