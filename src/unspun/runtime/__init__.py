"""The models every analyzer shares, loaded once per process: MiniLM, SmolLM2, spaCy, BLAS threads."""
