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
from dataclasses import dataclass, field

INCREMENTAL_LIMIT = 500


@dataclass
class IndexMemory:
    seq: int | None = None
    stamp: str | None = None
    bits: dict[str, int] = field(default_factory=dict)
    all_bits: int = 0
    doc_tokens: dict[int, tuple[str, ...]] = field(default_factory=dict)
    published: dict[int, float] = field(default_factory=dict)
    recent: list[tuple[float, int]] = field(default_factory=list)  # ascending

    def _add(self, doc_id: int, published: float, tokens) -> None:
        bit = 1 << doc_id
        self.all_bits |= bit
        self.doc_tokens[doc_id] = tuple(tokens)
        for token in tokens:
            self.bits[token] = self.bits.get(token, 0) | bit
        self.published[doc_id] = published
        bisect.insort(self.recent, (published, doc_id))

    def _remove(self, doc_id: int) -> None:
        old = self.doc_tokens.pop(doc_id, None)
        if old is None:
            return
        mask = ~(1 << doc_id)
        self.all_bits &= mask
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
        )

    def token_bits(self, token: str) -> int:
        return self.bits.get(token, 0)


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
            else:
                fresh.load(backend.document_rows(None))
            fresh.seq, fresh.stamp = last[0], last[2]
        _memories[backend.alias] = fresh
        return fresh


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
    """A bitset of ids."""
    ids = list(ids)
    if not ids:
        return 0
    array = bytearray((max(ids) >> 3) + 1)
    for doc_id in ids:
        array[doc_id >> 3] |= 1 << (doc_id & 7)
    return int.from_bytes(array, "little")
