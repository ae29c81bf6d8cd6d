"""The machine_text analyzer: see analyzer.py; its model and features live beside it."""

from unspun.analyzers.machine_text.analyzer import MachineText

__all__ = ["MachineText"]
