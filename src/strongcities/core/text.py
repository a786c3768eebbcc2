"""Small text helpers shared by the apps."""

import unicodedata


def fold(text: str) -> str:
    """Case- and diacritic-insensitive key: 'Montréal ' -> 'montreal'."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())
