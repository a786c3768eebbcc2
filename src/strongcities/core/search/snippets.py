"""Snippets: a short passage of a hit's text with the matched words in <mark>, HTML-escaped.

Built in Python from the original text of the page's hits only (at most page_size documents),
so every backend gives the same, safe output: each piece of text goes through `escape`, and
only our own <mark> tags are added.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from strongcities.core.search.folding import WORD, fold

WINDOW = 32  # words in a snippet
BEFORE = 6  # words kept before the first match
MIN_STEM = 4

Span = tuple[int, int, bool]  # (start, end, matched) of one word of a text


class Matcher:
    """Which words of a text a snippet marks.

    `typed` are the folded words the reader typed: a word matches one of them whole, as a
    prefix (prefix search) or by a long enough common start (what stemming matches:
    "radicalised" for "radicalisation"). `phrases` are the folded labels and synonyms of the
    concepts the query expanded to: they match only as whole words, in sequence, so the
    synonym "18-30 ans" marks "18-30 ans" and never "answer".
    """

    def __init__(self, typed=(), phrases=()) -> None:
        self.terms = {t for t in typed if t}
        self.shortest: dict[str, int] = {}  # term prefix (4+ letters) -> shortest such term
        for term in self.terms:
            for k in range(MIN_STEM, len(term) + 1):
                prefix = term[:k]
                self.shortest[prefix] = min(self.shortest.get(prefix, len(term)), len(term))
        self.phrases: dict[str, list[tuple[str, ...]]] = {}  # first word -> phrases, longest first
        for phrase in sorted({p for p in phrases if p}, key=len, reverse=True):
            self.phrases.setdefault(phrase[0], []).append(phrase)
        self.cache: dict[str, tuple[str, bool]] = {}  # word -> (folded, matches a typed word)

    def __bool__(self) -> bool:
        return bool(self.terms or self.phrases)

    def _word(self, word: str) -> tuple[str, bool]:
        known = self.cache.get(word)
        if known is None:
            folded = fold(word)
            known = self.cache[word] = (folded, self._matches(folded))
        return known

    def _matches(self, word: str) -> bool:
        if word in self.terms:
            return True
        if any(word[:k] in self.terms for k in range(3, len(word))):
            return True
        for k in range(MIN_STEM, len(word) + 1):
            shortest = self.shortest.get(word[:k])
            if shortest is None:
                break
            if k >= min(len(word), shortest) - 4:
                return True
        return False

    def marks(self, words: list[str]) -> list[bool]:
        """Whether each word of a text (original, in order) is marked."""
        cache, word_of = self.cache, self._word
        known = [cache.get(word) or word_of(word) for word in words]
        marked = [hit for _key, hit in known]
        if self.phrases:
            folded = [key for key, _hit in known]
            phrases_of = self.phrases.get
            for i, key in enumerate(folded):
                for phrase in phrases_of(key, ()):
                    if tuple(folded[i : i + len(phrase)]) == phrase:
                        marked[i : i + len(phrase)] = [True] * len(phrase)
                        break
        return marked


def matched_spans(text: str, matcher: Matcher) -> list[Span]:
    """(start, end, matched) of every word of `text`."""
    words = list(WORD.finditer(text))
    if not matcher:
        return [(m.start(), m.end(), False) for m in words]
    marks = matcher.marks([m.group() for m in words])
    return [(m.start(), m.end(), hit) for m, hit in zip(words, marks, strict=True)]


def _best_start(spans: list[Span]) -> int:
    """Index of the first word of the window holding the most matches."""
    hits = [i for i, span in enumerate(spans) if span[2]]
    if not hits:
        return 0
    best, best_count = hits[0], 0
    for i in hits:
        count = sum(1 for j in hits if i <= j < i + WINDOW - BEFORE)
        if count > best_count:
            best, best_count = i, count
    return max(0, best - BEFORE)


def snippet(text: str, matcher: Matcher, spans: list[Span] | None = None) -> SafeString:
    """About WINDOW words of `text` around its best matches, escaped, matches in <mark>."""
    text = text or ""
    if spans is None:
        spans = matched_spans(text, matcher)
    if not spans:
        return mark_safe("")
    # Show the best window, filled up to WINDOW words when the text ends sooner.
    start = min(_best_start(spans), max(0, len(spans) - WINDOW))
    end = min(len(spans), start + WINDOW)
    pieces = ["… " if start > 0 else ""]
    position = spans[start][0] if start > 0 else 0  # text before the first word kept
    # Plain text between marked words is escaped a run at a time, not word by word.
    for span_start, span_end, hit in spans[start:end]:
        if hit:
            pieces.append(escape(text[position:span_start]))
            pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
            position = span_end
    last = spans[end - 1][1]
    if end < len(spans):
        pieces.append(escape(text[position:last]))
        pieces.append(" …")
    else:
        pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of text is escaped above
