"""Factories for the API's models."""

import factory

from strongcities.accounts.models import ApiToken
from strongcities.api.tokens import PREFIX_LENGTH, generate_token, hash_token
from strongcities.core.taxonomy.models import Concept, Scheme
from tests.factories import UserFactory


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A token stored as the service stores it; its raw value is kept on the instance as `.raw`."""

    class Meta:
        model = ApiToken

    raw = factory.LazyFunction(generate_token)
    user = factory.SubFactory(UserFactory)
    name = "Test token"
    prefix = factory.LazyAttribute(lambda o: o.raw[:PREFIX_LENGTH])
    token_hash = factory.LazyAttribute(lambda o: hash_token(o.raw))

    @classmethod
    def _create(cls, model_class, *args, raw: str, **kwargs):
        token = super()._create(model_class, *args, **kwargs)
        token.raw = raw
        return token


class SchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scheme
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test-scheme-{n}")
    label_en = factory.LazyAttribute(lambda o: o.code.replace("-", " ").capitalize())
    position = 900


class ConceptFactory(factory.django.DjangoModelFactory):
    """A concept of its own (tests should not depend on the shipped vocabulary's contents)."""

    class Meta:
        model = Concept

    scheme = factory.SubFactory(SchemeFactory)
    code = factory.Sequence(lambda n: f"test-concept-{n}")
    label_en = factory.LazyAttribute(lambda o: o.code.replace("-", " ").capitalize())
    position = 0
