"""The web page and HTTP API: ``unspun serve``. One module per job:

- :mod:`~unspun.web.settings`: the server's limits and profile (``Settings``);
- :mod:`~unspun.web.schemas`: the request model, the request -> Document reader, E-codes -> HTTP answers;
- :mod:`~unspun.web.guard`: the size limit, the Host check and the security headers;
- :mod:`~unspun.web.engine`: the pipelines and the bounded pool of worker processes or threads they run in;
- :mod:`~unspun.web.app`: ``create_app`` and the routes;
- :mod:`~unspun.web.archive`: the archive's routes (``serve --db``), thin over :mod:`unspun.archive.browse`;
- :mod:`~unspun.web.server`: ``serve``, running uvicorn and stopping cleanly;
- ``static/``: the page, its script and style, the API docs page and the icon.
"""

from __future__ import annotations

from unspun.web.app import create_app
from unspun.web.server import serve

__all__ = ["create_app", "serve"]
