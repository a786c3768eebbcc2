"""Plausible invented city names and places, by region of the network (taxonomy region codes)."""

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Country:
    """A country of a region, a rough box for coordinates, and the languages spoken there."""

    code: str
    lat: tuple[float, float]
    lon: tuple[float, float]
    languages: tuple[str, ...]


@dataclass(frozen=True)
class Region:
    """A region concept code, its share of the cities, its countries and name syllables."""

    code: str
    weight: int
    countries: tuple[Country, ...]
    starts: tuple[str, ...]
    middles: tuple[str, ...]
    ends: tuple[str, ...]
    joiner: str = ""


REGIONS = (
    Region(
        "africa",
        18,
        (
            Country("NG", (6, 12), (3, 10), ("en", "ha", "yo")),
            Country("KE", (-4, 4), (34, 41), ("en", "sw")),
            Country("SN", (12, 16), (-17, -12), ("fr", "wo")),
            Country("CI", (5, 10), (-8, -3), ("fr",)),
            Country("ZA", (-34, -23), (18, 31), ("en", "zu", "xh")),
            Country("ML", (11, 20), (-10, 3), ("fr", "bm")),
            Country("SO", (-1, 11), (41, 50), ("so", "ar")),
        ),
        ("Ka", "Mba", "Nko", "Lu", "Ado", "Ibi", "Tama", "Zan", "Kisu", "Ogo", "Bu", "Ma"),
        ("", "", "ri", "la", "mo", "ba", "wa", "ke"),
        ("la", "ngo", "ko", "de", "ma", "bo", "ru", "ye", "nda", "si", "mbe", "ni"),
    ),
    Region(
        "middle-east-north-africa",
        18,
        (
            Country("TN", (31, 37), (8, 11), ("ar", "fr")),
            Country("MA", (28, 35), (-10, -2), ("ar", "fr")),
            Country("JO", (29, 33), (35, 39), ("ar",)),
            Country("LB", (33, 34.6), (35, 36.6), ("ar", "fr")),
            Country("IQ", (29, 37), (39, 48), ("ar", "ku")),
            Country("EG", (22, 31), (25, 35), ("ar",)),
        ),
        ("Ain", "Bir", "Ras", "Sidi", "Wadi", "Dar", "Tell", "Ksar", "Jebel", "Bab", "Souk"),
        ("", "el-", "al-"),
        (
            "Amar",
            "Nour",
            "Salem",
            "Zahra",
            "Karim",
            "Hamra",
            "Jedid",
            "Bahri",
            "Farah",
            "Saada",
            "Rahma",
            "Khadra",
        ),
        joiner=" ",
    ),
    Region(
        "europe",
        22,
        (
            Country("FR", (43, 50), (-1, 7), ("fr",)),
            Country("DE", (48, 54), (6, 14), ("de",)),
            Country("BE", (49.5, 51.4), (2.6, 6.3), ("fr", "nl")),
            Country("DK", (54.6, 57.7), (8, 12.6), ("da",)),
            Country("ES", (36, 43), (-9, 3), ("es",)),
            Country("TR", (36, 42), (26, 44), ("tr",)),
            Country("NL", (51, 53), (3.5, 7), ("nl",)),
            Country("SE", (55, 66), (11, 24), ("sv",)),
        ),
        ("Bran", "Vel", "Lin", "Mar", "Os", "Kar", "Tor", "Hel", "Rav", "Sten", "Al", "Wes"),
        ("", "", "en", "er", "o", "a", "is"),
        ("burg", "stad", "heim", "dorf", "ville", "ton", "mar", "by", "holm", "ona", "lund"),
    ),
    Region(
        "north-america",
        8,
        (
            Country("US", (30, 47), (-122, -72), ("en", "es")),
            Country("CA", (43, 53), (-123, -63), ("en", "fr")),
            Country("MX", (17, 31), (-115, -87), ("es",)),
        ),
        ("Spring", "Maple", "River", "Oak", "Cedar", "Lake", "Fair", "Green", "Clear", "Pine"),
        ("", "", "", "s"),
        ("field", "ton", "ville", "wood", "port", "dale", "view", "brook", "ford", "haven"),
    ),
    Region(
        "latin-america-caribbean",
        12,
        (
            Country("CO", (0, 11), (-77, -67), ("es",)),
            Country("BR", (-30, -3), (-60, -35), ("pt",)),
            Country("AR", (-45, -23), (-70, -58), ("es",)),
            Country("TT", (10, 11), (-61.9, -60.9), ("en",)),
            Country("PE", (-17, -3), (-80, -69), ("es", "qu")),
        ),
        ("Ca", "Ta", "Mira", "Sol", "Ver", "Qui", "Ala", "Cor", "Mon", "Gua", "Pal"),
        ("", "", "ri", "la", "ba", "mo", "te"),
        ("nal", "cruz", "flores", "mar", "bamba", "pampa", "grande", "nera", "sola", "quén"),
    ),
    Region(
        "asia",
        16,
        (
            Country("ID", (-8, 5), (95, 140), ("id",)),
            Country("PK", (24, 36), (61, 77), ("ur", "en")),
            Country("BD", (21, 26), (88, 92), ("bn",)),
            Country("PH", (5, 18), (118, 126), ("tl", "en")),
            Country("LK", (6, 9.8), (79.7, 81.9), ("si", "ta")),
            Country("KZ", (41, 54), (50, 85), ("kk", "ru")),
        ),
        ("Su", "Ban", "Ka", "Lah", "Pura", "Ta", "Ma", "Sri", "Kota", "Nam", "Ran"),
        ("", "", "ra", "na", "wa", "ga", "li"),
        ("pur", "bad", "jaya", "nagar", "lang", "pura", "gao", "wadi", "kota", "nam"),
    ),
    Region(
        "oceania",
        6,
        (
            Country("AU", (-38, -12), (115, 153), ("en",)),
            Country("NZ", (-46, -35), (167, 178), ("en", "mi")),
            Country("FJ", (-19, -16), (177, 180), ("en", "fj")),
        ),
        ("Wai", "Koro", "Mara", "Tau", "Rangi", "Kawa", "Roto", "Pae", "Hau", "Tara"),
        ("", "", "ka", "ta", "ri"),
        ("nui", "roa", "rua", "iti", "kere", "mata", "pu", "tea", "hau", "ngi"),
    ),
)


def city_name(rng: random.Random, region: Region) -> str:
    """An invented name in the style of the region: 'Velenburg', 'Sidi el-Hamra', ..."""
    start, middle, end = (
        rng.choice(region.starts),
        rng.choice(region.middles),
        rng.choice(region.ends),
    )
    if region.joiner:
        return f"{start}{region.joiner}{middle}{end}"
    return f"{start}{middle}{end.lower()}".capitalize()
