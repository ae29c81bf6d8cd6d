"""The inputs of ``unspun batch``: JSONL, CSV, folders of article files, single files, each optionally gzipped.

:func:`plan` checks every input before anything is written (a missing or unreadable file, a CSV without the
named column: fatal, :class:`~unspun.errors.UnspunError`). :func:`read` then streams each input as
:class:`Item` (an article to check) or :class:`Failed` (a record that is not an article: a broken JSONL line,
a file that is not UTF-8), which the batch records in the archive and moves past.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from unspun import errors
from unspun.archive.identity import content_hash, item_key
from unspun.inputs import MAX_INPUT_BYTES, decode

ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".json")
_CSV_TEXT = ("text", "body", "articleBody", "content")
_CSV_HEADLINE = ("headline", "title")
_OPTIONAL = ("url", "published", "site")


@dataclass(frozen=True)
class CsvColumns:
    """Column names from --text-col, --headline-col, --id-col, --url-col (None: found by name)."""

    text: str | None = None
    headline: str | None = None
    id: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Input:
    """One INPUT argument, checked: its display name, path (None for stdin) and format."""

    name: str
    path: Path | None
    format: str  # jsonl, csv, tsv, dir, article
    columns: dict[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Item:
    """One article to check; ``kind`` says which content fields are set (parts, text or html)."""

    key: str
    content_hash: str
    place: str
    source: str
    line: int | None
    kind: str
    headline: str | None = None
    body: str | None = None
    text: str | None = None
    html: str | None = None
    ext_id: str | None = None
    url: str | None = None
    published: str | None = None
    site: str | None = None


@dataclass(frozen=True)
class Failed:
    """A record that could not become an item; ``key`` names its place (file and line)."""

    key: str
    source: str
    line: int | None
    error: errors.UnspunError


def _open(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return gzip.GzipFile(path, "rb")  # type: ignore[return-value]  # a binary file object
    return open(path, "rb")


def _format(path: Path) -> str | None:
    name = path.name.lower().removesuffix(".gz")
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if name.endswith(".csv"):
        return "csv"
    if name.endswith(".tsv"):
        return "tsv"
    if name.endswith(ARTICLE_SUFFIXES):
        return "article"
    return None


def plan(names: list[str], cols: CsvColumns | None = None) -> list[Input]:
    """Check every input (exists, readable, a known format, CSV columns present); fatal errors only."""
    cols = cols or CsvColumns()
    if not names:
        raise errors.batch_input("(nothing)", "no input was given")
    out = []
    for name in names:
        if name == "-":
            out.append(Input(name, None, "jsonl"))
            continue
        path = Path(name)
        if not path.exists():
            raise errors.batch_input(name, "which does not exist")
        if path.is_dir():
            if next(_walk(path), None) is None:
                raise errors.batch_input(name, "a folder with no .txt, .html or .json files (nor .gz of them) in it")
            out.append(Input(name, path, "dir"))
            continue
        fmt = _format(path)
        if fmt is None:
            raise errors.batch_input(name, f"a file of an unknown kind ({path.suffix or 'no suffix'}): "
                                     "the name must end in .jsonl, .csv, .tsv, .txt, .html or .json, optionally .gz")
        head = b""
        try:
            with _open(path) as fh:  # the first line (a CSV header) proves the file readable
                while len(head) < 64 * 1024 and b"\n" not in head and (chunk := fh.read(4096)):
                    head += chunk
        except OSError as exc:  # permission denied, a bad gzip header (BadGzipFile is an OSError)
            raise errors.batch_input(name, f"which cannot be read ({exc.strerror or exc})") from None
        except (EOFError, zlib.error) as exc:  # damage further on is recorded as an item error when reached
            if not head:
                raise errors.batch_input(name, f"which cannot be read (a damaged gzip file: {exc})") from None
        columns: dict[str, str | None] = {}
        if fmt in ("csv", "tsv"):
            columns = _csv_columns(name, head, "\t" if fmt == "tsv" else ",", cols)
        out.append(Input(name, path, fmt, columns))
    return out


def _csv_columns(name: str, head: bytes, delimiter: str, cols: CsvColumns) -> dict[str, str | None]:
    first = head.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace")
    header = next(csv.reader([first], delimiter=delimiter), [])
    present = [h.strip() for h in header]

    def pick(option: str, given: str | None, defaults: tuple[str, ...], required: bool = False) -> str | None:
        if given is not None:
            if given not in present:
                raise errors.csv_column(name, option, given, present)
            return given
        found = next((d for d in defaults if d in present), None)
        if found is None and required:
            raise errors.csv_column(name, option, " or ".join(defaults), present)
        return found

    text = pick("--text-col", cols.text, _CSV_TEXT, required=True)
    # The headline column is found by name only when the text column is a body (a "text" column holds both).
    headline = pick("--headline-col", cols.headline, () if text == "text" and cols.text is None else _CSV_HEADLINE)
    return {
        "text": text,
        "headline": headline,
        "id": pick("--id-col", cols.id, ("id",)),
        "url": pick("--url-col", cols.url, ("url",)),
        "published": "published" if "published" in present else None,
        "site": "site" if "site" in present else None,
    }


def _walk(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for f in sorted(filenames):
            if f.lower().removesuffix(".gz").endswith(ARTICLE_SUFFIXES):
                yield Path(dirpath) / f


def _place(inp: Input, path: Path | None, line: int | None) -> str:
    where = str(path.resolve()) if path is not None else "<stdin>"
    return f"{where}#{line}" if line is not None else where


def read(inp: Input) -> Iterator[Item | Failed]:
    """Stream the items of one checked input, in file order."""
    if inp.format == "dir":
        assert inp.path is not None
        for p in _walk(inp.path):
            yield _article_file(p, str(p))
        return
    if inp.format == "article":
        assert inp.path is not None
        yield _article_file(inp.path, inp.name)
        return
    fh: IO[bytes] = sys.stdin.buffer if inp.path is None else _open(inp.path)
    line = 0
    try:
        if inp.format == "jsonl":
            for line, raw in enumerate(fh, start=1):
                if raw.strip():
                    yield _jsonl_line(inp, raw, line)
        else:
            yield from _csv_rows(inp, fh)
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, csv.Error) as exc:
        where = f"after line {line}" if inp.format == "jsonl" else "part way through"
        detail = f"which cannot be read {where} ({type(exc).__name__}: {exc})"
        yield Failed(_place(inp, inp.path, None) + "#damaged", inp.name, None, errors.input_damaged(inp.name, detail))
    finally:
        if inp.path is not None:
            fh.close()


def _jsonl_line(inp: Input, raw: bytes, line: int) -> Item | Failed:
    where = f"{inp.name} line {line}"
    key = _place(inp, inp.path, line)
    if len(raw) > MAX_INPUT_BYTES:
        return Failed(key, inp.name, line, errors.too_large(where, len(raw), MAX_INPUT_BYTES))
    try:
        obj = json.loads(raw.decode("utf-8-sig" if line == 1 else "utf-8"))
    except UnicodeDecodeError as exc:
        return Failed(key, inp.name, line, errors.bad_record(where, f"not UTF-8 at byte {exc.start}"))
    except json.JSONDecodeError as exc:
        return Failed(key, inp.name, line, errors.bad_record(where, f"invalid JSON at column {exc.colno} ({exc.msg})"))
    return record(obj, source=inp.name, line=line, fallback_key=key)


def record(obj: Any, *, source: str, line: int | None, fallback_key: str) -> Item | Failed:
    """An item from a JSON record: ``{"headline","body"}``, ``{"text"}`` or ``{"html"}``, plus id/url/published/site."""
    where = f"{source} line {line}" if line is not None else source
    if not isinstance(obj, dict):
        return Failed(fallback_key, source, line, errors.bad_record(where, f"a JSON {type(obj).__name__}, not an object"))
    for k in ("headline", "body", "text", "html", *_OPTIONAL):
        if obj.get(k) is not None and not isinstance(obj[k], str):
            return Failed(fallback_key, source, line,
                          errors.bad_record(where, f'field "{k}" is a {type(obj[k]).__name__}, not a string'))
    ext = obj.get("id")
    if ext == "" or (ext is not None and (isinstance(ext, bool) or not isinstance(ext, str | int))):
        return Failed(fallback_key, source, line, errors.bad_record(where, f'field "id" is {ext!r}; give a string or a number'))
    ext_id = None if ext is None else str(ext)
    extra = {k: obj.get(k) or None for k in _OPTIONAL}
    if obj.get("html") is not None:
        digest = content_hash(html=obj["html"])
        return Item(item_key(ext_id, digest), digest, fallback_key, source, line, "html", html=obj["html"], ext_id=ext_id, **extra)
    if obj.get("text") is not None:
        digest = content_hash(text=obj["text"])
        return Item(item_key(ext_id, digest), digest, fallback_key, source, line, "text", text=obj["text"], ext_id=ext_id, **extra)
    if "headline" in obj or "body" in obj:
        head, body = obj.get("headline") or "", obj.get("body") or ""
        digest = content_hash(headline=head, body=body)
        return Item(item_key(ext_id, digest), digest, fallback_key, source, line, "parts", headline=head, body=body,
                    ext_id=ext_id, **extra)
    return Failed(fallback_key, source, line,
                  errors.bad_record(where, 'none of the fields "headline", "body", "text" or "html"'))


def _csv_rows(inp: Input, fh: IO[bytes]) -> Iterator[Item | Failed]:
    csv.field_size_limit(max(csv.field_size_limit(), MAX_INPUT_BYTES))
    text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
    reader = csv.reader(text, delimiter="\t" if inp.format == "tsv" else ",")
    header = [h.strip() for h in next(reader, [])]
    index = {name: i for i, name in reversed(list(enumerate(header)))}
    c = inp.columns
    start = reader.line_num + 1
    for row in reader:
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue

        def cell(col: str | None, row: list[str] = row) -> str | None:
            if col is None or index[col] >= len(row):
                return None
            return row[index[col]] or None

        obj: dict[str, Any] = {k: cell(c.get(k)) for k in ("id", *_OPTIONAL)}
        if c.get("headline") is not None:
            obj["headline"], obj["body"] = cell(c["headline"]) or "", cell(c["text"]) or ""
        else:
            obj["text"] = cell(c["text"]) or ""
        yield record(obj, source=inp.name, line=line, fallback_key=_place(inp, inp.path, line))


def _article_file(path: Path, name: str) -> Item | Failed:
    key = _place(Input(name, path, "article"), path, None)
    try:
        with _open(path) as fh:
            data = fh.read(MAX_INPUT_BYTES + 1)
    except (OSError, EOFError, zlib.error) as exc:
        detail = f"which cannot be read ({type(exc).__name__}: {getattr(exc, 'strerror', None) or exc})"
        return Failed(key, name, None, errors.input_damaged(name, detail))
    if len(data) > MAX_INPUT_BYTES:
        return Failed(key, name, None, errors.too_large(repr(name), len(data), MAX_INPUT_BYTES))
    try:
        text = decode(data, repr(name))
    except errors.UnspunError as exc:
        return Failed(key, name, None, exc)
    suffix = path.name.lower().removesuffix(".gz")
    if suffix.endswith(".json"):
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            return Failed(key, name, None, errors.bad_record(name, f"invalid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg})"))
        return record(obj, source=name, line=None, fallback_key=key)
    if suffix.endswith((".html", ".htm")):
        digest = content_hash(html=text)
        return Item(item_key(None, digest), digest, key, name, None, "html", html=text)
    digest = content_hash(text=text)
    return Item(item_key(None, digest), digest, key, name, None, "text", text=text)


def count(inputs: list[Input]) -> int | None:
    """How many records the inputs hold (for the progress bar's ETA); None when one is standard input."""
    total = 0
    for inp in inputs:
        if inp.path is None:
            return None
        if inp.format == "dir":
            total += sum(1 for _ in _walk(inp.path))
        elif inp.format == "article":
            total += 1
        else:
            try:
                with _open(inp.path) as fh:
                    if inp.format == "jsonl":
                        total += sum(1 for raw in fh if raw.strip())
                    else:
                        text = io.TextIOWrapper(fh, encoding="utf-8-sig", errors="replace", newline="")
                        reader = csv.reader(text, delimiter="\t" if inp.format == "tsv" else ",")
                        total += max(0, sum(1 for row in reader if any(c.strip() for c in row)) - 1)
            except (OSError, EOFError, zlib.error, csv.Error):
                return None
    return total
