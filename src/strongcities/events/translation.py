from modeltranslation.translator import TranslationOptions, register

from strongcities.events.models import EVENT_TEXT_FIELDS, Category, Event, Session

ALL_LANGUAGES = {"default": ("en", "fr", "ar", "es", "tr")}


@register(Event)
class EventTranslation(TranslationOptions):
    fields = EVENT_TEXT_FIELDS
    required_languages = ()
    fallback_languages = ALL_LANGUAGES


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = ()
    fallback_languages = ALL_LANGUAGES


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ()
    fallback_languages = ALL_LANGUAGES
