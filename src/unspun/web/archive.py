"""The archive's routes (``unspun serve --db ARCHIVE``): the filters' choices, the articles filtered and paged,
one article's stored report. Thin over :mod:`unspun.archive.browse`, which holds the queries.

A server started without an archive answers these routes with E152 (404).
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path as FilePath
from typing import Any, Literal

from fastapi import FastAPI, Path, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from unspun import errors
from unspun.archive import browse

_TAG: list[str | Enum] = ["archive"]
_MISSING: dict[int | str, dict[str, Any]] = {404: {"description": "E152: the server has no archive (start it with --db); E153: no such article "
                                 "or no report of it"}}


class FindingCount(BaseModel):
    analyzer: str
    label: str
    severity: str = Field(description="the most severe of these findings")
    count: int


class ReportBrief(BaseModel):
    max_severity: str | None = Field(description="the most severe finding's severity; null when nothing was flagged")
    findings: int
    failed: int = Field(description="analyzers that failed on this article")
    checked: str = Field(description="when the report was written (UTC, ISO 8601)")
    labels: list[FindingCount] = Field(description="its findings by analyzer and label, the most severe first")


class ClusterRef(BaseModel):
    id: int
    relation: str = Field(description="earliest, verbatim, near_copy or paraphrase")
    size: int
    earliest: int | None = Field(description="the id of the cluster's earliest article")


class ArticleRow(BaseModel):
    id: int = Field(description="the article's id in the archive: GET /v1/archive/articles/{id}/report")
    ext_id: str | None
    url: str | None
    site: str | None
    author: str | None
    published: str | None = Field(description="the publication date as stated")
    published_at: str | None = Field(description="the same as ISO 8601, when it could be read")
    first_seen: str
    headline: str
    date: str = Field(description="what the list is ordered by: published_at, else first_seen")
    report: ReportBrief | None = Field(description="its current report; null for an article stored unchecked")
    cluster: ClusterRef | None = Field(description="its recycled-content cluster, if it is in one")


class ArticlePage(BaseModel):
    total: int = Field(description="articles matching the filters, in all")
    page: int
    per_page: int
    pages: int
    query: dict[str, Any] = Field(description="the filters as applied, with the search words used")
    articles: list[ArticleRow]


class Site(BaseModel):
    site: str
    articles: int


class LabelChoice(BaseModel):
    analyzer: str
    label: str
    findings: int = Field(description="findings with this label, in every report of the archive")
    max_severity: str


class ArchiveInfo(BaseModel):
    archive: str = Field(description="the archive's file name")
    articles: int
    reports: int = Field(description="articles that have a report")
    errors: int = Field(description="items that could not be checked (see the errors table)")
    clusters: int
    sites: list[Site] = Field(description=f"the {browse.MAX_CHOICES} sites with most articles")
    n_sites: int
    labels: list[LabelChoice] = Field(description="the analyzer labels found in the archive")
    dates: dict[str, str | None] = Field(description="the first and last article dates (YYYY-MM-DD)")
    severities: list[str]
    sorts: list[str]
    max_per_page: int


def add_routes(app: FastAPI, browser: browse.Browser | None) -> None:
    """Add the archive's routes to ``app``; ``browser`` None: the server has no archive (E152)."""

    def need() -> browse.Browser:
        if browser is None:
            raise errors.no_archive()
        return browser

    @app.get("/v1/archive", summary="The served archive: its counts and what the filters can choose from",
             response_model=ArchiveInfo, responses=_MISSING, tags=_TAG)
    def archive_info() -> dict[str, Any]:
        """Counts of the archive's articles, reports, errors and clusters; its sites and the analyzer labels of its
        findings, most frequent first; the range of its dates."""
        b = need()
        return {"archive": FilePath(b.path).name, **b.facets()}

    @app.get("/v1/archive/articles", summary="The archive's articles, filtered, newest first, one page at a time",
             response_model=ArticlePage, responses=_MISSING, tags=_TAG)
    def articles(
        site: str | None = Query(None, description="only this site (as GET /v1/archive lists it)"),
        analyzer: str | None = Query(None, description="only articles whose current report has a finding of "
                                                       "this analyzer"),
        label: str | None = Query(None, description="... with this label"),
        severity: Literal["info", "low", "medium", "high"] | None = Query(
            None, description="... at this severity or above; alone: the report's most severe finding is at least "
                              "this"),
        q: str | None = Query(None, max_length=500, description="words of the headline (all of them, any case, "
                                                                 "word forms stemmed; the last may be a prefix)"),
        since: str | None = Query(None, description="from this date (YYYY-MM-DD), of the article's "
                                                                   "publication date, else when it was first seen"),
        until: str | None = Query(None, description="to this date (YYYY-MM-DD), inclusive"),
        sort: Literal["newest", "oldest"] = Query("newest", description="order by date"),
        page: int = Query(1, ge=1, le=1_000_000, description="page number, from 1"),
        per_page: int = Query(50, ge=1, le=browse.MAX_PER_PAGE, description="articles a page"),
    ) -> dict[str, Any]:
        """One page of the articles that pass every filter given, with the total for a pager. Each row carries
        the article's metadata, its current report's most severe finding and its findings by label, and its
        recycled-content cluster."""
        def given(v: str | None) -> str | None:
            return v if v else None  # an empty field of a form is no filter

        return need().articles(browse.Query(
            site=given(site), analyzer=given(analyzer), label=given(label), severity=severity, q=given(q),
            since=given(since), until=given(until), sort=sort, page=page, per_page=per_page))

    @app.get("/v1/archive/articles/{article_id}/report", summary="One archived article's report",
             response_description="The stored report (schema unspun.report/1), as `unspun check --format json` "
                                  "printed it when the article was checked",
             responses=_MISSING, tags=_TAG)
    def report(article_id: int = Path(ge=1, description="the article's id (from the list)")) -> JSONResponse:
        """The article's current report exactly as the archive stores it: the same JSON as POST /v1/check, made by
        the analyzers of the batch that checked it (and with the recycled-content finding of a dedupe)."""
        return JSONResponse(need().report(article_id))

    @app.get("/v1/archive/articles/{article_id}/claims", summary="One archived article's check-worthy claims and their matches",
             responses=_MISSING, tags=_TAG)
    def claims(article_id: int = Path(ge=1, description="the article's id (from the list)")) -> JSONResponse:
        """The check-worthy claims of the article's current report as the archive stores them (rank, span into the
        report's text, text, score, structure: who, what, when, where, quantities), each with the earlier
        fact-checks and reference passages `unspun archive claims` matched (`looked_up` null: not looked up yet;
        empty lists: nothing matched). A report of the fast profile has no claims."""
        return JSONResponse(need().claims(article_id))

