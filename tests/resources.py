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

# Two bodies of about 130 words for the machine-text tests, written for unspun: one in the
# manner of instruction-tuned model filler, one in the manner of a wire report.
LLM_STYLE = (
    "Town embraces new era of innovation\n\n"
    "In today's fast-paced world, the town of Dunmore is embracing a new era of innovation. "
    "The council's decision to invest in a state-of-the-art library underscores its commitment to fostering "
    "a vibrant and inclusive community. Additionally, the project is expected to play a crucial role in "
    "shaping the future of education in the region.\n\n"
    "Furthermore, local leaders emphasized the importance of collaboration, highlighting the many ways "
    "in which residents can contribute to this transformative journey. Moreover, the initiative serves as "
    "a reminder that meaningful change is possible when communities come together.\n\n"
    "Overall, the new library stands as a testament to the town's dedication to progress. As Dunmore "
    "continues to navigate the challenges of a rapidly changing landscape, it remains to be seen how this "
    "bold vision will unfold in the years to come."
)
WIRE_STYLE = (
    "Dunmore library branch opens after two-year delay\n\n"
    "DUNMORE, Saturday - A new branch of the Dunmore public library opened on Saturday, two years later than "
    "planned, after a dispute over the lease of the former post office on Mill Street held up building work.\n\n"
    "About 200 people queued before the doors opened at 10 a.m., librarian Ann Kowalski said. The branch "
    "cost $1.4 million, $300,000 more than budgeted, according to council figures released in March.\n\n"
    "\"We had people waiting in the rain,\" Kowalski said. \"Some of them had been asking about it every "
    "week since 2022.\"\n\n"
    "Councillor Tom Reyes, who voted against the extra spending, said he was glad it was finished but that "
    "the council should publish the final contract. The library will open six days a week, closing on Mondays."
)
SHORT_BODY = "Council approves budget\n\nThe council approved the budget on Tuesday by seven votes to two."
