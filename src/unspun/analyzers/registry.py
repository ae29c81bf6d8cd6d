"""The one registry of analyzers, in run order (house style 5).

Adding an analyzer: write ``analyzers/<name>.py`` with one :class:`Analyzer`
subclass, then add it to ``ANALYZERS`` below. Nothing else registers itself.
"""

from __future__ import annotations

from unspun.analyzers import Analyzer
from unspun.analyzers.checkworthy_claims import CheckworthyClaims
from unspun.analyzers.clickbait import Clickbait
from unspun.analyzers.consistency import Consistency
from unspun.analyzers.emotive_intensity import EmotiveIntensity
from unspun.analyzers.headline_support import HeadlineSupport
from unspun.analyzers.headline_wording import HeadlineWording
from unspun.analyzers.machine_text import MachineText
from unspun.analyzers.persuasion import Persuasion
from unspun.analyzers.sourcing import Sourcing

ANALYZERS: list[type[Analyzer]] = [
    HeadlineWording,
    HeadlineSupport,
    Clickbait,
    Persuasion,
    EmotiveIntensity,
    Sourcing,
    CheckworthyClaims,
    Consistency,
    MachineText,
]


def names() -> list[str]:
    return [a.name for a in ANALYZERS]


def get(name: str) -> type[Analyzer]:
    for a in ANALYZERS:
        if a.name == name:
            return a
    raise KeyError(name)
