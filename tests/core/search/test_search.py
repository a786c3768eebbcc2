"""The search engine: ranking, snippets, facets, languages and confidentiality."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict
from django.utils.translation import override

from strongcities.core.search import FACETS, parse_filters, search
from strongcities.core.visibility import Visibility
from strongcities.practices.models import Practice
from tests.factories import CityFactory, concept
from tests.practices.factories import make_practice

ANONYMOUS = AnonymousUser()


def ids(results) -> list[int]:
    return [hit.id for hit in results.hits]


def counts(results, facet: str) -> dict[str, int]:
    return {value.value: value.count for value in results.facets[facet]}


@pytest.mark.django_db
def test_title_match_ranks_above_body_match(world):
    body = make_practice(
        world.city,
        title="Neighbourhood sports league",
        summary="Weekly matches where a mediator talks with teenagers.",
    )
    title = make_practice(
        world.city, title="Mediator training for teachers", summary="Teachers learn to listen."
    )
    results = search("mediator", {}, ANONYMOUS, "en")
    assert ids(results) == [title.pk, body.pk]
    assert results.total == 2
    assert results.hits[0].score > results.hits[1].score


@pytest.mark.django_db
def test_snippet_highlights_matches_and_escapes_html(world):
    practice = make_practice(
        world.city,
        title="Safe streets",
        summary='Volunteers <script>alert("x")</script> patrol the market & talk with shopkeepers.',
    )
    [hit] = search("shopkeepers", {}, ANONYMOUS, "en").hits
    assert hit.id == practice.pk
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in hit.snippet
    assert "<mark>shopkeepers</mark>" in hit.snippet
    assert "&amp;" in hit.snippet
    assert hit.language == "en"
    assert hit.matched_language == "en"


@pytest.mark.django_db
def test_snippet_marks_expansion_synonyms_only_as_whole_words_and_phrases(world):
    # "youth" is a synonym of young-adults, whose synonyms include "18-30 ans" and
    # "university students": only the typed word is matched as a prefix or stem.
    practice = make_practice(
        world.city,
        title="Helpline",
        summary="Digital youth workers answer students aged 18-30 on universal services; "
        "young people of 30 ans write too.",
    )
    [hit] = search("youth", {}, ANONYMOUS, "en").hits
    assert hit.id == practice.pk
    assert hit.snippet == (
        "Digital <mark>youth</mark> workers answer <mark>students</mark> aged <mark>18</mark>-"
        "<mark>30</mark> on universal services; young people of 30 ans write too."
    )


@pytest.mark.django_db
def test_facet_counts_or_within_and_across(world):
    a = make_practice(world.city, title="Alpha", themes=("youth-engagement",), language="en")
    b = make_practice(world.city, title="Beta", themes=("education",), language="fr")
    c = make_practice(
        world.other_city, title="Gamma", themes=("youth-engagement", "education"), language="en"
    )
    results = search("", {}, ANONYMOUS, "en")
    assert results.total == 3
    assert counts(results, "theme") == {"youth-engagement": 2, "education": 2}
    assert counts(results, "city") == {"tunis": 2, "aarhus": 1}
    assert counts(results, "language") == {"en": 2, "fr": 1}
    assert counts(results, "label") == {"inspiring": 3}
    assert counts(results, "region") == {"middle-east-north-africa": 3}
    assert list(results.facets) == list(FACETS)

    either = search("", {"theme": ["youth-engagement", "education"]}, ANONYMOUS, "en")
    assert sorted(ids(either)) == sorted([a.pk, b.pk, c.pk])

    both = search("", {"theme": ["youth-engagement"], "city": ["tunis"]}, ANONYMOUS, "en")
    assert ids(both) == [a.pk]
    # Each facet is counted without its own filter: choosing one more value adds these.
    assert counts(both, "theme") == {"youth-engagement": 1, "education": 1}
    assert counts(both, "city") == {"tunis": 1, "aarhus": 1}
    selected = {v.value: v.selected for v in both.facets["city"]}
    assert selected == {"tunis": True, "aarhus": False}


@pytest.mark.django_db
def test_facet_labels_are_in_the_reader_language(world):
    make_practice(world.city, title="Alpha", themes=("youth-engagement",))
    results = search("", {}, ANONYMOUS, "fr")
    assert [(v.value, v.label) for v in results.facets["theme"]] == [
        ("youth-engagement", "Engagement des jeunes")
    ]
    assert [(v.value, v.label) for v in results.facets["language"]] == [("en", "English")]
    with override("fr"):
        assert results.facets["label"][0].label == str(Practice.Label.INSPIRING.label)


@pytest.mark.django_db
def test_french_query_finds_an_arabic_practice_tagged_with_the_concept(world):
    practice = make_practice(
        world.city,
        language="ar",
        title="برنامج الوقاية في الأحياء",
        summary="جلسات أسبوعية مع الأسر في المدارس.",
        themes=("online-radicalisation",),
    )
    results = search("radicalisation", {}, ANONYMOUS, "fr")
    assert ids(results) == [practice.pk]
    assert [c.code for c in results.expansions] == ["online-radicalisation"]
    assert results.hits[0].language == "ar"
    assert results.hits[0].matched_language == "ar"


@pytest.mark.django_db
def test_spanish_query_finds_an_english_practice_by_its_words(world):
    practice = make_practice(
        world.city,
        title="Early help desk",
        summary="Families worried about radicalisation get advice within a week.",
        themes=("family-support",),
    )
    results = search("radicalización", {}, ANONYMOUS, "es")
    assert ids(results) == [practice.pk]
    assert "<mark>radicalisation</mark>" in results.hits[0].snippet


@pytest.mark.django_db
def test_words_of_a_concept_in_any_language_find_texts_naming_it(world):
    # No tag: the French text names the concept (a synonym), found from Turkish and Arabic.
    practice = make_practice(
        world.city,
        language="fr",
        title="Ateliers du mercredi",
        summary="Prévenir la radicalisation par le dialogue entre générations.",
        themes=(),
    )
    for query, lang in (("radikalleşme", "tr"), ("التطرف", "ar"), ("Radicalization", "en")):
        results = search(query, {}, ANONYMOUS, lang)
        assert ids(results) == [practice.pk], query
        assert "online-radicalisation" in [c.code for c in results.expansions]
        assert "<mark>radicalisation</mark>" in results.hits[0].snippet


@pytest.mark.django_db
def test_turkish_and_arabic_queries(world):
    english = make_practice(
        world.city,
        title="Online safety workshops",
        summary="Pupils learn how online radicalisation works.",
        themes=("education",),
    )
    turkish = make_practice(
        world.city,
        language="tr",
        title="Mahalle gençlik merkezi",
        summary="Gençler için haftalık spor ve sanat etkinlikleri.",
        themes=("sport-culture",),
    )
    assert ids(search("radikalleşme", {}, ANONYMOUS, "tr")) == [english.pk]
    assert ids(search("التطرف", {}, ANONYMOUS, "ar")) == [english.pk]
    assert ids(search("MAHALLE", {}, ANONYMOUS, "en")) == [turkish.pk]
    assert ids(search("gençlik merkezi", {}, ANONYMOUS, "en")) == [turkish.pk]


@pytest.mark.django_db
def test_arabic_diacritics_tatweel_and_alef_forms_do_not_matter(world):
    practice = make_practice(
        world.city,
        language="ar",
        title="إرشاد الأسر",
        summary="لقاءات مع الأُسَر في الأحيـــاء",
        themes=("family-support",),
    )
    for query in ("ارشاد", "الأحياء", "الاسر", "الأسر"):
        assert ids(search(query, {}, ANONYMOUS, "ar")) == [practice.pk], query


@pytest.mark.django_db
def test_case_and_diacritics_do_not_matter(world):
    practice = make_practice(
        world.city,
        language="fr",
        title="Médiation éducative à l'école",
        summary="Des médiateurs accompagnent les élèves.",
    )
    for query in ("MEDIATION", "médiation", "Mediation educative", "ELEVES", "élèves"):
        assert ids(search(query, {}, ANONYMOUS, "fr")) == [practice.pk], query


@pytest.mark.django_db
def test_quoted_phrase_and_prefix(world):
    practice = make_practice(
        world.city, title="Mentoring network", summary="Local mentors meet pupils."
    )
    make_practice(world.city, title="Pupils network", summary="Mentoring is local.")
    assert ids(search('"mentoring network"', {}, ANONYMOUS, "en")) == [practice.pk]
    assert len(search("mentor", {}, ANONYMOUS, "en").hits) == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["", "   ", '"', '""', "AND OR NOT", "*", "(((", ")", "-", "NEAR(a b)", "a:b", "^"]
)
def test_odd_queries_never_raise(world, query):
    make_practice(world.city, title="Alpha")
    results = search(query, {"theme": ["nope"], "colour": ["red"]}, ANONYMOUS, "xx", page="x")
    assert results.page == results.pages


@pytest.mark.django_db
def test_browse_is_newest_first_and_paginated(world):
    first = make_practice(world.city, title="Zebra crossing")
    second = make_practice(world.city, title="Apple orchard")
    third = make_practice(world.city, title="Mango tree")
    results = search("", {}, ANONYMOUS, "en", page_size=2)
    assert (results.total, results.pages, results.order) == (3, 2, "recent")
    assert ids(results) == [third.pk, second.pk]
    assert ids(search("", {}, ANONYMOUS, "en", page=2, page_size=2)) == [first.pk]
    by_title = search("", {}, ANONYMOUS, "en", order="title")
    assert ids(by_title) == [second.pk, third.pk, first.pk]
    assert ids(search("", {}, ANONYMOUS, "en", order="nonsense")) == [third.pk, second.pk, first.pk]


@pytest.mark.django_db
def test_parse_filters_keeps_known_values_only(world):
    querydict = QueryDict(
        "q=x&theme=youth-engagement&theme=nope&theme=youth-engagement&city=tunis&city=atlantis"
        "&language=ar&language=de&label=peer-reviewed&stakeholder=police&page=2&colour=red"
    )
    assert parse_filters(querydict) == {
        "theme": ["youth-engagement"],
        "stakeholder": ["police"],
        "city": ["tunis"],
        "language": ["ar"],
        "label": ["peer-reviewed"],
    }
    assert parse_filters(QueryDict("")) == {}


# --- Confidentiality -----------------------------------------------------------------------


@pytest.fixture
def restricted(world):
    shared = CityFactory(slug="lyon", name="Lyon")
    practice = make_practice(
        world.city,
        title="Zanzibarine protocol",
        summary="A zanzibarine approach to case conferences.",
        themes=("returnees",),
        visibility=Visibility.RESTRICTED,
        shared_with=[shared],
    )
    make_practice(world.other_city, title="Public practice", themes=("education",))
    return practice, shared


def _user_of(city, role="member"):
    from tests.factories import CityRoleFactory, UserFactory

    user = UserFactory()
    CityRoleFactory(user=user, city=city, role=role)
    return user


@pytest.mark.django_db
def test_restricted_practice_is_hidden_from_everybody_else(world, restricted):
    practice, _shared = restricted
    outsider_city = CityFactory(slug="oslo", name="Oslo")
    for user in (ANONYMOUS, world.other_focal_point, _user_of(outsider_city)):
        for query in ("zanzibarine", "", "returnees", "protocol"):
            results = search(query, {}, user, "en")
            assert practice.pk not in ids(results)
            assert "returnees" not in counts(results, "theme")
            assert counts(results, "city").get("tunis") is None
            assert all("zanzibarine" not in hit.snippet.lower() for hit in results.hits)
        filtered = search("", {"theme": ["returnees"], "city": ["tunis"]}, user, "en")
        assert (filtered.total, ids(filtered)) == (0, [])
        assert [v.count for v in filtered.facets["theme"] if v.value == "returnees"] == [0]


@pytest.mark.django_db
def test_restricted_practice_is_found_by_owner_shared_city_and_secretariat(world, restricted):
    practice, shared = restricted
    for user in (world.member, world.focal_point, _user_of(shared), world.secretariat):
        results = search("zanzibarine", {}, user, "en")
        assert ids(results) == [practice.pk]
        assert "<mark>zanzibarine</mark>" in results.hits[0].snippet
        assert counts(results, "theme") == {"returnees": 1}


@pytest.mark.django_db
def test_members_only_practice_is_invisible_to_anonymous(world):
    practice = make_practice(
        world.city, title="Quietly shared", visibility=Visibility.MEMBERS, themes=("gender",)
    )
    anonymous = search("quietly", {}, ANONYMOUS, "en")
    assert (anonymous.total, counts(search("", {}, ANONYMOUS, "en"), "theme")) == (0, {})
    assert ids(search("quietly", {}, world.other_focal_point, "en")) == [practice.pk]


@pytest.mark.django_db
def test_secretariat_only_practice_is_seen_by_owner_and_secretariat_only(world):
    practice = make_practice(world.city, title="Inner circle", visibility=Visibility.SECRETARIAT)
    assert ids(search("inner", {}, world.other_focal_point, "en")) == []
    assert ids(search("inner", {}, ANONYMOUS, "en")) == []
    assert ids(search("inner", {}, world.member, "en")) == [practice.pk]
    assert ids(search("inner", {}, world.secretariat, "en")) == [practice.pk]


@pytest.mark.django_db
def test_drafts_and_submitted_practices_are_never_indexed(world):
    for status in (
        Practice.Status.DRAFT,
        Practice.Status.SUBMITTED,
        Practice.Status.CHANGES_REQUESTED,
        Practice.Status.ARCHIVED,
    ):
        make_practice(world.city, title=f"Unpublished {status}", status=status)
    for user in (world.secretariat, world.focal_point, ANONYMOUS):
        assert search("unpublished", {}, user, "en").total == 0
        assert search("", {}, user, "en").total == 0


@pytest.mark.django_db
def test_levels_and_scope_are_facets_or_expansions(world):
    practice = make_practice(
        world.city,
        title="Exit coaching",
        levels={
            "prevention_level": concept("prevention-level", "tertiary"),
            "evidence_level": concept("evidence-level", "monitored"),
            "geographic_scope": concept("geographic-scope", "neighbourhood"),
        },
    )
    results = search("", {"prevention": ["tertiary"]}, ANONYMOUS, "en")
    assert ids(results) == [practice.pk]
    assert counts(results, "evidence") == {"monitored": 1}
    assert ids(search("quartier", {}, ANONYMOUS, "fr")) == [practice.pk]


@pytest.mark.django_db
def test_vocabulary_follows_concept_changes(world):
    practice = make_practice(world.city, title="Circle of mothers", themes=("gender",))
    assert search("zorblax", {}, ANONYMOUS, "en").total == 0
    gender = concept("theme", "gender")
    gender.synonyms_fr = "zorblax"
    gender.save()
    results = search("Zorblax", {}, ANONYMOUS, "en")
    assert ids(results) == [practice.pk]
    assert [c.code for c in results.expansions] == ["gender"]


@pytest.mark.django_db
def test_partner_practice_is_seen_by_the_partner_and_labelled_peer_reviewed(world):
    from tests.factories import PartnerFactory, UserFactory

    partner = PartnerFactory()
    practice = make_practice(
        partner=partner, title="Donor toolkit", visibility=Visibility.RESTRICTED
    )
    practice.peer_reviewed = True
    practice.save(update_fields=["peer_reviewed"])  # any save reindexes
    person = UserFactory()
    person.partner_memberships.create(partner=partner)
    assert search("toolkit", {}, world.other_focal_point, "en").total == 0
    results = search("toolkit", {}, person, "en")
    assert ids(results) == [practice.pk]
    assert counts(results, "label") == {"peer-reviewed": 1}
    assert counts(results, "city") == {}


# --- The words' matched set remembered by the process -----------------------------------------


@pytest.mark.django_db
def test_a_remembered_match_never_shows_a_reader_what_they_may_not_see(world, restricted):
    practice, shared = restricted
    from strongcities.core.search import memory

    memory.forget_matches()
    # The secretariat searches first: the words' matched set (every reader's) is remembered.
    assert ids(search("zanzibarine", {}, world.secretariat, "en")) == [practice.pk]
    for user in (ANONYMOUS, world.other_focal_point):
        results = search("zanzibarine", {}, user, "en")
        assert (results.total, ids(results)) == (0, [])
        assert counts(results, "theme") == {}
    assert ids(search("zanzibarine", {}, _user_of(shared), "en")) == [practice.pk]


@pytest.mark.django_db
def test_a_remembered_match_follows_the_index(world):
    first = make_practice(world.city, title="Urban beekeeping with teenagers")
    assert ids(search("beekeeping", {}, ANONYMOUS, "en")) == [first.pk]
    second = make_practice(world.other_city, title="Beekeeping mentors")
    assert sorted(ids(search("beekeeping", {}, ANONYMOUS, "en"))) == [first.pk, second.pk]
    second.delete()
    assert ids(search("beekeeping", {}, ANONYMOUS, "en")) == [first.pk]


@pytest.mark.django_db
def test_a_large_remembered_match_is_carried_over_index_changes(world, monkeypatch):
    from strongcities.core.search import engine, memory, pending
    from strongcities.core.search.backends import get_backend

    monkeypatch.setattr(memory, "CARRY_FROM", 1)  # every match counts as large here
    first = make_practice(world.city, title="Urban beekeeping with teenagers")
    assert ids(search("beekeeping", {}, ANONYMOUS, "en")) == [first.pk]
    second = make_practice(world.other_city, title="Beekeeping mentors")
    other = make_practice(world.other_city, title="Football league")
    key = engine.word_groups(engine.parse("beekeeping", engine.get_vocabulary()))[0]
    key = tuple((unit.words, unit.phrase) for unit in key)
    pending.flush()  # what a search does first: the index follows the new practices
    refreshed = memory.current(get_backend())  # the index changed: a new memory
    # The match came over, brought up to date among the changed documents only.
    assert memory.ids_of(refreshed.matches[key][0]) == sorted([first.pk, second.pk])
    assert sorted(ids(search("beekeeping", {}, ANONYMOUS, "en"))) == sorted([first.pk, second.pk])
    second.delete()
    other.delete()
    assert ids(search("beekeeping", {}, ANONYMOUS, "en")) == [first.pk]
