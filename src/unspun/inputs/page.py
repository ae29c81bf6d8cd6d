"""What a page says about itself: titles, headings, site names, JSON-LD, declared type.

Read from the parsed page once (:func:`read_page`) and used to choose the headline
(:mod:`~unspun.inputs.headline`), to clean the body (:mod:`~unspun.inputs.boilerplate`)
and to say whether the page looks like a news article (:mod:`~unspun.inputs.notices`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

#: JSON-LD types of a news article, and of other kinds of page (schema.org names)
NEWS_TYPES = frozenset({
    "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle", "BackgroundNewsArticle",
    "ReviewNewsArticle", "AskPublicNewsArticle", "LiveBlogPosting", "Report",
})
ARTICLE_TYPES = frozenset({"Article", "BlogPosting", "SocialMediaPosting", "TechArticle", "ScholarlyArticle",
                           "Review", "SatiricalArticle", "AdvertiserContentArticle", "Posting"})
_HIDDEN = re.compile(r"(?:^|[\s_-])(?:is-hidden|hidden|visually-hidden|sr-only|screen-reader-text|offscreen)(?:$|[\s_-])")


@dataclass(frozen=True)
class Heading:
    """An ``<h1>`` of the page: its text, whether it sits in the article or main part, and where."""

    text: str
    in_main: bool
    element: Any = field(compare=False, repr=False)


@dataclass
class Page:
    """The parts of a page that say what it is."""

    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    json_ld: list[dict[str, Any]] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    site_names: list[str] = field(default_factory=list)
    host: str = ""

    def meta_value(self, *names: str) -> str:
        for n in names:
            v = self.meta.get(n.lower(), "").strip()
            if v:
                return " ".join(v.split())
        return ""

    def ld_types(self) -> list[str]:
        out: list[str] = []
        for obj in self.json_ld:
            t = obj.get("@type")
            out.extend(x for x in (t if isinstance(t, list) else [t]) if isinstance(x, str))
        return out

    def ld_articles(self) -> list[dict[str, Any]]:
        """JSON-LD objects typed as an article of some kind (news first)."""
        def kinds(obj: dict[str, Any]) -> set[str]:
            t = obj.get("@type")
            return {x for x in (t if isinstance(t, list) else [t]) if isinstance(x, str)}

        news = [o for o in self.json_ld if kinds(o) & NEWS_TYPES]
        return news + [o for o in self.json_ld if kinds(o) & ARTICLE_TYPES and o not in news]

    def ld_text(self, key: str) -> str:
        """The first article object's ``key`` (headline, articleBody ...) as plain text, or ''."""
        for obj in self.ld_articles():
            v = obj.get(key)
            if isinstance(v, str) and v.strip():
                return _unescape(v)
        return ""


def _unescape(s: str) -> str:
    import html

    return " ".join(html.unescape(s).split()) if "\n" not in s.strip() else html.unescape(s).strip()


def text_of(el: Any) -> str:
    return " ".join(str(el.text_content()).split())


def hidden(el: Any) -> bool:
    """Hidden by its markup (hidden attribute, aria-hidden, display:none, a hiding class), or inside such an element."""
    for a in [el, *el.iterancestors()]:
        if a.get("hidden") is not None or a.get("aria-hidden") == "true":
            return True
        style = (a.get("style") or "").replace(" ", "").lower()
        if "display:none" in style or "visibility:hidden" in style:
            return True
        if _HIDDEN.search((a.get("class") or "").lower()):
            return True
    return False


def _json_ld(root: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []

    def add(obj: Any) -> None:
        if isinstance(obj, list):
            for o in obj:
                add(o)
        elif isinstance(obj, dict):
            if "@graph" in obj:
                add(obj["@graph"])
            out.append(obj)

    for s in root.iter("script"):
        if (s.get("type") or "").strip().lower() != "application/ld+json" or not s.text:
            continue
        try:
            add(json.loads(s.text))
        except (json.JSONDecodeError, RecursionError):
            continue
    return out


def read_page(root: Any, url: str | None = None) -> Page:
    """The page's titles, metadata, JSON-LD objects, visible ``<h1>`` headings and site names."""
    page = Page()
    t = root.find(".//title")
    page.title = text_of(t) if t is not None else ""
    for m in root.iter("meta"):
        name = (m.get("property") or m.get("name") or "").strip().lower()
        content = m.get("content")
        if name and content and name not in page.meta:
            page.meta[name] = content
    page.json_ld = _json_ld(root)
    for h in root.iter("h1"):
        text = text_of(h)
        if not text or hidden(h):
            continue
        outside = {a.tag for a in h.iterancestors()} & {"nav", "footer", "aside"}
        if outside:
            continue
        in_main = any(a.tag in ("article", "main") or (a.get("role") or "") == "main" for a in h.iterancestors())
        page.headings.append(Heading(text, in_main, h))
    canonical = next((ln.get("href") for ln in root.iter("link") if (ln.get("rel") or "").lower() == "canonical"), None)
    for u in (url, page.meta_value("og:url"), canonical):
        host = urlsplit(u).hostname if u and "://" in u else None
        if host:
            page.host = host.lower().removeprefix("www.")
            break
    names = [page.meta_value("og:site_name"), page.meta_value("application-name"),
             page.meta_value("twitter:site").lstrip("@")]
    for obj in page.json_ld:
        kinds = obj.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if set(kinds) & {"Organization", "NewsMediaOrganization", "WebSite"} and isinstance(obj.get("name"), str):
            names.append(obj["name"])
        pub = obj.get("publisher")
        if isinstance(pub, dict) and isinstance(pub.get("name"), str):
            names.append(pub["name"])
    if page.host:
        names.append(page.host)
    # a "site name" of many words is a page title put in the wrong field (some sites do)
    page.site_names = [n.strip() for n in dict.fromkeys(names) if n and n.strip() and len(n.split()) <= 5]
    return page
