"""Short named sample texts for the tests, written for unspun."""

from __future__ import annotations

SENSATIONAL = (
    "SHOCKING: You Won't Believe What the Mayor Did Next!!\n\n"
    "The mayor of Dunmore opened a new library branch on Saturday. About 200 residents attended."
)
SOBER = (
    "Council approves 4 percent fare rise\n\n"
    "The city council voted 7-2 on Tuesday to raise bus fares by 4 percent from July.\n\n"
    "Transit director Paul Nguyen said the rise would cover higher fuel costs."
)
HEADLINE_ONLY = "Storm closes schools across the region"
GERMAN = (
    "Regierung beschließt neues Klimagesetz\n\n"
    "Die Bundesregierung hat am Mittwoch ein neues Gesetz beschlossen, das die Emissionen "
    "bis 2030 deutlich senken soll. Der Minister sagte, es sei ein wichtiger Schritt für das Land "
    "und die Wirtschaft, die sich auf die neuen Regeln einstellen muss."
)
FRENCH = (
    "Le gouvernement adopte une nouvelle loi\n\n"
    "Le gouvernement a adopté mercredi une loi qui doit réduire les émissions dans le pays. "
    "Le ministre a dit que cette loi est une étape importante pour les entreprises et pour les familles."
)
SAMPLES = {"sensational": SENSATIONAL, "sober": SOBER, "headline_only": HEADLINE_ONLY}
