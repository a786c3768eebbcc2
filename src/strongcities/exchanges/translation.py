from modeltranslation.translator import TranslationOptions, register

from strongcities.exchanges.models import Programme

ALL_LANGUAGES = {"default": ("en", "fr", "ar", "es", "tr")}


@register(Programme)
class ProgrammeTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = ()
    fallback_languages = ALL_LANGUAGES
