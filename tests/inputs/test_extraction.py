"""Extraction from HTML, one class of page furniture at a time, on small pages written for these tests."""

from __future__ import annotations

import json
from typing import Any

import pytest

from unspun import inputs

#: the article's own paragraphs (invented for these tests)
PARAS = [
    "The Millbrook city council voted 7-2 on Tuesday to raise bus and tram fares by 4 percent from July 1, the "
    "first increase since 2019.",
    "Transit director Paul Nguyen told the council the rise would bring in about $2.1 million a year, which he said "
    "would cover higher fuel costs.",
    "Councillor Ana Silva, who voted against the plan, said the increase would fall hardest on shift workers and "
    "asked for a reduced fare.",
    "The council will review the fares again next spring, when the new tram line opens to passengers.",
]
FIRST, LAST = PARAS[0][:40], PARAS[-1][-40:]


def page(body: str = "", head: str = "", title: str = "Council approves fare rise", h1: str | None = None,
         before: str = "", after: str = "", url: str = "https://www.millbrookpost.example/news/fares") -> str:
    """A page: ``head`` in <head>; ``before`` and ``after`` the article's paragraphs (or ``body`` instead)."""
    heading = f"<h1>{h1}</h1>" if h1 else ""
    paras = body or "".join(f"<p>{p}</p>" for p in PARAS)
    return (f"<!doctype html><html><head><title>{title}</title><link rel='canonical' href='{url}'>{head}</head>"
            f"<body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><main><article>{heading}{before}"
            f"<div class='article-body'>{paras}</div>{after}</article></main>"
            f"<footer><p>Copyright Millbrook Post</p></footer></body></html>")


def meta(**props: str) -> str:
    return "".join(f"<meta property='{k.replace('_', ':')}' content='{v}'>" for k, v in props.items())


def ld(obj: dict[str, Any]) -> str:
    return f"<script type='application/ld+json'>{json.dumps(obj)}</script>"


# --- the headline ---------------------------------------------------------------------------------

HEADLINES: list[tuple[str, str, str]] = [
    # (id, the page, the headline a reader sees)
    ("site_suffix_bar", page(title="Council approves fare rise | Millbrook Post", head=meta(og_site_name="Millbrook Post")),
     "Council approves fare rise"),
    ("site_suffix_dash_domain", page(title="Council approves fare rise - Millbrookpost"), "Council approves fare rise"),
    ("site_and_date_in_og_title", page(title="x", head=meta(og_title="Council approves fare rise | MP | 19.01.2020",
                                                            og_site_name="MP")), "Council approves fare rise"),
    ("site_prefix", page(title="Millbrook Post :: Council approves fare rise",
                         head=meta(og_site_name="Millbrook Post")), "Council approves fare rise"),
    ("initials_of_the_domain", page(title="Council approves fare rise - The Millbrook Post Times",
                                    url="https://www.mpt.example/a"), "Council approves fare rise"),
    ("h1_over_a_different_og_title", page(h1="Fares rise 4% as council backs transit plan",
                                          title="Fares rise 4% as council backs transit plan | Millbrook Post",
                                          head=meta(og_title="Council votes for higher fares")),
     "Fares rise 4% as council backs transit plan"),
    ("h1_with_section_label", page(h1="Local News | Council approves fare rise",
                                   head=meta(og_title="Council approves fare rise")), "Council approves fare rise"),
    ("h1_longer_than_the_title", page(h1="Council approves fare rise for buses and trams",
                                      title="Council approves fare rise for buses | Millbrook Post"),
     "Council approves fare rise for buses and trams"),
    ("logo_h1_ignored", page(h1="Millbrook Post", title="Council approves fare rise | Millbrook Post",
                             head=meta(og_site_name="Millbrook Post")), "Council approves fare rise"),
    ("json_ld_headline", page(title="Millbrook Post", head=meta(og_site_name="Millbrook Post")
                              + ld({"@type": "NewsArticle", "headline": "Council approves fare rise"})),
     "Council approves fare rise"),
    ("section_label_in_title", page(title="Opinion | Council approves fare rise"), "Council approves fare rise"),
    ("page_section_then_site", page(title="Council approves fare rise | Transport | Millbrook Post",
                                    head=meta(og_site_name="Millbrook Post", article_section="Transport")),
     "Council approves fare rise"),
    ("place_before_a_dash_is_no_section", page(title="US - China fare talks collapse"), "US - China fare talks collapse"),
    ("hyphen_inside_the_headline_kept", page(title="Fares - the rise nobody wanted / Millbrook Post",
                                             head=meta(og_site_name="Millbrook Post")), "Fares - the rise nobody wanted"),
]


@pytest.mark.parametrize(("html", "headline"), [h[1:] for h in HEADLINES], ids=[h[0] for h in HEADLINES])
def test_extraction_takes_the_articles_own_headline(html: str, headline: str) -> None:
    doc = inputs.read(html=html)
    assert doc.headline_text == headline
    assert doc.body_text.startswith(FIRST)


# --- the body -------------------------------------------------------------------------------------

RELATED = ("<div class='related-stories'><h3>Related</h3><ul><li><a href='/a'>Mayor opens new tram depot</a></li>"
           "<li><a href='/b'>Bus drivers vote to strike over pay</a></li></ul></div>")
BODIES: list[tuple[str, str, str]] = [
    # (id, the page, words that must not be in the body)
    ("repeated_h1", page(h1="Council approves fare rise", before="<p>Council approves fare rise</p>"),
     "Council approves fare rise"),
    ("deck", page(h1="Council approves fare rise", before="<p class='article-dek'>Riders will pay more from July as "
                  "the transit budget comes under strain from fuel costs.</p>"), "Riders will pay more"),
    ("byline_and_date", page(before="<p>By Maria Okafor</p><p>March 5, 2024</p>"), "Maria Okafor"),
    ("related_links", page(after=RELATED), "tram depot"),
    ("read_more_line", page(body="".join(f"<p>{p}</p>" for p in PARAS[:2])
                            + "<p>Read more: <a href='/c'>How the tram line was funded</a></p>"
                            + "".join(f"<p>{p}</p>" for p in PARAS[2:])), "How the tram line was funded"),
    ("figcaption", page(body="".join(f"<p>{p}</p>" for p in PARAS[:2])
                        + "<figure><img src='a.jpg'><figcaption>A tram at Millbrook station on Monday. Photo: "
                          "Jane Roe</figcaption></figure>" + "".join(f"<p>{p}</p>" for p in PARAS[2:])),
     "Millbrook station on Monday"),
    ("caption_repeating_the_image_text", page(body="".join(f"<p>{p}</p>" for p in PARAS[:2])
                                              + "<img src='b.jpg' alt='Passengers board a tram at Millbrook station'>"
                                              + "<ul><li><p>Passengers board a tram at Millbrook station</p></li></ul>"
                                              + "".join(f"<p>{p}</p>" for p in PARAS[2:])), "Passengers board"),
    ("newsletter_box", page(after="<div class='newsletter-signup'><h3>Millbrook Today</h3><p>Sign up for our free "
                                  "newsletter and get the day's news in your inbox.</p></div>"), "newsletter"),
    ("advertisement_label", page(body="".join(f"<p>{p}</p>" for p in PARAS[:2]) + "<p>Advertisement</p>"
                                 + "".join(f"<p>{p}</p>" for p in PARAS[2:])), "Advertisement"),
    ("continue_reading", page(body="".join(f"<p>{p}</p>" for p in PARAS[:2])
                              + "<p><a href='#story'>Continue reading the main story</a></p>"
                              + "".join(f"<p>{p}</p>" for p in PARAS[2:])), "Continue reading"),
    ("wire_credits_and_copyright", page(after="<p>Reporting by Jane Roe; Editing by John Doe</p>"
                                              "<p>© 2024 Millbrook Post</p>"), "Editing by"),
    ("syndication_line", page(after="<p>This article originally appeared on The Valley Times.</p>"), "originally appeared"),
    ("share_buttons", page(after="<div class='share-tools'><p>Share this article</p><p>Share on Facebook</p></div>"),
     "Share"),
    ("teaser_cards_of_other_stories", page(body="".join(f"<p>{p}</p>" for p in PARAS) + "<div class='feed'>" + "".join(
        f"<div class='card'><h3><a href='/s{i}'>Other story number {i} in the feed</a></h3><p>Story {i}: the "
        f"mayor of a town up the valley said on Monday that the bridge would reopen to traffic by the end of the "
        f"month, after repairs.</p></div>" for i in range(3)) + "</div>"), "bridge"),
    ("list_after_the_comment_count", page(body="".join(f"<p>{p}</p>" for p in PARAS)
                                          + "<p>Comments (12 posted)</p><p>Page editor: Jane Roe</p>"
                                          "<h2>Inside this week's edition</h2><ul><li><a href='/s'>Security</a>: new "
                                          "flaws in two browsers and a patch for the mail client.</li><li><a "
                                          "href='/k'>Kernel</a>: a faster scheduler and better power use.</li></ul><p><b>Next page</b></p>"), "edition"),
    ("closing_note_in_bold", page(body="".join(f"<p>{p}</p>" for p in PARAS) + "<p><strong>Stay alert: here is the "
                                  "latest guidance from the health service, and call your doctor if you still feel "
                                  "unwell after seven days.</strong></p>"), "Stay alert"),
]


@pytest.mark.parametrize(("html", "absent"), [b[1:] for b in BODIES], ids=[b[0] for b in BODIES])
def test_extraction_leaves_out_page_furniture(html: str, absent: str) -> None:
    doc = inputs.read(html=html)
    assert absent not in doc.body_text
    assert doc.body_text.startswith(FIRST) and doc.body_text.endswith(LAST)
    assert len(doc.paragraphs) == len(PARAS)


@pytest.mark.parametrize("cls", ["item no_caption", "item has-caption", "story-item"])
def test_extraction_puts_back_a_lede_the_text_extraction_missed(cls: str) -> None:
    from unspun.inputs import boilerplate
    from unspun.inputs.html import _parse
    from unspun.inputs.page import read_page

    lede = ("The Millbrook city council has voted to raise fares for the first time in five years, its members "
            "said on Tuesday.")
    root = _parse(page(body=f"<div class='{cls}'><h2>{lede}</h2><img src='a.jpg' alt='{lede}'></div>"
                       + "".join(f"<p>{p}</p>" for p in PARAS)))
    kept, _ = boilerplate.clean(list(PARAS), root, read_page(root), "Council approves fare rise")
    assert kept == [lede, *PARAS]


def test_extraction_takes_the_byline_it_leaves_out() -> None:
    doc = inputs.read(html=page(before="<p>By Maria Okafor</p>"))
    assert (doc.metadata.byline.value, doc.metadata.byline.source) == ("Maria Okafor", "text")


def test_extraction_keeps_an_article_split_in_parts() -> None:
    parts = "".join(f"<div class='story-body part-{i}'><p>{p}</p><p>{p}</p></div><div class='ad'><p>Advertisement</p></div>"
                    for i, p in enumerate(PARAS))
    doc = inputs.read(html=page(body=parts))
    assert doc.body_text.startswith(FIRST) and doc.body_text.endswith(LAST) and "Advertisement" not in doc.body_text


def test_extraction_falls_back_to_json_ld_article_body() -> None:
    from unspun.inputs.html import _parse, body_lines
    from unspun.inputs.page import read_page

    body = " ".join(PARAS * 3) + " Jane Roe is a transport correspondent at the Millbrook Post"
    html = page(body="<p>A tram at Millbrook station on Monday. Photo: AP</p>",
                head=ld({"@type": "NewsArticle", "headline": "Council approves fare rise", "articleBody": body}))
    root = _parse(html)
    # the visible text held only a caption: the body is the page's JSON-LD articleBody, its closing bio left out
    lines, _, _, from_ld = body_lines(root, read_page(root), "A tram at Millbrook station on Monday.", "Council")
    assert from_ld and lines == [" ".join(PARAS * 3)]
    doc = inputs.read(html=html)
    assert doc.body_text.startswith(FIRST) and doc.body_text.endswith(PARAS[-1])


# --- notices --------------------------------------------------------------------------------------

NOTICES: list[tuple[str, str, list[str], str | None]] = [
    # (id, the page, notice codes, page type)
    ("news_article", page(head=ld({"@type": "NewsArticle", "headline": "Council approves fare rise"})), [],
     "NewsArticle"),
    ("plain_article_og", page(head=meta(og_type="article")), [], "article"),
    ("qa_page", page(head=ld({"@type": "QAPage", "name": "How do fares work?"})), ["not_news_article"], "QAPage"),
    ("product_page", page(head=ld({"@type": "Product", "name": "Tram pass"})), ["not_news_article"], "Product"),
    ("website_page", page(head=meta(og_type="website")), ["not_news_article"], "website"),
    ("blog_posting", page(head=ld({"@type": "BlogPosting", "headline": "Council approves fare rise"})),
     ["not_news_article"], "BlogPosting"),
    ("blog_host", page(url="https://blog.millbrook.example/fares"), ["not_news_article"], None),
    ("encyclopedia", page(url="https://en.wikipedia.org/wiki/Fares"), ["not_news_article"], None),
    ("listicle", page(title="Top 10 tram rides in Millbrook"), ["not_news_article"], None),
    ("sponsored", page(body="".join(f"<p>{p}</p>" for p in PARAS) + "<p>This post is sponsored by Millbrook "
                       "Transit.</p>"), ["not_news_article"], None),
    ("program_code", page(body="".join(f"<p>{p}</p>" for p in PARAS) + "<pre>from fares import table\nrate = "
                          "table.lookup(zone)\nprint(rate)\n</pre>"), ["not_news_article"], None),
    ("code_words_in_news", page(body="".join(f"<p>{p}</p>" for p in PARAS) + "<p>The app's code = a mess, said "
                                "one rider (a Python import).</p>"), [], None),
    ("short_body", page(body=f"<p>{PARAS[0]}</p><p>{PARAS[1]}</p>"), ["short_body"], None),
    ("mostly_boilerplate", page(body="".join(f"<p>{p}</p>" for p in PARAS) + "<div class='more-stories'>" + "".join(
        f"<div class='nextstory'><p>{p} More on this in our archive, item {i}.</p></div>"
        for i in range(2) for p in PARAS) + "</div>"), ["mostly_boilerplate"], None),
]


@pytest.mark.parametrize(("html", "codes", "page_type"), [n[1:] for n in NOTICES], ids=[n[0] for n in NOTICES])
def test_extraction_notices(html: str, codes: list[str], page_type: str | None) -> None:
    ext = inputs.read(html=html).extraction
    assert [n.code for n in ext.notices] == codes
    assert ext.page_type == page_type
    assert all(n.message.endswith(".") and len(n.message.split()) > 8 for n in ext.notices)


def test_text_input_has_no_extraction_notices() -> None:
    doc = inputs.read(text="Short\n\nTwo words.")
    assert doc.extraction.to_dict() == {"notices": [], "page_type": None}
