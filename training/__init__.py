"""Training code for the models shipped in ``unspun/models/``: one module per model, shared helpers in ``common``.

Run from the repository root, for example ``python -m training.train_stance --help``
(with ``PYTHONPATH=src`` in a checkout that is not installed). Each module reaches a
model through its public ``load()`` or its class, never through analyzer internals.
"""
