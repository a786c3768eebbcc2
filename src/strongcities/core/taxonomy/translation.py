from modeltranslation.translator import TranslationOptions, register

from strongcities.core.taxonomy.models import Concept, Scheme


@register(Scheme)
class SchemeTranslation(TranslationOptions):
    fields = ("label", "description")


@register(Concept)
class ConceptTranslation(TranslationOptions):
    fields = ("label", "synonyms", "definition")
