"""What one generated city or practice is, drawn from a seeded random source.

Each item has its own random source, seeded by (seed, kind, index): practice 4711 is the same
whether it is generated alone or as part of 100,000, so a network can grow 1k -> 10k -> 100k.
Nothing here touches the database; network.py writes the specs.
"""

import itertools
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from strongcities.core.generation import phrases, places
from strongcities.core.visibility import Visibility

LANGUAGE_SHARES = {"en": 40, "fr": 20, "ar": 15, "es": 15, "tr": 10}
# Share of the practices written in another language that carry an English translation.
TRANSLATED_SHARE = 0.2
VISIBILITY_SHARES = {
    Visibility.PUBLIC: 60,
    Visibility.MEMBERS: 25,
    Visibility.RESTRICTED: 10,
    Visibility.SECRETARIAT: 5,
}
EVIDENCE_SHARES = {
    "described": 40,
    "monitored": 30,
    "evaluated-internally": 20,
    "evaluated-externally": 10,
}
SCOPE_SHARES = {
    "neighbourhood": 25,
    "city": 45,
    "metropolitan-area": 12,
    "regional": 10,
    "national": 6,
    "international": 2,
}
OPTIONAL_FIELDS = (
    "context",
    "resources",
    "results",
    "theory_of_change",
    "lessons_learned",
    "transferability",
)
SECOND_TOPIC_SHARE = 0.3
# Practices are published over the six years before this date.
ANCHOR = datetime(2026, 1, 1, tzinfo=UTC)
PUBLICATION_SPAN = timedelta(days=6 * 365)
# Some cities write many practices, most a few: owners follow a Zipf-like law.
OWNER_SKEW = 0.8


def _weighted(rng: random.Random, shares: dict):
    return rng.choices(list(shares), weights=list(shares.values()))[0]


@dataclass
class CitySpec:
    index: int
    name: str
    country: str
    region: str
    latitude: Decimal
    longitude: Decimal
    population: int
    languages: list[str]
    joined_on: date
    challenges: list[str]
    audiences: list[str]
    running_themes: list[str]

    @property
    def slug(self) -> str:
        return f"gen-{self.index}"


@dataclass
class PracticeSpec:
    index: int
    language: str
    owner: int  # position of the owner in the list of generated cities
    texts: dict[str, dict[str, str]]  # language -> text field -> text
    themes: list[str]
    audiences: list[str]
    stakeholders: list[str]
    prevention_level: str
    evidence_level: str
    geographic_scope: str
    visibility: str
    shared_with: list[int] = field(default_factory=list)  # positions of cities
    published_at: datetime = ANCHOR
    start_year: int = 2020
    still_running: bool = True
    peer_reviewed: bool = False
    topic: str = ""

    @property
    def slug(self) -> str:
        return f"gen-{self.index}"


THEME_CODES = sorted({code for topic in phrases.TOPICS for code in topic.themes})
AUDIENCE_CODES = sorted({code for topic in phrases.TOPICS for code in topic.audiences})


def city_spec(index: int, seed: int, taken: set[tuple[str, str]]) -> CitySpec:
    """City number `index`; its (folded name, country) is added to `taken`, never reused."""
    from strongcities.core.text import fold

    rng = random.Random(f"{seed}:city:{index}")
    region = rng.choices(places.REGIONS, weights=[r.weight for r in places.REGIONS])[0]
    country = rng.choice(region.countries)
    for _attempt in range(30):
        name = places.city_name(rng, region)
        if (fold(name), country.code) not in taken:
            break
    else:
        name = f"{name} {index}"
    taken.add((fold(name), country.code))
    return CitySpec(
        index=index,
        name=name,
        country=country.code,
        region=region.code,
        latitude=Decimal(f"{rng.uniform(*country.lat):.6f}"),
        longitude=Decimal(f"{rng.uniform(*country.lon):.6f}"),
        population=int(10 ** rng.uniform(4.7, 6.8)),
        languages=list(country.languages),
        joined_on=date(2015, 1, 1) + timedelta(days=rng.randrange(3650)),
        challenges=rng.sample(THEME_CODES, rng.randint(1, 3)),
        **_context_profile(seed, index),
    )


def _context_profile(seed: int, index: int) -> dict:
    """Priority audiences and running themes, from their own draw (the rest of a city is as
    it was before cities had them)."""
    rng = random.Random(f"{seed}:city-profile:{index}")
    return {
        "audiences": rng.sample(AUDIENCE_CODES, rng.randint(1, 3)),
        "running_themes": rng.sample(THEME_CODES, rng.randint(0, 2)),
    }


class Owners:
    """Draws the owner city of a practice: a few cities own many, most own a few."""

    def __init__(self, count: int):
        self.count = count
        self.cum_weights = list(
            itertools.accumulate(1 / (rank + 1) ** OWNER_SKEW for rank in range(count))
        )

    def draw(self, rng: random.Random) -> int:
        return rng.choices(range(self.count), cum_weights=self.cum_weights)[0]

    def others(self, rng: random.Random, owner: int, wanted: int) -> list[int]:
        """Up to `wanted` distinct cities other than the owner (for restricted sharing)."""
        picked = rng.sample(range(self.count), min(self.count, wanted + 1))
        return [pos for pos in picked if pos != owner][:wanted]


def _budget(amount: int, lang: str) -> str:
    grouped = f"{amount:,}"
    separator = {"en": ",", "fr": "\u202f", "ar": "", "es": ".", "tr": "."}[lang]
    return grouped.replace(",", separator)


def _render(chosen: dict[str, list[dict[str, str]]], lang: str, slots: dict) -> dict[str, str]:
    values = {**slots, "budget": _budget(slots["budget"], lang)}
    return {
        name: " ".join(phrase[lang].format(**values) for phrase in sentences)
        for name, sentences in chosen.items()
    }


def _choose_texts(rng: random.Random, index: int, topic, second) -> dict[str, list[dict]]:
    """Which phrases make each text field (the same for the original and its translation)."""
    approach = rng.sample(topic.sentences, rng.randint(2, 3))
    if second is not None:
        approach.append(rng.choice(second.sentences))
    if index % phrases.RARE_EVERY == 0:
        approach.append(phrases.RARE_SENTENCE)
    chosen = {"title": [rng.choice(topic.titles)], "summary": [topic.summary]}
    chosen["approach"] = approach
    for name in sorted(rng.sample(OPTIONAL_FIELDS, rng.randint(2, 4))):
        bank = phrases.FIELD_SENTENCES[name]
        sentences = rng.sample(bank, rng.randint(1, len(bank)))
        unused = [s for s in topic.sentences if s not in approach]
        if name in ("context", "results") and unused:
            sentences.append(rng.choice(unused))
        chosen[name] = sentences
    return chosen


def _tags(rng: random.Random, topic, second) -> dict[str, list[str]]:
    themes = rng.sample(topic.themes, rng.randint(1, min(2, len(topic.themes))))
    if second is not None:
        extra = rng.choice(second.themes)
        if extra not in themes:
            themes.append(extra)
    return {
        "themes": themes[:3],
        "audiences": rng.sample(topic.audiences, rng.randint(1, 2)),
        "stakeholders": rng.sample(topic.stakeholders, rng.randint(1, 3)),
    }


def practice_spec(index: int, seed: int, owners: Owners, city_names: list[str]) -> PracticeSpec:
    """Practice number `index`, owned by one of the generated cities."""
    rng = random.Random(f"{seed}:practice:{index}")
    language = _weighted(rng, LANGUAGE_SHARES)
    topic = rng.choices(phrases.TOPICS, weights=[t.weight for t in phrases.TOPICS])[0]
    second = rng.choice(phrases.TOPICS) if rng.random() < SECOND_TOPIC_SHARE else None
    if second is topic:
        second = None
    owner = owners.draw(rng)
    slots = {
        "city": city_names[owner],
        "n": rng.randint(100, 5000),
        "k": rng.randint(11, 60),
        "year": rng.randint(2012, 2024),
        "budget": rng.randrange(20_000, 900_000, 5_000),
    }
    chosen = _choose_texts(rng, index, topic, second)
    languages = [language]
    if language != "en" and rng.random() < TRANSLATED_SHARE:
        languages.append("en")
    visibility = _weighted(rng, VISIBILITY_SHARES)
    shared = []
    if visibility == Visibility.RESTRICTED:
        shared = owners.others(rng, owner, rng.randint(1, 3))
    evidence = _weighted(rng, EVIDENCE_SHARES)
    published_at = ANCHOR - timedelta(seconds=rng.randrange(int(PUBLICATION_SPAN.total_seconds())))
    return PracticeSpec(
        index=index,
        language=language,
        owner=owner,
        texts={lang: _render(chosen, lang, slots) for lang in languages},
        **_tags(rng, topic, second),
        prevention_level=_weighted(rng, dict(topic.prevention)),
        evidence_level=evidence,
        geographic_scope=_weighted(rng, SCOPE_SHARES),
        visibility=str(visibility),
        shared_with=shared,
        published_at=published_at,
        start_year=published_at.year - rng.randint(0, 5),
        still_running=rng.random() < 0.75,
        peer_reviewed=evidence.startswith("evaluated") and rng.random() < 0.35,
        topic=topic.code,
    )
