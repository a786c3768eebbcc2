"""Per-process bitsets of the index's facet and visibility tokens, and its recency order.

SQL engines count facets slowly over large result sets (a GROUP BY over ~10 tokens per matched
document: about a second at 50,000 matches in SQLite). Here each token ("theme:youth-engagement",
"vis:public", ...) is a Python int used as a bitset over document ids, so counting a facet value
over the matched set is one AND and one popcount, whatever the size of the set.

The bitsets follow the index through its change log (table search_change, written in the same
transaction as each index change): every search reads the log from the last change it knows
(one query) and applies what changed since (one more query, only when something changed). A
log whose rows were rolled back or pruned is detected by the random stamp of each row and
answered by a full reload.
"""

import bisect
import threading
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from itertools import compress, repeat

INCREMENTAL_LIMIT = 500
MATCHES_KEPT = 256  # word queries whose matched bitset a memory keeps (~12 kB each at 100k)
# On a refresh, the most recent matches of at least CARRY_FROM documents (the costly ones to
# read again) are brought up to date rather than dropped, MATCHES_CARRIED at most.
CARRY_FROM = 2000
MATCHES_CARRIED = 16
# Facets with one value per document and many values (a thousand cities): counted in one pass
# over the matched documents' values, in C (itertools.compress + Counter), not with a
# popcount per value (int.bit_count costs ~30 µs on 100,000 bits: 30 ms for 1,000 cities).
PER_DOCUMENT_FACETS = ("city",)
SMALL_SET = 2000  # documents: fewer are counted one by one from their ids
_DIGITS = bytes.maketrans(b"\x00\x01", b"01")
# Each byte of a bitset, spread to 8 bytes of 0 or 1: a mask for itertools.compress.
_SPREAD = [bytes((value >> i) & 1 for i in range(8)) for value in range(256)]


@dataclass
class IndexMemory:
    seq: int | None = None
    stamp: str | None = None
    bits: dict[str, int] = field(default_factory=dict)
    all_bits: int = 0
    doc_tokens: dict[int, tuple[str, ...]] = field(default_factory=dict)
    published: dict[int, float] = field(default_factory=dict)
    recent: list[tuple[float, int]] = field(default_factory=list)  # ascending
    # PER_DOCUMENT_FACETS: facet -> list indexed by document id of the code of its token (0:
    # none), and facet -> its tokens by code (code 0 is None).
    values: dict[str, list[int]] = field(default_factory=dict)
    value_tokens: dict[str, list] = field(default_factory=dict)
    # facet -> counts by code over every document (value_counts, computed when first needed).
    every_count: dict[str, list[int]] = field(default_factory=dict, repr=False)

    @property
    def size(self) -> int:
        return len(self.doc_tokens)

    # The matched set of recent word queries, for every reader (visibility is ANDed after):
    # paging, sorting and choosing facets re-run the same words. A refresh builds a new
    # memory with an empty cache, so an entry never outlives the index state it was read in.
    matches: OrderedDict = field(default_factory=OrderedDict, repr=False)
    _matches_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def _add(self, doc_id: int, published: float, tokens) -> None:
        bit = 1 << doc_id
        self.all_bits |= bit
        self.doc_tokens[doc_id] = tuple(tokens)
        for token in tokens:
            self.bits[token] = self.bits.get(token, 0) | bit
            self._set_value(doc_id, token)
        self.published[doc_id] = published
        bisect.insort(self.recent, (published, doc_id))

    def _remove(self, doc_id: int) -> None:
        old = self.doc_tokens.pop(doc_id, None)
        if old is None:
            return
        mask = ~(1 << doc_id)
        self.all_bits &= mask
        for facet_values in self.values.values():
            if doc_id < len(facet_values):
                facet_values[doc_id] = 0
        for token in old:
            value = self.bits[token] & mask
            if value:
                self.bits[token] = value
            else:
                del self.bits[token]
        key = (self.published.pop(doc_id), doc_id)
        index = bisect.bisect_left(self.recent, key)
        if index < len(self.recent) and self.recent[index] == key:
            del self.recent[index]

    def _set_value(self, doc_id: int, token: str) -> None:
        facet = token.partition(":")[0]
        if facet not in PER_DOCUMENT_FACETS:
            return
        tokens = self.value_tokens.setdefault(facet, [None])
        try:
            code = tokens.index(token, 1)
        except ValueError:
            code = len(tokens)
            tokens.append(token)
        facet_values = self.values.setdefault(facet, [])
        if doc_id >= len(facet_values):
            facet_values.extend([0] * (doc_id + 1 - len(facet_values)))
        facet_values[doc_id] = code

    def load(self, rows) -> None:
        """Replace everything with `rows` of (id, published, tokens)."""
        rows = list(rows)
        self.doc_tokens = {doc_id: tuple(tokens) for doc_id, _pub, tokens in rows}
        self.published = {doc_id: pub for doc_id, pub, _tokens in rows}
        self.recent = sorted((pub, doc_id) for doc_id, pub, _tokens in rows)
        size = (max(self.doc_tokens, default=0) >> 3) + 1
        arrays: dict[str, bytearray] = {}
        every = bytearray(size)
        for doc_id, tokens in self.doc_tokens.items():
            byte, bit = doc_id >> 3, 1 << (doc_id & 7)
            every[byte] |= bit
            for token in tokens:
                array = arrays.get(token)
                if array is None:
                    array = arrays[token] = bytearray(size)
                array[byte] |= bit
        self.bits = {token: int.from_bytes(array, "little") for token, array in arrays.items()}
        self.all_bits = int.from_bytes(every, "little")
        self.values, self.value_tokens = {}, {}
        for facet in PER_DOCUMENT_FACETS:
            tokens = [None, *sorted(t for t in self.bits if t.partition(":")[0] == facet)]
            codes = {token: code for code, token in enumerate(tokens)}
            facet_values = [0] * (max(self.doc_tokens, default=0) + 1)
            for doc_id, doc_tokens in self.doc_tokens.items():
                for token in doc_tokens:
                    code = codes.get(token)
                    if code:
                        facet_values[doc_id] = code
            self.values[facet], self.value_tokens[facet] = facet_values, tokens

    def apply(self, doc_ids, rows) -> None:
        """Documents `doc_ids` changed; `rows` are the current ones (missing = removed)."""
        for doc_id in doc_ids:
            self._remove(doc_id)
        for doc_id, published, tokens in rows:
            self._remove(doc_id)
            self._add(doc_id, published, tokens)

    def copy(self) -> "IndexMemory":
        return IndexMemory(
            self.seq,
            self.stamp,
            dict(self.bits),
            self.all_bits,
            dict(self.doc_tokens),
            dict(self.published),
            list(self.recent),
            {facet: list(facet_values) for facet, facet_values in self.values.items()},
            {facet: list(tokens) for facet, tokens in self.value_tokens.items()},
        )

    def token_bits(self, token: str) -> int:
        return self.bits.get(token, 0)

    def value_counts(self, facet: str, bits: int) -> dict[str, int]:
        """{token: documents of `bits` carrying it} of a PER_DOCUMENT_FACETS facet.

        Counts whichever is smaller, the set or its complement (then subtracted from the
        counts over every document, computed once per memory)."""
        facet_values = self.values.get(facet)
        if not facet_values or not bits:
            return {}
        size = bits.bit_count()
        if size * 2 > self.size:
            every = self.every_count.get(facet)
            if every is None:
                every = self.every_count[facet] = self._codes_counted(facet, self.all_bits)
            missing = self._codes_counted(facet, self.all_bits & ~bits)
            counts = [all_docs - out for all_docs, out in zip(every, missing, strict=True)]
        else:
            counts = self._codes_counted(facet, bits)
        tokens = self.value_tokens[facet]
        return {tokens[code]: count for code, count in enumerate(counts) if code and count}

    def _codes_counted(self, facet: str, bits: int) -> list[int]:
        facet_values = self.values[facet]
        counts = [0] * len(self.value_tokens[facet])
        if bits.bit_count() <= SMALL_SET:
            size = len(facet_values)
            for doc_id in ids_of(bits):
                if doc_id < size:
                    counts[facet_values[doc_id]] += 1
        elif bits:
            data = bits.to_bytes((bits.bit_length() + 7) >> 3, "little")
            for code in compress(facet_values, b"".join(map(_SPREAD.__getitem__, data))):
                counts[code] += 1
        return counts

    def match_bits(self, key: Hashable, compute: Callable[[], int], units=None) -> int:
        """The bitset `compute()` returns for `key`, remembered (least recently used first out).

        `units`, when given, are the query units the bitset answers: a refresh of the memory
        then brings a large remembered match up to date (`carry_matches`) instead of
        dropping it."""
        with self._matches_lock:
            entry = self.matches.get(key)
            if entry is not None:
                self.matches.move_to_end(key)
                return entry[0]
        bits = compute()
        with self._matches_lock:
            self.matches[key] = (bits, units)
            while len(self.matches) > MATCHES_KEPT:
                self.matches.popitem(last=False)
        return bits

    def carry_matches(self, previous: "IndexMemory", changed: list[int], backend) -> None:
        """Bring the largest recent matches of `previous` over to this refreshed memory: keep
        what they matched outside the `changed` documents, and match their words again among
        those only (one small statement each). Common words then stay remembered while the
        library is edited; the other matches are dropped (cheap to read again)."""
        with previous._matches_lock:
            entries = list(previous.matches.items())
        changed_bits = bits_of(changed)
        carried = []
        for key, (bits, units) in reversed(entries):
            if units is None or bits.bit_count() < CARRY_FROM:
                continue
            fresh = (bits & ~changed_bits) | backend.words_bits(units, among=changed)
            carried.append((key, (fresh, units)))
            if len(carried) == MATCHES_CARRIED:
                break
        with self._matches_lock:
            for key, entry in reversed(carried):
                self.matches[key] = entry


_lock = threading.Lock()
_memories: dict[str, IndexMemory] = {}


def current(backend) -> IndexMemory:
    """The memory of `backend`'s index, brought up to date (one or two queries).

    Never changed once returned (a refresh builds a new one), so a search can use it while
    another thread refreshes.
    """
    known_memory = _memories.get(backend.alias)
    changes = backend.changes(known_memory.seq if known_memory else None)
    with _lock:
        memory = _memories.get(backend.alias) or IndexMemory()
        if not changes:  # an empty log: nothing was ever indexed
            fresh = IndexMemory()
        else:
            first, last = changes[0], changes[-1]
            if (memory.seq, memory.stamp) == (last[0], last[2]):
                # Up to date, perhaps by another thread while this one read the log: a cold
                # process answering concurrent searches loads the index once, not once each.
                return memory
            known = memory.seq is not None and (first[0], first[2]) == (memory.seq, memory.stamp)
            fresh = memory.copy() if known and len(changes) <= INCREMENTAL_LIMIT else IndexMemory()
            if fresh.seq is not None:
                changed = sorted({doc_id for _seq, doc_id, _stamp in changes[1:]})
                fresh.apply(changed, backend.document_rows(changed))
                fresh.carry_matches(memory, changed, backend)
            else:
                fresh.load(backend.document_rows(None))
            fresh.seq, fresh.stamp = last[0], last[2]
        _memories[backend.alias] = fresh
        return fresh


def forget_matches() -> None:
    """Empty the remembered word matches of every memory (benchmarks, tests)."""
    with _lock:
        memories = list(_memories.values())
    for memory in memories:
        with memory._matches_lock:
            memory.matches.clear()


def forget() -> None:
    """Drop every process memory (tests, and after a full reindex)."""
    with _lock:
        _memories.clear()


def ids_of(bits: int) -> list[int]:
    """The ids set in a bitset, ascending."""
    if not bits:
        return []
    data = bits.to_bytes((bits.bit_length() + 7) >> 3, "little")
    out = []
    for index, byte in enumerate(data):
        if byte:
            base = index << 3
            out.extend(base + i for i in range(8) if byte >> i & 1)
    return out


def bits_of(ids) -> int:
    """A bitset of ids (non-negative ints)."""
    ids = list(ids)
    if not ids:
        return 0
    # One byte per id set to 1 (the loop runs in C: map over bytearray.__setitem__), spelled as
    # "0"/"1" digits, read as a base-2 number: ~40% faster than setting bits one by one.
    flags = bytearray(max(ids) + 1)
    deque(map(flags.__setitem__, ids, repeat(1)), maxlen=0)
    return int(flags.translate(_DIGITS)[::-1], 2)
