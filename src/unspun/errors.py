"""Every user-facing error, in one place, with a stable code.

Each message says what was expected, what came, and what to do (house style 7).
Front ends map :class:`UnspunError` to exit code 2 (CLI) or an HTTP status (API).
"""

from __future__ import annotations

from typing import Any, Literal

#: Which front end shows an error; input errors phrase their advice for it (no "pass a file" over HTTP).
FrontEnd = Literal["cli", "api", "library"]
FRONT_ENDS: tuple[FrontEnd, ...] = ("cli", "api", "library")

# Stable codes. Never renumber; add new ones at the end of their block.
E_FILE_NOT_FOUND = "E101"
E_EMPTY_INPUT = "E102"
E_NOT_TEXT = "E103"
E_NO_ARTICLE = "E104"
E_TOO_LARGE = "E105"
E_BAD_JSON = "E106"
E_NO_HEADLINE = "E107"
E_INPUT_FORMS = "E108"
E_INPUT_TYPE = "E109"
E_BAD_URL = "E110"
E_URL_REFUSED = "E111"
E_URL_TIMEOUT = "E112"
E_URL_HTTP = "E113"
E_URL_NOT_HTML = "E114"
E_URL_UNREACHABLE = "E115"
E_BAD_OPTION = "E120"
E_UNKNOWN_ANALYZER = "E121"
E_EVAL_DATA = "E130"
E_MODEL_MISSING = "E140"
E_EXTRA_MISSING = "E141"  # an optional dependency (an extra: parquet, dask)
E_API_REQUEST = "E150"
E_SERVER_BUSY = "E151"
E_NO_ARCHIVE = "E152"  # `unspun serve` without --db, asked for the archive
E_ARCHIVE_ITEM = "E153"  # no such article (or no report of it) in the served archive
# The archive and `unspun batch` (E150-E159 were taken by the web API).
E_NOT_ARCHIVE = "E160"
E_ARCHIVE_NEWER = "E161"
E_ARCHIVE_OPEN = "E162"
E_BATCH_INPUT = "E163"
E_CSV_COLUMN = "E164"
E_BAD_RECORD = "E165"
E_WORKER_DIED = "E166"
E_INPUT_DAMAGED = "E167"
E_ITEM_FAILED = "E168"
E_FACTCHECK_INPUT = "E169"  # a file of earlier fact-checks that cannot be read at all

#: HTTP status each code maps to in the web API.
HTTP_STATUS: dict[str, int] = {
    E_EMPTY_INPUT: 422, E_NOT_TEXT: 422, E_NO_ARTICLE: 422, E_BAD_JSON: 422, E_NO_HEADLINE: 422, E_INPUT_FORMS: 422,
    E_INPUT_TYPE: 422, E_BAD_URL: 422, E_URL_REFUSED: 422, E_URL_NOT_HTML: 422, E_BAD_OPTION: 422,
    E_UNKNOWN_ANALYZER: 422, E_EVAL_DATA: 422, E_API_REQUEST: 422, E_NOT_ARCHIVE: 422, E_ARCHIVE_NEWER: 422,
    E_BATCH_INPUT: 422, E_CSV_COLUMN: 422, E_BAD_RECORD: 422, E_INPUT_DAMAGED: 422,
    E_FILE_NOT_FOUND: 400,
    E_NO_ARCHIVE: 404, E_ARCHIVE_ITEM: 404,
    E_TOO_LARGE: 413,
    E_MODEL_MISSING: 500, E_EXTRA_MISSING: 500, E_ARCHIVE_OPEN: 500, E_WORKER_DIED: 500, E_ITEM_FAILED: 500,
    E_URL_HTTP: 502, E_URL_UNREACHABLE: 502,
    E_SERVER_BUSY: 503,
    E_URL_TIMEOUT: 504,
}


class UnspunError(Exception):
    """An error the user can act on.

    ``expected``, ``got`` and ``fix`` make up the message; ``code`` is stable
    across releases so scripts and API clients can branch on it. ``field``, when
    set, names the argument or request field at fault (the API reports it).
    """

    def __init__(self, code: str, expected: str, got: str, fix: str, field: str | None = None) -> None:
        self.code = code
        self.expected = expected
        self.got = got
        self.fix = fix
        self.field = field
        super().__init__(self.message)

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled by its fields (the web server's worker processes send errors back to the server).
        return (UnspunError, (self.code, self.expected, self.got, self.fix, self.field))

    @property
    def message(self) -> str:
        return f"{self.code}: expected {self.expected}; got {self.got}. {self.fix}"

    def to_dict(self) -> dict[str, Any]:
        error: dict[str, Any] = {
            "code": self.code,
            "message": self.message,
            "expected": self.expected,
            "got": self.got,
            "fix": self.fix,
        }
        if self.field is not None:
            error["field"] = self.field
        return {"error": error}

    @property
    def http_status(self) -> int:
        return HTTP_STATUS.get(self.code, 400)


def _advice(front_end: FrontEnd, *, cli: str, api: str, library: str) -> str:
    """The fix, in the words of the front end that shows it."""
    return {"cli": cli, "api": api, "library": library}[front_end]


def file_not_found(path: str, front_end: FrontEnd = "cli") -> UnspunError:
    return UnspunError(
        E_FILE_NOT_FOUND,
        "an existing article file (.txt, .html or .json), a URL, or - for standard input",
        f"{path!r}, which does not exist",
        _advice(front_end, cli="Check the path, or pass the article on standard input with '-'.",
                api='Send the article itself in "text", "html" or "headline"/"body".',
                library="Check the path, or pass the article itself with text=, html= or headline= and body=."),
    )


def not_a_file(path: str, front_end: FrontEnd = "cli") -> UnspunError:
    return UnspunError(
        E_FILE_NOT_FOUND, "one article file", f"the directory {path!r}",
        _advice(front_end, cli="Pass one file; run unspun over each file of a collection with a shell loop.",
                api='Send one article in "text", "html" or "headline"/"body".',
                library="Pass one file; call unspun.check once for each file of a collection."),
    )


def empty_input(source: str, front_end: FrontEnd = "cli") -> UnspunError:
    return UnspunError(
        E_EMPTY_INPUT,
        "an article with at least a headline",
        f"{source} with no text in it (empty or whitespace only)",
        _advice(front_end, cli="Pass a file whose first non-empty line is the headline, followed by the body.",
                api='Send "text" whose first line is the headline, followed by the body, or "headline" and "body".',
                library="Pass text= whose first line is the headline, followed by the body, or headline= and body=."),
    )


def not_text(source: str, detail: str, front_end: FrontEnd = "cli") -> UnspunError:
    return UnspunError(
        E_NOT_TEXT,
        "UTF-8 text, HTML or JSON",
        f"{source}, which {detail}",
        _advice(front_end,
                cli="Convert the file to UTF-8 text (for example with iconv) or save the article as .txt or .html.",
                api='Send the article\'s text in "text", or the page itself in "html".',
                library="Decode the article to a str first, or pass its text with text=."),
    )


def no_article(source: str, front_end: FrontEnd = "cli") -> UnspunError:
    return UnspunError(
        E_NO_ARTICLE,
        "an HTML page that contains an article",
        f"{source}, in which no article text could be found",
        _advice(front_end,
                cli="Save the article page itself (not an index or login page), or paste its text into a .txt file.",
                api='Send the article page itself (not an index or login page), or its text in "text".',
                library="Pass the article page itself (not an index or login page), or its text with text=."),
    )


def too_large(source: str, size: int, limit: int, unit: str = "bytes", front_end: FrontEnd = "cli") -> UnspunError:
    return UnspunError(
        E_TOO_LARGE,
        f"an input of at most {limit:,} {unit}",
        f"{source} of {size:,} {unit}",
        _advice(front_end, cli="Split the collection into single articles, or check that this is the file you meant.",
                api="Send one article; for a saved page, send only the article's HTML or its text.",
                library="Pass one article at a time, or check that this is the input you meant."),
    )


def bad_json(source: str, detail: str, front_end: FrontEnd = "cli", field: str | None = None) -> UnspunError:
    return UnspunError(
        E_BAD_JSON,
        'a JSON object {"headline": str, "body": str, "url"?: str, "published"?: str}',
        f"{source}: {detail}",
        _advice(front_end, cli="Fix the JSON (the field named above), or pass the article as plain text.",
                api='Fix the field named above, or send the article in "text".',
                library="Fix the JSON (the field named above), or pass the article with text= or headline= and body=."),
        field,
    )


def no_headline(source: str, front_end: FrontEnd = "cli") -> UnspunError:
    return UnspunError(
        E_NO_HEADLINE,
        "an article whose first non-empty line (or 'headline' field) is its headline",
        f"{source} with an empty headline",
        _advice(front_end, cli="Add the headline as the first line, or pass it with --headline.",
                api='Put the headline on the first line of "text", or send it in "headline".',
                library="Put the headline on the first line of the text, or pass it with headline=."),
        "headline" if front_end == "api" else None,
    )


def input_forms(expected: str, got: str, fix: str, field: str | None = None) -> UnspunError:
    """None, or more than one, of the input forms (a path, text, html, headline and body ...)."""
    return UnspunError(E_INPUT_FORMS, expected, got, fix, field)


def input_type(expected: str, got: str, fix: str, field: str | None = None) -> UnspunError:
    """An argument of the wrong type, or one the reader does not know."""
    return UnspunError(E_INPUT_TYPE, expected, got, fix, field)


def bad_option(option: str, expected: str, got: str, fix: str) -> UnspunError:
    return UnspunError(E_BAD_OPTION, f"{option} to be {expected}", repr(got), fix)


def unknown_analyzer(name: str, known: list[str]) -> UnspunError:
    return UnspunError(
        E_UNKNOWN_ANALYZER,
        "one of the registered analyzers: " + ", ".join(known),
        repr(name),
        "Run 'unspun analyzers' to list them and fix the --only/--skip value.",
    )


def eval_data(path: str, detail: str, expected: str) -> UnspunError:
    return UnspunError(
        E_EVAL_DATA,
        expected,
        f"{path}: {detail}",
        "Check the file's format against 'unspun eval --help'.",
    )


def model_missing(name: str, detail: str) -> UnspunError:
    return UnspunError(
        E_MODEL_MISSING,
        f"the model package for {name} to be installed",
        detail,
        "Re-run ./install.sh, or skip this analyzer with --skip or --fast.",
    )


def api_request(field: str, problem: str, expected: str) -> UnspunError:
    return UnspunError(
        E_API_REQUEST,
        expected,
        f'field "{field}", which {problem}' if not field.startswith("(") else f"a request body that {problem}",
        "Fix that field and send the request again; GET /docs shows the request shape.",
    )


def server_busy(waiting: int, limit: int) -> UnspunError:
    return UnspunError(
        E_SERVER_BUSY,
        f"at most {limit:,} analyses running or waiting",
        f"{waiting:,} already in progress",
        "Wait a moment and send the request again (see the Retry-After header).",
    )


def no_archive() -> UnspunError:
    return UnspunError(
        E_NO_ARCHIVE,
        "a server started with an archive",
        "a request for the archive of a server that has none",
        "Start the server with 'unspun serve --db ARCHIVE' to browse an archive; POST /v1/check works without one.",
    )


def archive_item(detail: str) -> UnspunError:
    return UnspunError(
        E_ARCHIVE_ITEM,
        "the id of an article of the served archive that has a report",
        detail,
        "List the archive's articles with GET /v1/archive/articles and use an id it gives.",
    )


# -- the archive and `unspun batch` ------------------------------------------------------------


def not_archive(path: str, detail: str) -> UnspunError:
    return UnspunError(
        E_NOT_ARCHIVE,
        "an unspun archive (a SQLite file made by unspun) or a path where a new one can be created",
        f"{path!r}, {detail}",
        "Pass a new file name (for example collection.db) or an archive made by 'unspun batch'; the file was not changed.",
    )


def archive_newer(path: str, version: int, supported: int) -> UnspunError:
    return UnspunError(
        E_ARCHIVE_NEWER,
        f"an archive of schema version {supported} or older (what this unspun reads)",
        f"{path!r} at schema version {version}, written by a newer unspun",
        "Upgrade unspun to open it, or write to a new archive; the file was not changed.",
    )


def extra_missing(feature: str, package: str, extra: str, detail: str) -> UnspunError:
    return UnspunError(
        E_EXTRA_MISSING,
        f"the optional package {package} to be installed for {feature}",
        detail,
        f"Install it with: pip install 'unspun[{extra}]' (or re-run ./install.sh, which installs the pinned set).",
    )


def archive_open(path: str, detail: str) -> UnspunError:
    return UnspunError(
        E_ARCHIVE_OPEN,
        "an archive file that can be opened for writing",
        f"{path!r}: {detail}",
        "Check that the folder exists and is writable, that the disk is not full, and that no other program holds the file.",
    )


def batch_input(source: str, detail: str) -> UnspunError:
    return UnspunError(
        E_BATCH_INPUT,
        "a readable JSONL or CSV file, a folder of .txt/.html/.json files, a single article file, "
        "any of them gzipped (.gz), or - for JSONL on standard input",
        f"{source!r}, {detail}",
        "Check the path and its permissions; nothing was written to the archive.",
    )


def csv_column(source: str, option: str, wanted: str, columns: list[str]) -> UnspunError:
    shown = ", ".join(repr(c) for c in columns[:20]) + (" ..." if len(columns) > 20 else "")
    return UnspunError(
        E_CSV_COLUMN,
        f"a CSV file with a column {wanted!r} ({option})",
        f"{source!r} with the columns {shown or '(none: the file is empty)'}",
        f"Name one of its columns with {option}; nothing was written to the archive.",
    )


def bad_record(where: str, detail: str) -> UnspunError:
    return UnspunError(
        E_BAD_RECORD,
        'an article record: {"headline": str, "body": str}, {"text": str} or {"html": str}, '
        'with optional "id", "url", "published", "site"',
        f"{where}: {detail}",
        "Fix or remove that record and run the same command again: the items already done are skipped.",
    )


def worker_died(detail: str) -> UnspunError:
    return UnspunError(
        E_WORKER_DIED,
        "the analysis worker processes to keep running",
        f"a worker that stopped ({detail})",
        "Run the same command again to resume (finished items are kept); if it recurs, use fewer workers (-j) "
        "or --fast, which needs less memory.",
    )


def input_damaged(source: str, detail: str) -> UnspunError:
    return UnspunError(
        E_INPUT_DAMAGED,
        "an input file that can be read to its end",
        f"{source!r}, {detail}",
        "Check the file (gzip -t for a .gz file, iconv for the encoding); the items before the damage were "
        "checked, the rest were not.",
    )


def item_failed(where: str, exc: BaseException) -> UnspunError:
    return UnspunError(
        E_ITEM_FAILED,
        "an article that unspun can read and analyse, or one of the errors above",
        f"{where}, on which unspun itself failed ({type(exc).__name__}: {exc})",
        "This is a bug in unspun: please report it with the item; the rest of the batch was checked.",
    )


def factcheck_input(source: str, detail: str, fmt: str) -> UnspunError:
    expected = ("a CheckThat! 2020 verified-claims TSV in UTF-8: a header row, then vclaim_id, vclaim, title"
                if fmt == "checkthat" else
                "a UTF-8 file of schema.org ClaimReview records: JSON (one object or a list), JSON-LD or JSON Lines, "
                "optionally gzipped (.gz)")
    return UnspunError(E_FACTCHECK_INPUT, expected, f"{source!r}, {detail}",
                       "Check the path and the file's format; nothing was written to the archive.")
