"""The archive: one SQLite file holding a collection's articles, their reports and findings, the errors of
items that could not be checked, and (for later work) passages for search, near-duplicate signatures and
earlier fact-checks. docs/archive.md describes the schema; ``unspun batch`` fills it.

- :mod:`unspun.archive.schema`: the DDL as versioned migrations.
- :mod:`unspun.archive.store`: open (checked, migrated), write one transaction per item, read back.
- :mod:`unspun.archive.sources`: the batch inputs (JSONL, CSV, folders, gzip) as a stream of items.
- :mod:`unspun.archive.identity`: item keys, content hashes and analyzer profiles.
- :mod:`unspun.archive.worker`: analysis in this process or in worker processes.
- :mod:`unspun.archive.batch`: the resumable batch loop and its summary.
"""

from unspun.archive.store import Archive

__all__ = ["Archive"]
