"""Which element of the page each extracted line came from, and how much of it is link text.

trafilatura returns text, not elements; to judge a line by its markup (a caption, a
related-links box, a line outside the article's container) we find it again in the
page. The page's visible text is laid out once in document order with every character
that is not a letter or digit dropped (so spacing and punctuation do not matter), each
element keeping the range its text occupies; a line is found by searching that string
onward from the previous line's place, and its element is the deepest one whose range
covers it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

_NOT_ALNUM = re.compile(r"[\W_]+", re.UNICODE)
_SKIP = frozenset({"head", "title", "script", "style", "noscript", "template", "svg"})


def key(text: str) -> str:
    """The letters and digits of ``text``, case-folded: what lines and elements are compared by."""
    return _NOT_ALNUM.sub("", text).casefold()


def tag(el: Any) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


@dataclass(frozen=True)
class Found:
    """Where a line is in the page: its element and its range in :attr:`TextMap.text`."""

    element: Any
    start: int
    end: int


@dataclass
class _Node:
    element: Any
    start: int
    end: int = 0
    children: list[_Node] = field(default_factory=list)


class TextMap:
    """The page's text in document order, and the element every stretch of it belongs to."""

    def __init__(self, root: Any) -> None:
        parts: list[str] = []
        size = 0
        links: list[tuple[int, int]] = []

        def add(text: str | None) -> None:
            nonlocal size
            k = key(text) if text else ""
            if k:
                parts.append(k)
                size += len(k)

        # iterative walk: (node, child iterator); a deep page cannot exhaust the stack
        self._root = _Node(root, 0)
        stack: list[tuple[_Node, Any]] = []
        if tag(root) not in _SKIP:
            add(root.text)
            stack.append((self._root, iter(root)))
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                node.end = size
                if tag(node.element) == "a":
                    links.append((node.start, node.end))
                stack.pop()
                if stack:
                    add(node.element.tail)
                continue
            if not isinstance(child.tag, str) or tag(child) in _SKIP:
                add(child.tail)
                continue
            sub = _Node(child, size)
            node.children.append(sub)
            add(child.text)
            stack.append((sub, iter(child)))
        self._root.end = max(self._root.end, size)
        self.text = "".join(parts)
        self._pos = 0
        links.sort()
        self._links = links
        self._link_starts = [a for a, _ in links]

    def find(self, line: str) -> Found | None:
        """Where ``line`` is (searched onward from the last line found, then from the top), or None."""
        k = key(line)
        if len(k) < 2:
            return None
        at = self.text.find(k, self._pos)
        if at < 0:
            at = self.text.find(k)
        if at < 0:
            return None
        self._pos = at + len(k)
        return Found(self._deepest(at, at + len(k)), at, at + len(k))

    def link_share(self, found: Found) -> float:
        """The share of the found line's letters and digits that are link text."""
        s, e = found.start, found.end
        covered = 0
        last = s
        for a, b in self._links[: bisect.bisect_left(self._link_starts, e)]:
            lo, hi = max(a, last), min(b, e)
            if hi > lo:
                covered += hi - lo
                last = hi
        return covered / max(1, e - s)

    def _deepest(self, start: int, end: int) -> Any:
        node = self._root
        while True:
            inner = next((c for c in node.children if c.start <= start and end <= c.end and c.end > c.start), None)
            if inner is None:
                return node.element
            node = inner
