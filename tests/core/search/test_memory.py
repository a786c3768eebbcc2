"""The per-process facet bitsets follow the index's change log."""

from strongcities.core.search import memory


class FakeBackend:
    """A log of two changes, read as a thread that looked before another refreshed."""

    alias = "fake"

    def __init__(self) -> None:
        self.loads = 0

    def changes(self, since):
        return [(1, 10, "a"), (2, 11, "b")]

    def document_rows(self, ids):
        self.loads += 1
        return [(10, 1.0, ["theme:gender", "vis:public"]), (11, 2.0, ["vis:public"])]


def test_an_up_to_date_memory_is_not_reloaded():
    backend = FakeBackend()
    try:
        loaded = memory.current(backend)
        assert (loaded.seq, loaded.stamp, backend.loads) == (2, "b", 1)
        assert memory.ids_of(loaded.token_bits("vis:public")) == [10, 11]
        # The log read starts before what this process already knows (a concurrent refresh):
        # the memory is current, nothing is read again.
        assert memory.current(backend) is loaded
        assert backend.loads == 1
    finally:
        memory.forget()


def test_matches_are_remembered_least_recently_used_first_out(monkeypatch):
    monkeypatch.setattr(memory, "MATCHES_KEPT", 2)
    known = memory.IndexMemory()
    computed = []

    def compute(bits):
        def run():
            computed.append(bits)
            return bits

        return run

    assert known.match_bits("a", compute(1)) == 1
    assert known.match_bits("b", compute(2)) == 2
    assert known.match_bits("a", compute(99)) == 1  # remembered, and now the most recent
    assert known.match_bits("c", compute(3)) == 3  # "b" goes
    assert known.match_bits("b", compute(4)) == 4
    assert computed == [1, 2, 3, 4]
    # A refreshed memory starts with nothing remembered.
    assert known.copy().matches == {}


def test_city_counts_match_a_count_one_by_one(monkeypatch):
    import random

    monkeypatch.setattr(memory, "SMALL_SET", 5)  # both ways of counting, on a small index
    rows = [(i, float(i), [f"city:c{i % 7}", "vis:public"]) for i in range(1, 300) if i % 11]
    known = memory.IndexMemory()
    known.load(rows)
    known.apply([22], [(22, 22.0, ["city:c-new"])])  # a document that changed city
    cities = {doc_id: tokens[0] for doc_id, tokens in known.doc_tokens.items()}
    chooser = random.Random(4)
    for share in (0.01, 0.3, 0.7, 1.0):
        chosen = [doc_id for doc_id in cities if chooser.random() < share]
        expected: dict[str, int] = {}
        for doc_id in chosen:
            expected[cities[doc_id]] = expected.get(cities[doc_id], 0) + 1
        assert known.value_counts("city", memory.bits_of(chosen)) == expected
