"""The document model: one canonical text and half-open character spans into it.

``Document.text`` is the headline, a blank line, then the body. Every span
(headline, body, paragraphs, sentences, and every finding) indexes this text,
so ``doc.text[span.start:span.end]`` is always the words a finding points at.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from unspun.text import segment
from unspun.text.quotes import quote_spans

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy as np

MetaSource = Literal["page_metadata", "text", "user", "absent"]
SEPARATOR = "\n\n"


@dataclass(frozen=True, order=True)
class Span:
    """A half-open ``[start, end)`` character range into ``Document.text``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not (0 <= self.start <= self.end):
            raise ValueError(f"span [{self.start}, {self.end}) is not a valid half-open range")

    def to_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True)
class MetaField:
    """A metadata value and where it came from; ``absent`` is never guessed."""

    value: str | None = None
    source: MetaSource = "absent"

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "source": self.source}


@dataclass(frozen=True)
class DatelineField(MetaField):
    """The dateline that opens the body ("WASHINGTON (Reuters) —"): its words and their parts.

    ``value`` is the dateline without its dash ("WASHINGTON (Reuters)"); ``span`` covers the
    dateline and its dash in ``Document.text``; ``place``, ``date`` and ``agency`` are the
    parts the dateline states (None when it does not).
    """

    place: str | None = None
    date: str | None = None
    agency: str | None = None
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            **super().to_dict(),
            "place": self.place,
            "date": self.date,
            "agency": self.agency,
            "span": self.span.to_dict() if self.span else None,
        }


@dataclass(frozen=True)
class Metadata:
    """What is known about the article besides its text, each field with its provenance.

    ``author`` is the article's author (page metadata, or a byline in the text);
    ``byline`` is the byline line the text states ("By Jane Doe" gives "Jane Doe");
    ``dateline`` opens the body. All are read once, when the article is read.
    """

    url: MetaField = field(default_factory=MetaField)
    site: MetaField = field(default_factory=MetaField)
    author: MetaField = field(default_factory=MetaField)
    published: MetaField = field(default_factory=MetaField)
    byline: MetaField = field(default_factory=MetaField)
    dateline: DatelineField = field(default_factory=DatelineField)

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url.to_dict(),
            "site": self.site.to_dict(),
            "author": self.author.to_dict(),
            "published": self.published.to_dict(),
            "byline": self.byline.to_dict(),
            "dateline": self.dateline.to_dict(),
        }


NoticeCode = Literal["short_body", "mostly_boilerplate", "not_news_article", "body_from_metadata"]


@dataclass(frozen=True)
class Notice:
    """Something a reader of the report should know about how the article was read."""

    code: NoticeCode
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True)
class Extraction:
    """How the article was taken from its page: notices (empty when there is nothing to say).

    ``page_type`` is what the page says it is (JSON-LD ``@type`` or ``og:type``, e.g.
    "NewsArticle", "article", "website"), None when it says nothing or the input was not HTML.
    """

    notices: tuple[Notice, ...] = ()
    page_type: str | None = None

    def has(self, code: NoticeCode) -> bool:
        return any(n.code == code for n in self.notices)

    def to_dict(self) -> dict[str, Any]:
        return {"notices": [n.to_dict() for n in self.notices], "page_type": self.page_type}


@dataclass(frozen=True)
class Document:
    """An article: canonical text plus structure. Build it with :meth:`from_parts`."""

    text: str
    headline: Span
    body: Span
    paragraphs: tuple[Span, ...]
    sentences: tuple[Span, ...]
    metadata: Metadata = field(default_factory=Metadata)
    input_kind: str = "text"
    extraction: Extraction = field(default_factory=Extraction)

    @classmethod
    def from_parts(
        cls,
        headline: str,
        body: str,
        metadata: Metadata | None = None,
        input_kind: str = "text",
    ) -> Document:
        headline = " ".join(headline.split())
        body = segment.normalise_body(body)
        if body:
            text = headline + SEPARATOR + body
            body_start = len(headline) + len(SEPARATOR)
        else:
            text = headline
            body_start = len(text)
        head = Span(0, len(headline))
        body_span = Span(body_start, len(text))
        paragraphs = tuple(Span(s, e) for s, e in segment.paragraphs(text, body_start, len(text)))
        sentences: list[Span] = []
        # The headline is not a sentence of the body; sentences cover the body only.
        for p in paragraphs:
            sentences.extend(Span(s, e) for s, e in segment.sentences(text, p.start, p.end))
        return cls(
            text=text,
            headline=head,
            body=body_span,
            paragraphs=paragraphs,
            sentences=tuple(sentences),
            metadata=metadata or Metadata(),
            input_kind=input_kind,
        )

    # -- convenience -------------------------------------------------------------
    @property
    def headline_text(self) -> str:
        return self.text[self.headline.start : self.headline.end]

    @property
    def body_text(self) -> str:
        return self.text[self.body.start : self.body.end]

    @property
    def has_body(self) -> bool:
        return self.body.end > self.body.start

    @cached_property
    def quotations(self) -> tuple[Span, ...]:
        """The direct quotations of the text (headline and body), marks included, outermost only, in text order.

        Read once per document by :func:`unspun.text.quotes.quote_spans` and shared by every analyzer
        that tells the article's own voice from the words it quotes. A quotation never crosses a line,
        so those that start in the body are exactly the body's own.
        """
        return tuple(Span(s, e) for s, e in quote_spans(self.text))

    @cached_property
    def shared(self) -> dict[str, Any]:
        """What analyzers work out from this document and share, by the name of the module that works it out
        (``unspun.analyzers.sourcing.coref.named_mentions``, read by sourcing, consistency and the claims'
        structure). Kept with the document, so nothing passes from one article to the next."""
        return {}

    @cached_property
    def _vector_memo(self) -> dict[tuple[int, int, int], np.ndarray]:
        return {}

    @cached_property
    def _vector_ids(self) -> dict[tuple[int, ...], np.ndarray]:
        return {}

    def vectors(self, spans: Sequence[Span], *, max_tokens: int) -> np.ndarray:
        """The all-MiniLM-L6-v2 vectors of these spans' texts (``unspun.runtime.embed``, cut at ``max_tokens``
        word pieces), ``(len(spans), 384)``; each computed once per document, those missing in one call.

        The check-worthy analyzer embeds the body's sentences; the claim lookups of ``check --db`` and of
        the archive then reuse the vectors of the sentences that became claims instead of a second pass.
        The headline goes along with the first call: ``clickbait`` reads its vector and ``headline_support``
        embeds its claims (often the headline itself) and a few body sentences, and a pass over a few
        sentences costs little more than over one (each pass reads the encoder's 42 MB of weights again:
        clickbait's own pass was ~10 of its 13 ms an 800-word article, 2026-12-02). A text that two calls cut
        to the same word pieces (shorter than both cuts) is computed once. Known error: a vector depends on
        the other texts of the pass that computed it by up to ~1e-7 a component (the order of float sums);
        reports round to 4 decimals.
        """
        import numpy as np

        from unspun.runtime import embed

        memo = self._vector_memo
        keys = [(s.start, s.end, max_tokens) for s in spans]
        todo = [k for k in dict.fromkeys(keys) if k not in memo]
        head = (self.headline.start, self.headline.end, max_tokens)
        if not memo and self.headline_text.strip() and head not in todo:
            todo.append(head)
        if todo:
            texts = [self.text[k[0] : k[1]] for k in todo]
            memo.update(zip(todo, embed.embed(texts, max_tokens=max_tokens, known=self._vector_ids), strict=True))
        return np.stack([memo[k] for k in keys]) if keys else np.zeros((0, embed.DIM), dtype=np.float32)

    def body_quotations(self) -> list[tuple[int, int]]:
        """The body's quotations as ``(start, end)`` offsets into :attr:`body_text`."""
        b = self.body.start
        return [(q.start - b, q.end - b) for q in self.quotations if q.start >= b]

    def span_text(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def sentence_texts(self) -> list[str]:
        return [self.text[s.start : s.end] for s in self.sentences]

    def body_word_count(self) -> int:
        return len(self.body_text.split())

    def head_of_body(self, max_chars: int) -> Document:
        """This document with the body cut after at most ``max_chars`` characters, at a sentence end.

        The text is a prefix of this one, so every span of the result is a span of this
        document too (findings on the head are valid for the whole). The cut falls at the
        end of the last sentence that fits; a first sentence longer than ``max_chars`` is cut
        inside. Returns ``self`` when the body is no longer than ``max_chars``.
        """
        if self.body.end - self.body.start <= max_chars:
            return self
        limit = self.body.start + max_chars
        ends = [s.end for s in self.sentences if s.end <= limit]
        cut = ends[-1] if ends else limit
        head = replace(
            self,
            text=self.text[:cut],
            body=Span(self.body.start, cut),
            paragraphs=tuple(Span(p.start, min(p.end, cut)) for p in self.paragraphs if p.start < cut),
            sentences=tuple(s for s in self.sentences if s.end <= cut) or (Span(self.body.start, cut),),
        )
        head.__dict__["_vector_memo"] = self._vector_memo  # a prefix of this text: its spans read the same words
        return head

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "headline": self.headline.to_dict(),
            "body": self.body.to_dict(),
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "sentences": [s.to_dict() for s in self.sentences],
            "metadata": self.metadata.to_dict(),
            "input_kind": self.input_kind,
            "extraction": self.extraction.to_dict(),
        }
