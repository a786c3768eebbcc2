"""Factories for the accounts app's own models."""

from datetime import timedelta

import factory
from django.utils import timezone

from strongcities.accounts.models import Invitation
from strongcities.accounts.services import hash_token
from tests.factories import CityFactory


class InvitationFactory(factory.django.DjangoModelFactory):
    """An open invitation; its raw token is `invitation.raw_token` (the model keeps the hash)."""

    class Meta:
        model = Invitation

    city = factory.SubFactory(CityFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    full_name = factory.Faker("name")
    role = "member"
    language = "en"
    raw_token = factory.Sequence(lambda n: f"raw-token-{n}-abcdefghijklmnop")
    token_hash = factory.LazyAttribute(lambda o: hash_token(o.raw_token))
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        raw = kwargs.pop("raw_token")
        invitation = super()._create(model_class, *args, **kwargs)
        invitation.raw_token = raw
        return invitation
