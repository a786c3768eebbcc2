"""The formula of docs/matching.md on hand-built profiles: every term pinned, no database."""

import pytest

from strongcities.matching.scoring import (
    Bits,
    CityProfile,
    Library,
    Network,
    PracticeRow,
    peer_scores,
    practice_scores,
)

RADICALISATION, YOUTH, EDUCATION, FAMILY = 1, 2, 3, 4
YOUNG_ADULTS, PARENTS = 11, 12
MENA, EUROPE = 21, 22

TUNIS = CityProfile(
    id=1,
    name_key="tunis",
    challenges=frozenset({RADICALISATION, YOUTH}),
    audiences=frozenset({YOUNG_ADULTS}),
    band=3,
    region=MENA,
    languages=("ar", "fr"),
)
AARHUS = CityProfile(
    id=2,
    name_key="aarhus",
    challenges=frozenset({RADICALISATION, YOUTH, EDUCATION}),
    audiences=frozenset({YOUNG_ADULTS, PARENTS}),
    running=frozenset({YOUTH}),
    band=1,
    region=EUROPE,
    languages=("da", "en"),
)
LYON = CityProfile(
    id=3,
    name_key="lyon",
    challenges=frozenset({RADICALISATION}),
    band=2,
    region=EUROPE,
    languages=("fr",),
)
BEIRUT = CityProfile(
    id=4,
    name_key="beirut",
    challenges=frozenset({FAMILY}),
    band=3,
    region=MENA,
    languages=("ar",),
)


def practice(pk, owner, themes=(RADICALISATION,), **kwargs) -> PracticeRow:
    return PracticeRow(id=pk, city_id=owner, themes=frozenset(themes), **kwargs)


AARHUS_PRACTICES = [practice(pk, AARHUS.id, languages=("en",)) for pk in (101, 102, 103)]


def network(cities=(TUNIS, AARHUS, LYON, BEIRUT), practices=AARHUS_PRACTICES) -> Network:
    return Network(list(cities), list(practices))


def test_aarhus_sharing_both_challenges_ranks_above_lyon_and_beirut_is_absent():
    matches = peer_scores(TUNIS, network())

    assert [(m.id, m.score) for m in matches] == [(AARHUS.id, 65.0), (LYON.id, 38.0)]


def test_each_peer_term_of_aarhus_for_tunis():
    aarhus = peer_scores(TUNIS, network())[0]

    # challenges 40 × 2/2; evidence 25 × (0.6 × 3/3 + 0.4 × 1/2); context 20 × (0.5 × 1/2
    # + 0.3 × 0 (bands 3 and 1) + 0.2 × 0); language: no common language.
    assert aarhus.components == {
        "challenges": 40.0,
        "evidence": 20.0,
        "context": 5.0,
        "language": 0.0,
    }
    assert aarhus.reasons == [
        {"code": "shared_challenges", "concepts": [RADICALISATION, YOUTH]},
        {"code": "practices", "count": 3, "concepts": [RADICALISATION]},
        {"code": "runs", "concepts": [YOUTH]},
        {"code": "audiences", "concepts": [YOUNG_ADULTS]},
    ]


def test_each_peer_term_of_lyon_for_tunis():
    lyon = peer_scores(TUNIS, network())[1]

    # challenges 40 × 1/2; context 20 × 0.3 × 0.5 (adjacent bands); language 15 (French).
    assert lyon.components == {
        "challenges": 20.0,
        "evidence": 0.0,
        "context": 3.0,
        "language": 15.0,
    }
    assert lyon.reasons == [
        {"code": "shared_challenges", "concepts": [RADICALISATION]},
        {"code": "language", "languages": ["fr"]},
    ]


def test_practice_count_is_capped_at_three_and_partial_below():
    one = network(practices=AARHUS_PRACTICES[:1])
    aarhus = peer_scores(TUNIS, one)[0]
    # 25 × (0.6 × 1/3 + 0.4 × 1/2) = 10
    assert aarhus.components["evidence"] == 10.0
    five = network(practices=[practice(pk, AARHUS.id) for pk in range(5)])
    assert peer_scores(TUNIS, five)[0].components["evidence"] == 20.0
    assert peer_scores(TUNIS, five)[0].reasons[1] == {
        "code": "practices",
        "count": 5,
        "concepts": [RADICALISATION],
    }


@pytest.mark.parametrize("visibility", ["restricted", "secretariat"])
def test_restricted_and_secretariat_practices_never_count_for_a_peer(visibility):
    hidden = [practice(pk, AARHUS.id, visibility=visibility) for pk in (1, 2, 3)]
    aarhus = peer_scores(TUNIS, network(practices=hidden))[0]
    assert aarhus.components["evidence"] == 5.0  # only the running theme: 25 × 0.4 × 1/2


def test_same_band_and_region_and_language():
    twin = CityProfile(
        id=9,
        name_key="sfax",
        challenges=frozenset({YOUTH}),
        audiences=frozenset({YOUNG_ADULTS}),
        band=3,
        region=MENA,
        languages=("fr", "ar"),
    )
    match = peer_scores(TUNIS, [twin])[0]
    # 40 × 1/2 + 20 × (0.5 × 1 + 0.3 × 1 + 0.2 × 1) + 15
    assert match.components == {
        "challenges": 20.0,
        "evidence": 0.0,
        "context": 20.0,
        "language": 15.0,
    }
    assert match.score == 55.0
    assert match.reasons == [
        {"code": "shared_challenges", "concepts": [YOUTH]},
        {"code": "audiences", "concepts": [YOUNG_ADULTS]},
        {"code": "similar_size"},
        {"code": "same_region", "concept": MENA},
        {"code": "language", "languages": ["ar", "fr"]},
    ]


def test_unknown_population_has_no_size_points():
    unknown = CityProfile(id=9, name_key="x", challenges=frozenset({YOUTH}), band=None)
    tunis = CityProfile(id=1, name_key="t", challenges=frozenset({YOUTH}), band=None)
    assert peer_scores(tunis, [unknown])[0].components["context"] == 0.0


def test_a_shared_audience_alone_makes_a_peer_eligible():
    other = CityProfile(id=9, name_key="x", audiences=frozenset({YOUNG_ADULTS}))
    match = peer_scores(TUNIS, [other])[0]
    assert match.score == 10.0  # 20 × 0.5 × jaccard 1
    assert match.components["challenges"] == 0.0


def test_a_city_without_challenges_scores_no_challenge_or_evidence():
    bare = CityProfile(id=7, name_key="bare", audiences=frozenset({YOUNG_ADULTS}))
    matches = peer_scores(bare, network())
    assert [(m.id, m.components["challenges"], m.components["evidence"]) for m in matches] == [
        (TUNIS.id, 0.0, 0.0),  # audiences: jaccard 1 (10 points)
        (AARHUS.id, 0.0, 0.0),  # jaccard 1/2 (5 points)
    ]


def test_ties_are_broken_by_name_then_id():
    def twin(pk, name):
        return CityProfile(id=pk, name_key=name, challenges=frozenset({YOUTH}))

    others = [twin(5, "zagreb"), twin(6, "amman"), twin(4, "amman"), twin(7, "beirut")]
    assert [m.id for m in peer_scores(TUNIS, others)] == [4, 6, 7, 5]


def test_only_the_top_twenty_peers_are_kept_in_order():
    others = [
        CityProfile(
            id=100 + i,
            name_key=f"c{i:02}",
            challenges=frozenset({YOUTH}),
            band=3 if i % 2 else None,
        )
        for i in range(30)
    ]
    matches = peer_scores(TUNIS, others, top=20)
    assert len(matches) == 20
    assert [m.id for m in matches[:15]] == [100 + i for i in range(1, 30, 2)]
    assert [m.id for m in matches[15:]] == [100, 102, 104, 106, 108]


# --- Practices ---------------------------------------------------------------------------------


def library(practices, cities=(TUNIS, AARHUS, LYON, BEIRUT)) -> Library:
    return Library(practices, Network(list(cities), practices))


def test_every_practice_term():
    row = practice(
        50,
        LYON.id,
        themes=(RADICALISATION, EDUCATION),
        audiences=frozenset({YOUNG_ADULTS, PARENTS}),
        evidence_level=77,
        evidence_rank=2 / 3,
        peer_reviewed=True,
        languages=("en", "fr"),
    )
    match = practice_scores(TUNIS, library([row]))[0]
    # challenges 45 × 1/min(2, 2); audiences 15 × 1/min(1, 2); evidence 20 × (0.6 × 2/3 + 0.4);
    # context 10 × (0.6 × 0.5 (bands 3 and 2) + 0.4 × 0); language 10 (French translation).
    assert match.components == {
        "challenges": 22.5,
        "audiences": 15.0,
        "evidence": 16.0,
        "context": 3.0,
        "language": 10.0,
    }
    assert match.score == 66.5
    assert match.reasons == [
        {"code": "addresses", "concepts": [RADICALISATION]},
        {"code": "for_audiences", "concepts": [YOUNG_ADULTS]},
        {"code": "evidence", "level": 77, "peer_reviewed": True},
        {"code": "available_in", "languages": ["fr"]},
    ]


def test_a_practice_of_a_city_like_yours_and_a_partner_practice():
    same = practice(1, BEIRUT.id, themes=(YOUTH,))
    partner = practice(2, None, themes=(YOUTH,))
    matches = practice_scores(TUNIS, library([same, partner]))
    # Beirut: same band, same region: 10 × (0.6 + 0.4); a partner's practice: no context.
    assert [(m.id, m.components["context"]) for m in matches] == [(1, 10.0), (2, 0.0)]
    assert matches[0].reasons[-1] == {"code": "similar_city", "city": BEIRUT.id}
    assert matches[1].reasons == [{"code": "addresses", "concepts": [YOUTH]}]


def test_more_challenges_addressed_ranks_higher():
    both = practice(1, AARHUS.id, themes=(RADICALISATION, YOUTH, EDUCATION))
    one = practice(2, AARHUS.id, themes=(RADICALISATION, FAMILY, EDUCATION))
    none = practice(3, AARHUS.id, themes=(FAMILY,))
    matches = practice_scores(TUNIS, library([one, none, both]))
    assert [(m.id, m.components["challenges"]) for m in matches] == [(1, 45.0), (2, 22.5)]


def test_evidence_and_peer_review_and_language_order_equal_practices():
    plain = practice(1, AARHUS.id, languages=("en",))
    evaluated = practice(2, AARHUS.id, evidence_level=9, evidence_rank=1.0, languages=("en",))
    reviewed = practice(
        3, AARHUS.id, evidence_level=9, evidence_rank=1.0, peer_reviewed=True, languages=("en",)
    )
    arabic = practice(4, AARHUS.id, languages=("ar",))
    matches = practice_scores(TUNIS, library([plain, evaluated, reviewed, arabic]))
    assert [(m.id, m.score) for m in matches] == [(3, 65.0), (2, 57.0), (4, 55.0), (1, 45.0)]


def test_ties_by_newest_then_id():
    rows = [
        practice(5, AARHUS.id, published_at=100.0),
        practice(3, AARHUS.id, published_at=200.0),
        practice(4, AARHUS.id, published_at=100.0),
    ]
    assert [m.id for m in practice_scores(TUNIS, library(rows))] == [3, 4, 5]


def test_candidates_exclude_own_transferred_restricted_not_shared_and_secretariat():
    rows = [
        practice(1, TUNIS.id),  # Tunis's own
        practice(2, AARHUS.id),  # transferred to Tunis
        practice(3, AARHUS.id, visibility="restricted", shared_with=frozenset({BEIRUT.id})),
        practice(4, AARHUS.id, visibility="restricted", shared_with=frozenset({TUNIS.id})),
        practice(5, AARHUS.id, visibility="members"),
    ]
    assert [m.id for m in practice_scores(TUNIS, library(rows), transferred=[2])] == [4, 5]
    assert [m.id for m in practice_scores(BEIRUT, library(rows))] == []  # no shared theme
    beirut = CityProfile(id=BEIRUT.id, name_key="beirut", challenges=frozenset({RADICALISATION}))
    assert [m.id for m in practice_scores(beirut, library(rows))] == [1, 2, 3, 5]


def test_top_thirty_practices():
    rows = [practice(i, AARHUS.id, published_at=float(i)) for i in range(1, 51)]
    matches = practice_scores(TUNIS, library(rows))
    assert [m.id for m in matches] == list(range(50, 20, -1))


def test_bits_beyond_one_word():
    bits = Bits(range(100))
    masks = bits.masks([{0, 99}, {99, 64, 3}])
    assert masks.shape == (2, 2)
    assert bits.decode(masks[0] & masks[1]) == [99]
    assert bits.decode(masks[1]) == [3, 64, 99]
