from modeltranslation.translator import TranslationOptions, register

from strongcities.members.models import City, Partner


@register(City)
class CityTranslation(TranslationOptions):
    fields = ("name", "summary")


@register(Partner)
class PartnerTranslation(TranslationOptions):
    fields = ("name", "description")
