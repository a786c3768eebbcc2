"""Small text helpers shared by the apps."""

import re
import unicodedata

# Combining marks of the scripts the network writes in (Latin, Greek, Cyrillic, Hebrew, Arabic...).
MARKS = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06ed\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)


def strip_marks(text: str) -> str:
    """Lower-case text without diacritics, spacing kept: 'Montréal ' -> 'montreal '."""
    if text.isascii():
        return text.lower()
    return MARKS.sub("", unicodedata.normalize("NFKD", text.casefold()))


def fold(text: str) -> str:
    """Case- and diacritic-insensitive key: 'Montréal ' -> 'montreal'."""
    return " ".join(strip_marks(text).split())
