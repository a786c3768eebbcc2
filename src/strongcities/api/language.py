"""The caller's language: `?lang=`, else Accept-Language, else the user's preference, else English.

The middleware of the site already applies Accept-Language (LocaleMiddleware) and a signed-in
user's preference; for the API an explicit `?lang=` or Accept-Language wins over the preference,
and a token's owner gets their preference when the request names no language.
"""

from typing import Literal

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header
from ninja import Field, Schema

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
Language = Literal["en", "fr", "ar", "es", "tr"]
assert set(Language.__args__) == set(LANGUAGE_CODES), "Language must list settings.LANGUAGES"


class LanguageQuery(Schema):
    lang: Language | None = Field(
        None,
        description=(
            "The language of labels and translated texts (en, fr, ar, es, tr). Without it the "
            "Accept-Language header decides; missing translations fall back to English."
        ),
    )


def requested_language(request: HttpRequest) -> str | None:
    """The language the request asks for explicitly, if it is one the site speaks."""
    lang = request.GET.get("lang")
    if lang in LANGUAGE_CODES:
        return lang
    header = request.headers.get("Accept-Language")
    if header:
        for accepted, _quality in parse_accept_lang_header(header):
            if accepted == "*":
                break
            try:
                return translation.get_supported_language_variant(accepted)
            except LookupError:
                continue
    return None
