"""Batch inputs: every form (JSONL, CSV, TSV, folders, single files, each gzipped) and the bad ones."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tests import resources
from unspun import errors
from unspun.archive import sources
from unspun.archive.identity import content_hash
from unspun.archive.sources import CsvColumns, Failed, Item

HEAD, BODY = resources.SOBER.split("\n\n", 1)


def _write(path: Path, data: str | bytes) -> Path:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if path.name.endswith(".gz"):
        raw = gzip.compress(raw)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    return path


def _items(tmp_path: Path, name: str, data: str | bytes, cols: CsvColumns | None = None) -> list[Item | Failed]:
    p = _write(tmp_path / name, data)
    return [x for inp in sources.plan([str(p)], cols) for x in sources.read(inp)]


JSONL = "\n".join([
    json.dumps({"headline": HEAD, "body": BODY, "id": 7, "url": "https://example.org/a", "site": "Example"}),
    "",
    json.dumps({"text": resources.SENSATIONAL, "published": "2024-03-04"}),
    json.dumps({"html": "<html><body><h1>T</h1></body></html>"}),
])
CSV = 'id,title,body,url\n1,"Council, again","' + BODY.replace('"', '""') + '",https://example.org/1\n2,Second,"two\nlines",\n'


@pytest.mark.parametrize("suffix", ["", ".gz"])
@pytest.mark.parametrize(("name", "data", "cols", "expected"), [
    ("a.jsonl", JSONL, None, [("7", "parts", 1), (None, "text", 3), (None, "html", 4)]),
    ("a.ndjson", JSONL, None, [("7", "parts", 1), (None, "text", 3), (None, "html", 4)]),
    ("a.csv", CSV, None, [("1", "parts", 2), ("2", "parts", 5)]),
    ("a.csv", CSV, CsvColumns(text="body", headline=None, id=None), [("1", "parts", 2), ("2", "parts", 5)]),
    ("a.csv", CSV.replace("title,body", "text,body"), CsvColumns(text="text", id="url"),
     [("https://example.org/1", "text", 2), (None, "text", 5)]),
    ("a.tsv", "id\ttext\nx\tHeadline here\\nbody\n", None, [("x", "text", 2)]),
    ("a.txt", resources.SOBER, None, [(None, "text", None)]),
    ("a.html", "<html><body><h1>T</h1></body></html>", None, [(None, "html", None)]),
    ("a.json", json.dumps({"headline": HEAD, "body": BODY, "id": "j"}), None, [("j", "parts", None)]),
])
def test_archive_inputs_forms(tmp_path: Path, name: str, data: str, cols: CsvColumns | None,
                              expected: list[tuple[str | None, str, int | None]], suffix: str) -> None:
    got = _items(tmp_path, name + suffix, data, cols)
    assert all(isinstance(x, Item) for x in got)
    assert [(x.ext_id, x.kind, x.line) for x in got if isinstance(x, Item)] == expected
    assert sources.count(sources.plan([str(tmp_path / (name + suffix))], cols)) == len(expected)  # the ETA's total


def test_archive_inputs_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(JSONL.encode())))
    (inp,) = sources.plan(["-"])
    assert [x.kind for x in sources.read(inp) if isinstance(x, Item)] == ["parts", "text", "html"]
    assert sources.count([inp]) is None  # not read twice: the bar shows no total


def test_archive_inputs_jsonl_fields(tmp_path: Path) -> None:
    first, second, _ = _items(tmp_path, "a.jsonl", JSONL)
    assert isinstance(first, Item) and isinstance(second, Item)
    assert (first.key, first.headline, first.url, first.site) == ("7", HEAD, "https://example.org/a", "Example")
    assert second.key == "sha256:" + second.content_hash and second.published == "2024-03-04"


def test_archive_inputs_csv_headline_and_body(tmp_path: Path) -> None:
    first, second = _items(tmp_path, "a.csv", CSV)
    assert isinstance(first, Item) and isinstance(second, Item)
    assert (first.headline, first.body, first.url) == ("Council, again", BODY, "https://example.org/1")
    assert second.body == "two\nlines" and second.url is None


@pytest.mark.parametrize("compressed", [False, True])
def test_archive_inputs_folder(tmp_path: Path, compressed: bool) -> None:
    gz = ".gz" if compressed else ""
    _write(tmp_path / "d" / f"b.txt{gz}", resources.SOBER)
    _write(tmp_path / "d" / "sub" / f"a.html{gz}", "<html><body><h1>T</h1></body></html>")
    _write(tmp_path / "d" / f"c.json{gz}", json.dumps({"text": resources.SENSATIONAL, "id": "c"}))
    _write(tmp_path / "d" / "notes.md", "ignored")
    got = [x for inp in sources.plan([str(tmp_path / "d")]) for x in sources.read(inp)]
    assert [(Path(x.source).name, x.kind) for x in got if isinstance(x, Item)] == [
        (f"b.txt{gz}", "text"), (f"c.json{gz}", "text"), (f"a.html{gz}", "html")]
    assert sources.count(sources.plan([str(tmp_path / "d")])) == 3


def test_archive_inputs_same_content_same_key() -> None:
    """A headline and body, and the same article as text, are one item (whitespace does not matter)."""
    assert content_hash(headline=HEAD, body=BODY) == content_hash(text=f"  {HEAD}\n\n\n{BODY}  \r\n")
    assert content_hash(headline=HEAD, body=BODY) != content_hash(headline=HEAD, body=BODY + " More.")


@pytest.mark.parametrize(("line", "code", "match"), [
    ("{not json", errors.E_BAD_RECORD, "line 2: invalid JSON at column 2"),
    ("[1, 2]", errors.E_BAD_RECORD, "a JSON list, not an object"),
    ('{"title": "x"}', errors.E_BAD_RECORD, 'none of the fields "headline"'),
    ('{"headline": 5}', errors.E_BAD_RECORD, 'field "headline" is a int'),
    ('{"text": "a\\nb", "id": true}', errors.E_BAD_RECORD, 'field "id" is True'),
])
def test_archive_inputs_broken_jsonl_line(tmp_path: Path, line: str, code: str, match: str) -> None:
    ok = json.dumps({"text": resources.SOBER})
    got = _items(tmp_path, "a.jsonl", f"{ok}\n{line}\n{ok.replace('Council', 'Board')}\n")
    assert [type(x).__name__ for x in got] == ["Item", "Failed", "Item"]
    bad = got[1]
    assert isinstance(bad, Failed) and bad.line == 2 and bad.error.code == code
    assert match in bad.error.message and bad.key.endswith("a.jsonl#2")


def test_archive_inputs_not_utf8_line_and_file(tmp_path: Path) -> None:
    got = _items(tmp_path, "a.jsonl", b'{"text": "caf\xe9"}\n')
    assert isinstance(got[0], Failed) and "not UTF-8 at byte" in got[0].error.message
    (bad,) = _items(tmp_path, "b.txt", b"Headline\n\ncaf\xe9 au lait")
    assert isinstance(bad, Failed) and bad.error.code == errors.E_NOT_TEXT


def test_archive_inputs_truncated_gzip_is_recorded(tmp_path: Path) -> None:
    raw = gzip.compress("".join(json.dumps({"text": f"Headline {i}\n\nBody {i}."}) + "\n" for i in range(2000)).encode())
    p = tmp_path / "a.jsonl.gz"
    p.write_bytes(raw[: len(raw) * 2 // 3])
    got = [x for inp in sources.plan([str(p)]) for x in sources.read(inp)]
    assert isinstance(got[-1], Failed) and got[-1].error.code == errors.E_INPUT_DAMAGED
    assert 0 < sum(isinstance(x, Item) for x in got) < 2000


def _empty_dir(d: Path) -> Path:
    (d / "empty").mkdir()
    return d / "empty"


FATAL_SETUPS = {
    "missing": lambda d: d / "missing.jsonl",
    "unknown suffix": lambda d: _write(d / "a.pdf", "x"),
    "not gzip": lambda d: _write(d / "a.jsonl", b"not gzip at all").rename(d / "a.jsonl.gz") or d / "a.jsonl.gz",
    "empty folder": _empty_dir,
    "csv without text": lambda d: _write(d / "a.csv", "id,title\n1,x\n"),
    "csv without named": lambda d: _write(d / "a.csv", "id,body\n1,x\n"),
}


@pytest.mark.parametrize(("setup", "cols", "code", "match"), [
    ("missing", None, errors.E_BATCH_INPUT, "which does not exist"),
    ("unknown suffix", None, errors.E_BATCH_INPUT, "unknown kind"),
    ("not gzip", None, errors.E_BATCH_INPUT, "cannot be read"),
    ("empty folder", None, errors.E_BATCH_INPUT, "no .txt, .html or .json"),
    ("csv without text", None, errors.E_CSV_COLUMN, "'text or body or articleBody"),
    ("csv without named", CsvColumns(text="story"), errors.E_CSV_COLUMN,
     "a column 'story' \\(--text-col\\); got .* with the columns 'id', 'body'"),
    ("csv without named", CsvColumns(id="key"), errors.E_CSV_COLUMN, "--id-col"),
])
def test_archive_inputs_fatal(tmp_path: Path, setup: str, cols: CsvColumns | None, code: str, match: str) -> None:
    path = FATAL_SETUPS[setup](tmp_path)
    with pytest.raises(errors.UnspunError, match=match) as exc:
        sources.plan([str(path)], cols)
    assert exc.value.code == code


def test_archive_inputs_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = _write(tmp_path / "a.jsonl", "{}\n")

    def denied(path: Path) -> object:  # chmod 0 does not stop root, who runs the tests in CI
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(sources, "_open", denied)
    with pytest.raises(errors.UnspunError, match="which cannot be read \\(Permission denied\\)") as exc:
        sources.plan([str(p)])
    assert exc.value.code == errors.E_BATCH_INPUT
