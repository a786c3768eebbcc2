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


class Matcher:
    """Decides whether a folded word matches the folded query terms: the same word, a word
    starting with a term (prefix search), or a word sharing a long enough start with a term
    (what stemming matches: "radicalised" for "radicalisation")."""

    def __init__(self, terms) -> None:
        self.terms = {t for t in terms if t}
        self.shortest: dict[str, int] = {}  # term prefix (4+ letters) -> shortest such term
        for term in self.terms:
            for k in range(MIN_STEM, len(term) + 1):
                prefix = term[:k]
                self.shortest[prefix] = min(self.shortest.get(prefix, len(term)), len(term))
        self.cache: dict[str, bool] = {}

    def __bool__(self) -> bool:
        return bool(self.terms)

    def matches(self, word: str) -> bool:
        """Whether a word of original text (folded here) matches."""
        hit = self.cache.get(word)
        if hit is None:
            hit = self.cache[word] = self._matches(fold(word))
        return hit

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


def matched_spans(text: str, terms) -> list[tuple[int, int, bool]]:
    """(start, end, matched) of every word of `text`; `terms` a Matcher or a set of terms."""
    matcher = terms if isinstance(terms, Matcher) else Matcher(terms)
    spans = []
    for match in WORD.finditer(text):
        hit = bool(matcher) and matcher.matches(match.group())
        spans.append((match.start(), match.end(), hit))
    return spans


def has_match(text: str, terms: set[str]) -> bool:
    return any(hit for _s, _e, hit in matched_spans(text, terms))


def _best_start(spans: list[tuple[int, int, bool]]) -> int:
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


def snippet(text: str, terms: set[str], spans=None) -> SafeString:
    """About WINDOW words of `text` around its best matches, escaped, matches in <mark>."""
    text = text or ""
    if spans is None:
        spans = matched_spans(text, terms)
    if not spans:
        return mark_safe("")
    # Show the best window, filled up to WINDOW words when the text ends sooner.
    start = min(_best_start(spans), max(0, len(spans) - WINDOW))
    end = min(len(spans), start + WINDOW)
    pieces = ["… " if start > 0 else ""]
    position = spans[start][0]
    for span_start, span_end, hit in spans[start:end]:
        pieces.append(escape(text[position:span_start]))
        word = escape(text[span_start:span_end])
        pieces.append(f"<mark>{word}</mark>" if hit else word)
        position = span_end
    if end < len(spans):
        pieces.append(" …")
    else:
        pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of text is escaped above
