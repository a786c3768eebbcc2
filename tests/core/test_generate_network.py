"""The synthetic network generator: plausible distributions, valid tags, growth and clearing."""

import json
import re
from collections import Counter

import pytest
from django.core.management import call_command

from strongcities.core.generation import phrases
from strongcities.core.generation.specs import Owners, practice_spec
from strongcities.core.taxonomy.services import DATA_FILE
from strongcities.members.models import City
from strongcities.practices.models import TEXT_FIELDS, Practice
from tests.practices.factories import make_practice

SAMPLE = 3000


def _taxonomy_codes() -> dict[str, set[str]]:
    data = json.loads(DATA_FILE.read_text())
    return {s["code"]: {c["code"] for c in s["concepts"]} for s in data["schemes"]}


def _share(counter: Counter, key) -> float:
    return counter[key] / sum(counter.values())


@pytest.fixture(scope="module")
def specs():
    owners = Owners(40)
    names = [f"City {i}" for i in range(40)]
    return [practice_spec(i, 3, owners, names) for i in range(1, SAMPLE + 1)]


def test_languages_translations_and_visibility_follow_the_designed_shares(specs):
    languages = Counter(s.language for s in specs)
    for lang, share in {"en": 0.40, "fr": 0.20, "ar": 0.15, "es": 0.15, "tr": 0.10}.items():
        assert abs(_share(languages, lang) - share) < 0.03, lang
    others = [s for s in specs if s.language != "en"]
    translated = Counter("en" in s.texts for s in others)
    assert abs(_share(translated, True) - 0.20) < 0.03
    assert all(list(s.texts) in ([s.language], [s.language, "en"]) for s in specs)
    visibility = Counter(s.visibility for s in specs)
    for level, share in {"public": 0.60, "members": 0.25, "restricted": 0.10}.items():
        assert abs(_share(visibility, level) - share) < 0.03, level
    assert abs(_share(visibility, "secretariat") - 0.05) < 0.02


def test_tags_are_valid_concepts_consistent_with_the_text(specs):
    codes = _taxonomy_codes()
    topics = {t.code: t for t in phrases.TOPICS}
    for spec in specs:
        assert 1 <= len(spec.themes) <= 3
        assert 1 <= len(spec.audiences) <= 2
        assert 1 <= len(spec.stakeholders) <= 3
        assert set(spec.themes) <= codes["theme"]
        assert set(spec.audiences) <= codes["audience"]
        assert set(spec.stakeholders) <= codes["sector"]
        assert spec.prevention_level in codes["prevention-level"]
        assert spec.evidence_level in codes["evidence-level"]
        assert spec.geographic_scope in codes["geographic-scope"]
        topic = topics[spec.topic]
        assert spec.themes[0] in topic.themes
        assert set(spec.audiences) <= set(topic.audiences)
        assert set(spec.stakeholders) <= set(topic.stakeholders)
        assert (spec.visibility == "restricted") == bool(spec.shared_with)
        assert spec.owner not in spec.shared_with
        assert len(spec.shared_with) <= 3


def test_texts_are_complete_and_have_common_medium_and_rare_terms(specs):
    english = [" ".join(s.texts["en"].values()) for s in specs if "en" in s.texts]
    for spec in specs:
        fields = spec.texts[spec.language]
        assert fields["title"]
        assert fields["summary"]
        assert fields["approach"]
        assert 3 <= len(set(fields) - {"title", "summary"}) <= 5
        assert set(fields) <= set(TEXT_FIELDS)
        assert "{" not in " ".join(fields.values())

    def share(term: str) -> float:
        return sum(bool(re.search(rf"\b{term}\b", t, re.IGNORECASE)) for t in english) / SAMPLE

    assert share("youth") > 0.35
    assert 0.02 < share("mentoring") < 0.10
    rare = {"en": "beekeeping", "fr": "apiculture", "ar": "النحل", "es": "apicultura"}
    rare["tr"] = "arıcılık"
    with_rare = [s.index for s in specs if rare[s.language] in s.texts[s.language]["approach"]]
    assert with_rare == list(range(500, SAMPLE + 1, 500))


def _generate(**options):
    call_command("generate_network", verbosity=0, no_reindex=True, **options)


@pytest.mark.django_db
def test_generates_a_network_of_members_and_published_practices():
    _generate(cities=5, practices=30, seed=7)

    cities = City.objects.filter(slug__startswith="gen-")
    assert sorted(cities.values_list("slug", flat=True)) == [f"gen-{i}" for i in range(1, 6)]
    assert set(cities.values_list("status", flat=True)) == {"member"}
    practices = Practice.objects.filter(slug__startswith="gen-")
    assert sorted(practices.values_list("slug", flat=True), key=lambda s: int(s[4:])) == [
        f"gen-{i}" for i in range(1, 31)
    ]
    assert set(practices.values_list("status", flat=True)) == {"published"}
    assert practices.filter(published_at__isnull=True).count() == 0
    assert set(practices.values_list("language", flat=True)) <= {"en", "fr", "ar", "es", "tr"}
    assert set(practices.values_list("city__slug", flat=True)) <= {f"gen-{i}" for i in range(1, 6)}
    for practice in practices.prefetch_related(
        "themes__scheme", "audiences__scheme", "shared_with"
    ):
        assert {c.scheme.code for c in practice.themes.all()} == {"theme"}
        assert {c.scheme.code for c in practice.audiences.all()} == {"audience"}
        assert practice.stakeholders.count() in (1, 2, 3)
        assert practice.text("title", practice.language)
        assert practice.languages()[0] == practice.language
        assert (practice.visibility == "restricted") == practice.shared_with.exists()
        assert practice.city not in practice.shared_with.all()
    # The untranslated column mirrors the original language, as the services write it.
    for lang in ("en", "fr", "ar", "es", "tr"):
        rows = Practice.objects.rewrite(False).filter(slug__startswith="gen-", language=lang)
        for title, original in rows.values_list("title", f"title_{lang}"):
            assert title == original


@pytest.mark.django_db
def test_the_network_grows_and_shrinks_to_the_wanted_size_deterministically():
    _generate(cities=5, practices=20, seed=7)
    first = dict(Practice.objects.values_list("slug", "title_en"))

    _generate(cities=5, practices=30, seed=7)
    grown = dict(Practice.objects.values_list("slug", "title_en"))
    assert len(grown) == 30
    assert {slug: grown[slug] for slug in first} == first
    assert City.objects.filter(slug__startswith="gen-").count() == 5

    _generate(cities=5, practices=12, seed=7)
    assert sorted(Practice.objects.values_list("slug", flat=True), key=lambda s: int(s[4:])) == [
        f"gen-{i}" for i in range(1, 13)
    ]


@pytest.mark.django_db
def test_clear_removes_generated_data_only_and_is_idempotent(world):
    own = make_practice(world.city, title="Tunis youth centre")
    _generate(cities=5, practices=30, seed=7)

    _generate(clear=True, practices=0)
    assert City.objects.filter(slug__startswith="gen-").count() == 0
    assert list(Practice.objects.values_list("pk", flat=True)) == [own.pk]
    _generate(clear=True, practices=0)
    assert list(City.objects.order_by("slug").values_list("slug", flat=True)) == [
        "aarhus",
        "tunis",
    ]

    _generate(clear=True, cities=5, practices=10, seed=7)
    assert Practice.objects.filter(slug__startswith="gen-").count() == 10


@pytest.mark.django_db
def test_the_search_index_is_rebuilt_after_generating():
    from django.contrib.auth.models import AnonymousUser

    from strongcities.core.search import search

    call_command("generate_network", cities=3, practices=12, seed=7, verbosity=0)

    public = Practice.objects.filter(slug__startswith="gen-", visibility="public").count()
    assert search("", {}, AnonymousUser(), "en").total == public
