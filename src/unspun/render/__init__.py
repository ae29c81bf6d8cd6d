"""Renderers: the same Report as terminal text or one self-contained HTML file."""
