"""Folding and tokenising text the same way for the index and for queries.

`fold` extends core/text.fold: case and diacritics never matter ("Radicalización" ->
"radicalizacion", "radikalleşme" -> "radikallesme"), and Arabic is normalised the way search
engines do it (tashkeel and tatweel removed, alef forms made plain, alef maksura -> ya, ta marbuta
-> ha), so "التَّطَرُّف" and "التطرف" are the same word.
"""

import re

from strongcities.core.text import MARKS, strip_marks

_LETTERS = str.maketrans(
    {
        "\u0640": None,  # tatweel
        "\u0671": "\u0627",  # alef wasla -> alef
        "\u0649": "\u064a",  # alef maksura -> ya
        "\u0629": "\u0647",  # ta marbuta -> ha
        "\u06cc": "\u064a",  # Persian ya -> ya
        "\u06a9": "\u0643",  # keheh -> kaf
        "\u0131": "i",  # Turkish dotless i
    }
)
# A word: letters and digits (what FTS5's unicode61 tokenizer keeps), no underscore.
TOKEN = re.compile(r"[^\W_]+")
# A word of original (unfolded) text: letters, digits and the marks folded away.
WORD = re.compile(r"(?:[^\W_]|" + MARKS.pattern + r"|\u0640)+")

MAX_TOKEN = 60


def fold(text: str) -> str:
    """Lower-case, diacritic-free, Arabic-normalised text (spacing kept)."""
    if not text:
        return ""
    if text.isascii():
        return text.lower()
    return strip_marks(text).translate(_LETTERS)


def tokens(text: str) -> list[str]:
    """The folded words of a text, as the index sees them."""
    return [t[:MAX_TOKEN] for t in TOKEN.findall(fold(text))]


def folded_words(text: str) -> str:
    """The folded words of a text joined by spaces: what goes into an index column."""
    return " ".join(tokens(text))


_SAFE = frozenset("abcdefghijklmnopqrstuvwyz0123456789")


def keyword(value: str) -> str:
    """A facet or label token as one index word: 'theme:youth-engagement' -> 'themex3ayouthx2d...'.

    Every character outside [a-z0-9] (and 'x' itself) is written as 'x' + its UTF-8 bytes in hex,
    so two different values never give the same word and the tokenizer never splits it.
    """
    return "".join(c if c in _SAFE else "x" + c.encode().hex() for c in value)
