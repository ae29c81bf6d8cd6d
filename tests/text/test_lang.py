import pytest

from tests import resources
from unspun.text import lang


@pytest.mark.parametrize(
    ("text", "english", "language"),
    [
        (resources.SOBER, True, "English"),
        (resources.GERMAN, False, "German"),
        (resources.FRENCH, False, "French"),
        ("Правительство приняло новый закон о климате в среду вечером", False, "Cyrillic"),
        ("Short headline", True, "English"),  # too short to judge: taken as English, and said so
        ("El gobierno aprobó el miércoles una ley que debe reducir las emisiones del país para el año", False, "Spanish"),
    ],
)
def test_lang_detect(text: str, english: bool, language: str) -> None:
    g = lang.detect(text)
    assert (g.is_english, g.language) == (english, language)
    assert g.reason


def test_lang_english_articles_in_shared_data_pass(shared_data) -> None:  # type: ignore[no-untyped-def]
    import csv

    with open(shared_data / "fnc-1" / "train_bodies.csv", encoding="utf-8") as fh:
        bodies = [r["articleBody"] for r, _ in zip(csv.DictReader(fh), range(300), strict=False)]
    rejected = [b[:80] for b in bodies if len(b.split()) >= 30 and not lang.detect(b).is_english]
    assert len(rejected) <= 3, rejected
