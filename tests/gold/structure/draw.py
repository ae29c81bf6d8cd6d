"""Draw the sentences of tests/gold/structure: the check-worthy claims unspun finds on the real pages.

``PYTHONPATH=src:. python tests/gold/structure/draw.py ../shared/data/real-news-pages OUT.jsonl`` writes
one line a claim (page, offset, phrase, rank), at most 3 a page (its 3 highest ranked), shuffled with
``random.Random(2025)``: the order they were judged in. The analyzer's structure is not written: the
judge reads the sentence and its page, not the prediction. OUT holds the pages' text: keep it out of the repo.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import unspun
from unspun.analyzers import NotApplicable
from unspun.analyzers.checkworthy_claims.analyzer import CheckworthyClaims

PER_PAGE = 3
PHRASE = 40  # characters of the sentence kept as the pointer's phrase


def pages(data: Path) -> list[str]:
    return sorted([str(p.relative_to(data)) for p in data.glob("readability/*/source.html")]
                  + [str(p.relative_to(data)) for p in data.glob("trafilatura/*.html")])


def main(data: Path, out: Path) -> None:
    an = CheckworthyClaims()
    items = []
    for page in pages(data):
        doc = unspun.load(str(data / page))
        try:
            findings = an.analyse(doc).findings
        except NotApplicable:
            continue
        for f in findings[:PER_PAGE]:
            s = f.spans[0]
            items.append({"page": page, "offset": s.start, "phrase": doc.text[s.start : s.start + PHRASE],
                          "length": s.end - s.start, "rank": f.data["rank"], "sentence": doc.text[s.start : s.end]})
    random.Random(2025).shuffle(items)
    out.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    print(f"{len(items)} claims from {len({i['page'] for i in items})} pages -> {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
