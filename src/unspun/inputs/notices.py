"""Notices about how an article was taken from its page, for the report's ``document.extraction``.

- ``short_body``: the article text found is implausibly short for an article;
- ``mostly_boilerplate``: most of the text extracted from the page was page furniture;
- ``not_news_article``: the page says, or plainly is, something other than a news article
  (a product or Q&A page, an encyclopedia entry, a blog post). Only positive signs count:
  a page that says nothing about itself is taken as news;
- ``body_from_metadata``: the body came from the page's JSON-LD ``articleBody`` because the
  visible text held too little of it.
"""

from __future__ import annotations

import re

from unspun.document import Notice
from unspun.inputs.page import ARTICLE_TYPES, NEWS_TYPES, Page

#: fewer words than this in the body is implausibly short for an article
SHORT_BODY_WORDS = 80
#: a larger share of the extracted text left out means the page was mostly furniture
BOILERPLATE_SHARE = 0.5
#: JSON-LD types and og:type values of pages that are not articles
_OTHER_LD = {
    "Product": "a product page", "ProductGroup": "a product page", "Offer": "a product page",
    "QAPage": "a question-and-answer page", "FAQPage": "a page of frequently asked questions",
    "Question": "a question-and-answer page", "Recipe": "a recipe", "HowTo": "a how-to guide",
    "ProfilePage": "a profile page", "CollectionPage": "a list of links", "SearchResultsPage": "a list of links",
    "Course": "a course page", "Event": "an event page", "SoftwareApplication": "a software page",
    "JobPosting": "a job advertisement", "Book": "a book page", "Movie": "a film page",
}
_OTHER_OG = {"website": "a website page rather than an article", "product": "a product page",
             "profile": "a profile page", "book": "a book page", "place": "a place page",
             "business.business": "a business page", "video.movie": "a film page", "music.song": "a music page"}
_REFERENCE_HOSTS = ("wikipedia.org", "wikimedia.org", "wiktionary.org", "fandom.com", "britannica.com")
_QA_HOSTS = ("stackoverflow.com", "stackexchange.com", "quora.com", "superuser.com", "serverfault.com")
_EDIT_MARK = re.compile(r"\[edit\]")
#: "Top 10 ...", "These are the 8 coolest ...", "12 best ...": a list, not a report
_LISTICLE = re.compile(r"^(?:top \d+\b|(?:these are )?the \d+ (?:best|coolest|greatest|worst|most|top)\b|"
                       r"\d+ (?:best|coolest|greatest|worst|essential|must-see|must-have)\b)", re.IGNORECASE)
#: a disclosure that the page is paid for: "Sponsored by ...", "Paid post", German "Anzeige", "Werbung"
_SPONSORED = re.compile(r"^[\W_]*(?:anzeige|werbung|sponsored by|paid (?:post|content|partnership)|"
                        r"advertorial|this (?:post|article|story|content) (?:is|was) (?:sponsored|paid for|"
                        r"produced in (?:partnership|association) with))\b", re.IGNORECASE)

#: a line of program code: an import, a definition, an assignment, a call ending the line, a lone brace
_CODE_LINE = re.compile(
    r"^\s*(?:from \w[\w.]* import |import \w[\w.]*\s*$|def \w+\(|class \w+[(:]|[\w.\[\]]+\s*=\s*[\w\"'(\[{]|[{}];?\s*$)"
    r"|^\s*[\w.]+\([^)]*\)\s*[;{:]?\s*$"
)
#: this many lines of code in the body: a technical post (a tutorial, an engineering blog), not news
CODE_LINES = 3


def page_type(page: Page) -> str | None:
    """What the page declares itself: its JSON-LD article type (news first), another JSON-LD type, or og:type."""
    articles = page.ld_articles()
    if articles:
        t = articles[0].get("@type")
        kinds = t if isinstance(t, list) else [t]
        news = [k for k in kinds if isinstance(k, str) and k in NEWS_TYPES]
        return news[0] if news else next((k for k in kinds if isinstance(k, str)), None)
    other = [t for t in page.ld_types() if t in _OTHER_LD]
    if other:
        return other[0]
    og = page.meta_value("og:type")
    return og or None


def not_news(page: Page, body: str, headline: str = "", page_text: str = "") -> str | None:
    """What the page is, when it is plainly not a news article ("a blog post" ...); None otherwise.

    ``page_text`` is all the text extracted from the page (a sponsorship disclosure may be left out of the body).
    """
    if any(len(ln.split()) <= 15 and _SPONSORED.match(ln) for ln in (page_text or body).split("\n")):
        return "sponsored content (an advertisement)"
    if _LISTICLE.match(headline.strip()):
        return "a list (a listicle)"
    types = set(page.ld_types())
    if types & NEWS_TYPES:
        return None
    host = page.host
    if any(host == h or host.endswith("." + h) for h in _REFERENCE_HOSTS) or len(_EDIT_MARK.findall(body)) >= 2:
        return "an encyclopedia or reference entry"
    if any(host == h or host.endswith("." + h) for h in _QA_HOSTS) and not host.endswith(".blog"):
        return "a question-and-answer page"
    other = [t for t in page.ld_types() if t in _OTHER_LD]
    if other and not types & ARTICLE_TYPES:
        return _OTHER_LD[other[0]]
    if "BlogPosting" in types:
        return "a blog post"
    if sum(1 for ln in body.split("\n") if _CODE_LINE.search(ln)) >= CODE_LINES:
        return "a technical post with program code"
    labels = host.split(".")
    if "blog" in labels or any(lb.startswith("blog") for lb in labels[:1]):
        return "a blog post"
    og = page.meta_value("og:type").lower()
    if og in _OTHER_OG and not types & ARTICLE_TYPES:
        return _OTHER_OG[og]
    return None


def notices(page: Page | None, body: str, *, headline: str = "", page_text: str = "", left_out: float = 0.0,
            from_metadata: bool = False) -> tuple[Notice, ...]:
    """The notices for an article read from a page (``left_out``: the share of extracted text left out)."""
    out: list[Notice] = []
    n = len(body.split())
    if from_metadata:
        out.append(Notice("body_from_metadata",
                          "The page's visible text held little of the article, so the body was taken from the "
                          "article text the page gives in its metadata (JSON-LD articleBody)."))
    if n < SHORT_BODY_WORDS:
        out.append(Notice("short_body",
                          f"Only {n} words of article text were found on this page, which is short for an article; "
                          "the page may hold more that could not be extracted, so the body's analyses see little."))
    if left_out > BOILERPLATE_SHARE:
        out.append(Notice("mostly_boilerplate",
                          f"{round(100 * left_out)}% of the text extracted from this page was left out as page "
                          "furniture (links, teasers, captions, sign-ups); check the body against the page."))
    what = not_news(page, body, headline, page_text) if page is not None else None
    if what:
        out.append(Notice("not_news_article",
                          f"This page looks like {what}, not a news article; findings that presume news "
                          "reporting (sourcing, headline support) may not apply to it."))
    return tuple(out)
