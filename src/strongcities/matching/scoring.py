"""The matching formula (docs/matching.md), in pure Python and numpy: no database here.

Concept sets and language sets are bitmasks: each concept id (or language code) the caller
knows gets a bit position (`Bits`), a set becomes a row of uint64 words, and the size of an
intersection is `np.bitwise_count(a & b)`. Peer scores of one city against every other member
city, and practice scores of one city against every candidate practice, are a handful of vector
operations; reasons (the JSON that reasons.py turns into sentences) are computed in Python for
the kept matches only.
"""

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

PEERS_KEPT = 20
PRACTICES_KEPT = 30

# Peer score weights (docs/matching.md, "Cities like this one").
PEER_CHALLENGES = 40.0
PEER_EVIDENCE = 25.0
PEER_CONTEXT = 20.0
PEER_LANGUAGE = 15.0
PRACTICES_COUNTED = 3  # n practices on the city's challenges earn the full practice share

# Practice score weights (docs/matching.md, "Practices for this city's challenges").
PRACTICE_CHALLENGES = 45.0
PRACTICE_AUDIENCES = 15.0
PRACTICE_EVIDENCE = 20.0
PRACTICE_CONTEXT = 10.0
PRACTICE_LANGUAGE = 10.0

# Visibility classes of candidate practices (secretariat-only practices are never candidates).
OPEN_VISIBILITIES = ("public", "members")
RESTRICTED = "restricted"

NO_BAND = -1
NO_REGION = -1


class Bits:
    """Bit positions for keys (concept ids or language codes), in the order first given."""

    WORD = 64

    def __init__(self, keys: Iterable[Hashable] = ()):
        self.position: dict[Hashable, int] = {}
        self.keys: list[Hashable] = []
        for key in keys:
            self.add(key)

    def add(self, key: Hashable) -> int:
        if key not in self.position:
            self.position[key] = len(self.keys)
            self.keys.append(key)
        return self.position[key]

    @property
    def words(self) -> int:
        return max(1, -(-len(self.keys) // self.WORD))

    def masks(self, sets: Sequence[Iterable[Hashable]]) -> np.ndarray:
        """One row of `words` uint64 per set; keys not known are ignored."""
        out = np.zeros((len(sets), self.words), dtype=np.uint64)
        for row, keys in enumerate(sets):
            for key in keys:
                pos = self.position.get(key)
                if pos is not None:
                    out[row, pos // self.WORD] |= np.uint64(1 << (pos % self.WORD))
        return out

    def mask(self, keys: Iterable[Hashable]) -> np.ndarray:
        return self.masks([keys])[0]

    def decode(self, row: np.ndarray) -> list:
        """The keys of a mask row, in bit order (the order the keys were given)."""
        found = []
        for word, value in enumerate(int(v) for v in row):
            rest = value
            while rest:
                low = rest & -rest
                found.append(self.keys[word * self.WORD + low.bit_length() - 1])
                rest ^= low
        return found


def popcount(masks: np.ndarray) -> np.ndarray:
    """Set bits of each row of a (n, words) array."""
    return np.bitwise_count(masks).sum(axis=-1, dtype=np.int64)


@dataclass(frozen=True)
class CityProfile:
    """What matching knows of a city (docs/matching.md, "The profile")."""

    id: int
    name_key: str = ""
    challenges: frozenset[int] = frozenset()
    audiences: frozenset[int] = frozenset()
    running: frozenset[int] = frozenset()
    band: int | None = None
    region: int | None = None
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class PracticeRow:
    """A published practice that is not secretariat-only, as matching sees it."""

    id: int
    city_id: int | None  # the owner city; None for a partner's practice
    themes: frozenset[int] = frozenset()
    audiences: frozenset[int] = frozenset()
    visibility: str = "public"
    shared_with: frozenset[int] = frozenset()
    evidence_level: int | None = None
    evidence_rank: float = 0.0  # 0 (described) … 1 (evaluated externally); 0 when unset
    peer_reviewed: bool = False
    languages: tuple[str, ...] = ()  # original language, then translations
    published_at: float = 0.0  # a timestamp


@dataclass
class Match:
    """One kept match: a peer city id or a practice id, its score, terms and reasons."""

    id: int
    score: float
    components: dict[str, float]
    reasons: list[dict] = field(default_factory=list)


def _round(value: float, digits: int = 1) -> float:
    return float(round(float(value), digits))


def _size(band_a: np.ndarray, band_b: np.ndarray) -> np.ndarray:
    """1 for the same population band, 0.5 for adjacent bands, 0 otherwise or unknown."""
    known = (band_a != NO_BAND) & (band_b != NO_BAND)
    gap = np.abs(band_a - band_b)
    return np.where(known & (gap == 0), 1.0, np.where(known & (gap == 1), 0.5, 0.0))


def _top(scores: np.ndarray, keys: list[np.ndarray], candidates: np.ndarray, k: int):
    """Indices of the best `k` candidates: score desc, then `keys` in order (np.lexsort)."""
    if candidates.size > k:
        # Everything scoring at least the k-th best score, ties included, then the exact order.
        kth = np.partition(-scores[candidates], k - 1)[k - 1]
        candidates = candidates[-scores[candidates] <= kth]
    order = np.lexsort([key[candidates] for key in reversed(keys)] + [-scores[candidates]])
    return candidates[order][:k]


class Network:
    """Every member city and open practice as arrays: the peer side of the formula."""

    def __init__(
        self,
        cities: Sequence[CityProfile],
        practices: Sequence[PracticeRow] = (),
        *,
        themes: Bits | None = None,
        audiences: Bits | None = None,
        languages: Bits | None = None,
    ):
        self.cities = list(cities)
        self.themes = themes or Bits(sorted({t for c in cities for t in c.challenges | c.running}))
        self.audiences = audiences or Bits(sorted({a for c in cities for a in c.audiences}))
        self.languages = languages or Bits(sorted({lang for c in cities for lang in c.languages}))
        self.index = {c.id: i for i, c in enumerate(self.cities)}
        self.ids = np.array([c.id for c in self.cities], dtype=np.int64)
        # Rank of (name_key, id): the deterministic tie-break in one integer.
        by_name = sorted(range(len(self.cities)), key=lambda i: (cities[i].name_key, cities[i].id))
        self.name_rank = np.empty(len(self.cities), dtype=np.int64)
        self.name_rank[by_name] = np.arange(len(self.cities))
        self.challenges = self.themes.masks([c.challenges for c in self.cities])
        self.running = self.themes.masks([c.running for c in self.cities])
        self.aud = self.audiences.masks([c.audiences for c in self.cities])
        self.aud_count = np.array([len(c.audiences) for c in self.cities], dtype=np.int64)
        self.lang = self.languages.masks([c.languages for c in self.cities])
        self.band = np.array(
            [NO_BAND if c.band is None else c.band for c in self.cities], dtype=np.int64
        )
        self.region = np.array(
            [NO_REGION if c.region is None else c.region for c in self.cities], dtype=np.int64
        )
        # Practices that count as a peer's evidence: public or members-visible, owned by a
        # member city (restricted and secretariat-only practices never count).
        counted = [
            p for p in practices if p.visibility in OPEN_VISIBILITIES and p.city_id in self.index
        ]
        counted.sort(key=lambda p: self.index[p.city_id])
        self.practice_owner = np.array([self.index[p.city_id] for p in counted], dtype=np.int64)
        self.practice_themes = self.themes.masks([p.themes for p in counted])
        # Practices of the city at position i: rows start[i]:start[i + 1].
        self.practice_start = np.searchsorted(self.practice_owner, np.arange(len(self.cities) + 1))

    def profile(self, city_id: int) -> CityProfile:
        return self.cities[self.index[city_id]]


def peer_scores(
    city: CityProfile, others: "Network | Sequence[CityProfile]", top: int = PEERS_KEPT
) -> list[Match]:
    """The `top` member cities most like `city`, best first (docs/matching.md)."""
    net = others if isinstance(others, Network) else Network([city, *others])
    if city.id in net.index:
        me = net.index[city.id]
    else:
        net = Network([city, *net.cities])
        me = 0
    n_cities = len(net.cities)
    ch = net.challenges[me]
    ch_count = len(net.cities[me].challenges)
    shared_ch = popcount(net.challenges & ch)
    runs = popcount(net.running & ch)
    if ch_count:
        challenges = PEER_CHALLENGES * shared_ch / ch_count
        hits = popcount(net.practice_themes & ch) > 0
        n = np.bincount(net.practice_owner[hits], minlength=n_cities)
        evidence = PEER_EVIDENCE * (
            0.6 * np.minimum(n, PRACTICES_COUNTED) / PRACTICES_COUNTED + 0.4 * runs / ch_count
        )
    else:
        challenges = np.zeros(n_cities)
        n = np.zeros(n_cities, dtype=np.int64)
        evidence = np.zeros(n_cities)
    aud = net.aud[me]
    shared_aud = popcount(net.aud & aud)
    union_aud = net.aud_count + net.aud_count[me] - shared_aud
    jaccard = np.divide(
        shared_aud, union_aud, out=np.zeros(n_cities), where=union_aud > 0, casting="unsafe"
    )
    size = _size(net.band, net.band[me])
    same_region = (net.region == net.region[me]) & (net.region != NO_REGION)
    context = PEER_CONTEXT * (0.5 * jaccard + 0.3 * size + 0.2 * same_region)
    language = PEER_LANGUAGE * (popcount(net.lang & net.lang[me]) > 0)
    total = np.round(challenges + evidence + context + language, 1)
    eligible = (total > 0) & ((shared_ch > 0) | (shared_aud > 0))
    eligible[me] = False
    kept = _top(total, [net.name_rank], np.flatnonzero(eligible), top)
    terms = {"challenges": challenges, "evidence": evidence, "context": context}
    terms["language"] = language
    components = _components(terms, kept)
    return [
        Match(
            id=int(net.ids[i]),
            score=float(total[i]),
            components=parts,
            reasons=_peer_reasons(
                net, me, int(i), n=int(n[i]), size=size[i], same_region=bool(same_region[i])
            ),
        )
        for i, parts in zip(kept.tolist(), components, strict=True)
    ]


def _components(terms: dict[str, np.ndarray], kept: np.ndarray) -> list[dict[str, float]]:
    """The terms of each kept match, rounded to 2 decimals."""
    columns = {name: np.round(values[kept], 2).tolist() for name, values in terms.items()}
    return [dict(zip(columns, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def _ordered(bits: Bits, keys) -> list:
    """Keys in bit order (the taxonomy's order, as the caller gave the concepts)."""
    position = bits.position
    return sorted(keys, key=lambda key: position.get(key, len(position)))


def _peer_reasons(net: Network, me: int, i: int, *, n: int, size: float, same_region: bool):
    """Why city i is like city `me`, in the order of docs/matching.md."""
    mine, other = net.cities[me], net.cities[i]
    reasons = []
    shared = mine.challenges & other.challenges
    if shared:
        reasons.append({"code": "shared_challenges", "concepts": _ordered(net.themes, shared)})
    if n:
        start, end = net.practice_start[i], net.practice_start[i + 1]
        themes = np.bitwise_or.reduce(net.practice_themes[start:end] & net.challenges[me], axis=0)
        reasons.append({"code": "practices", "count": n, "concepts": net.themes.decode(themes)})
    runs = mine.challenges & other.running
    if runs:
        reasons.append({"code": "runs", "concepts": _ordered(net.themes, runs)})
    audiences = mine.audiences & other.audiences
    if audiences:
        reasons.append({"code": "audiences", "concepts": _ordered(net.audiences, audiences)})
    if size == 1.0:
        reasons.append({"code": "similar_size"})
    if same_region:
        reasons.append({"code": "same_region", "concept": other.region})
    spoken = set(other.languages)
    languages = [code for code in dict.fromkeys(mine.languages) if code in spoken]
    if languages:
        reasons.append({"code": "language", "languages": languages})
    return reasons


class Library:
    """Every candidate practice as arrays: the practice side of the formula.

    Candidates are published, not secretariat-only and have at least one theme (the caller
    passes only those). Restricted practices are candidates only for the cities they are shared
    with: `shared[city_id]` lists their positions.
    """

    def __init__(self, practices: Sequence[PracticeRow], network: Network):
        self.net = network
        self.practices = list(practices)
        net = network
        p = self.practices
        self.ids = np.array([r.id for r in p], dtype=np.int64)
        self.themes = net.themes.masks([r.themes for r in p])
        # Sizes from the rows themselves: a concept without a bit still counts.
        self.theme_count = np.array([len(r.themes) for r in p], dtype=np.int64)
        self.aud = net.audiences.masks([r.audiences for r in p])
        self.aud_count = np.array([len(r.audiences) for r in p], dtype=np.int64)
        self.evidence = np.array([r.evidence_rank for r in p], dtype=np.float64)
        self.peer_reviewed = np.array([r.peer_reviewed for r in p], dtype=bool)
        for r in p:
            for code in r.languages:
                net.languages.add(code)
        self.lang = net.languages.masks([r.languages for r in p])
        if self.lang.shape[1] != net.lang.shape[1]:  # practice languages added words
            net.lang = net.languages.masks([c.languages for c in net.cities])
        self.owner_id = np.array([r.city_id or 0 for r in p], dtype=np.int64)
        owner = [net.index.get(r.city_id) if r.city_id else None for r in p]
        self.has_owner = np.array([o is not None for o in owner], dtype=bool)
        self.owner_band = np.array(
            [NO_BAND if o is None else net.band[o] for o in owner], dtype=np.int64
        )
        self.owner_region = np.array(
            [NO_REGION if o is None else net.region[o] for o in owner], dtype=np.int64
        )
        self.open = np.array([r.visibility in OPEN_VISIBILITIES for r in p], dtype=bool)
        self.newest_first = -np.array([r.published_at for r in p], dtype=np.float64)
        self.shared: dict[int, np.ndarray] = {}
        restricted: dict[int, list[int]] = {}
        for pos, r in enumerate(p):
            if r.visibility == RESTRICTED:
                for city_id in r.shared_with:
                    restricted.setdefault(city_id, []).append(pos)
        self.shared = {c: np.array(v, dtype=np.int64) for c, v in restricted.items()}

    def positions(self, practice_ids: Iterable[int]) -> np.ndarray:
        wanted = np.array(sorted(set(practice_ids)), dtype=np.int64)
        return np.flatnonzero(np.isin(self.ids, wanted))


def practice_scores(
    city: CityProfile,
    arrays: Library,
    top: int = PRACTICES_KEPT,
    *,
    transferred: Iterable[int] = (),
) -> list[Match]:
    """The `top` practices for `city`'s challenges, best first (docs/matching.md).

    `transferred`: ids of practices already transferred to the city (excluded).
    """
    lib, net = arrays, arrays.net
    ch = net.themes.mask(city.challenges)
    ch_count = len(city.challenges)
    if not ch_count or not lib.practices:
        return []
    candidate = lib.open.copy()
    extra = lib.shared.get(city.id)
    if extra is not None:
        candidate[extra] = True
    candidate &= lib.owner_id != city.id
    done = list(transferred)
    if done:
        candidate[lib.positions(done)] = False
    pos = np.flatnonzero(candidate)
    shared_ch = popcount(lib.themes[pos] & ch)
    pos, shared_ch = pos[shared_ch > 0], shared_ch[shared_ch > 0]
    if not pos.size:
        return []
    challenges = PRACTICE_CHALLENGES * shared_ch / np.minimum(ch_count, lib.theme_count[pos])
    aud = net.audiences.mask(city.audiences)
    aud_count = len(city.audiences)
    shared_aud = popcount(lib.aud[pos] & aud)
    smaller = np.minimum(aud_count, lib.aud_count[pos])
    audiences = PRACTICE_AUDIENCES * np.divide(
        shared_aud, smaller, out=np.zeros(pos.size), where=smaller > 0, casting="unsafe"
    )
    evidence = PRACTICE_EVIDENCE * (0.6 * lib.evidence[pos] + 0.4 * lib.peer_reviewed[pos])
    band = NO_BAND if city.band is None else city.band
    region = NO_REGION if city.region is None else city.region
    size = _size(lib.owner_band[pos], np.int64(band))
    same_region = (lib.owner_region[pos] == region) & (region != NO_REGION)
    context = PRACTICE_CONTEXT * (0.6 * size + 0.4 * same_region) * lib.has_owner[pos]
    lang = net.languages.mask(city.languages)
    language = PRACTICE_LANGUAGE * (popcount(lib.lang[pos] & lang) > 0)
    total = np.round(challenges + audiences + evidence + context + language, 1)
    order_keys = [lib.newest_first[pos], lib.ids[pos]]
    kept = _top(total, order_keys, np.arange(pos.size), top)
    terms = {
        "challenges": challenges,
        "audiences": audiences,
        "evidence": evidence,
        "context": context,
        "language": language,
    }
    matches = []
    for k, parts in zip(kept.tolist(), _components(terms, kept), strict=True):
        row = lib.practices[pos[k]]
        matches.append(
            Match(
                id=row.id,
                score=float(total[k]),
                components=parts,
                reasons=_practice_reasons(
                    city, row, lib, size=size[k], same_region=bool(same_region[k])
                ),
            )
        )
    return matches


def _practice_reasons(city, row, lib, *, size: float, same_region: bool) -> list[dict]:
    net = lib.net
    addresses = _ordered(net.themes, city.challenges & row.themes)
    reasons = [{"code": "addresses", "concepts": addresses}]
    audiences = city.audiences & row.audiences
    if audiences:
        reasons.append({"code": "for_audiences", "concepts": _ordered(net.audiences, audiences)})
    if row.evidence_level is not None or row.peer_reviewed:
        reasons.append(
            {"code": "evidence", "level": row.evidence_level, "peer_reviewed": row.peer_reviewed}
        )
    if row.city_id and row.city_id in net.index and (size == 1.0 or same_region):
        reasons.append({"code": "similar_city", "city": row.city_id})
    available = [code for code in dict.fromkeys(city.languages) if code in row.languages]
    if available:
        reasons.append({"code": "available_in", "languages": available})
    return reasons
