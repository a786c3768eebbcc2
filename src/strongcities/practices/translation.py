from modeltranslation.translator import TranslationOptions, register

from strongcities.practices.models import TEXT_FIELDS, Practice


@register(Practice)
class PracticeTranslation(TranslationOptions):
    fields = TEXT_FIELDS
    # A practice is written in its own language: no field is required in the default one.
    required_languages = ()
    # Plain attribute access (practice.title) falls back through every language.
    fallback_languages = {"default": ("en", "fr", "ar", "es", "tr")}
