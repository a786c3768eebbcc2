"""Factories for the models every app's tests need (each app adds its own in tests/<app>/)."""

from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from strongcities.accounts.models import CityRole, GlobalRole, User
from strongcities.core.taxonomy.models import Concept
from strongcities.members.models import City, Partner

PASSWORD = "a-long-test-password-1"


def concept(scheme: str, code: str) -> Concept:
    return Concept.objects.get(scheme__code=scheme, code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    preferred_language = "en"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class SecretariatUserFactory(UserFactory):
    """A secretariat administrator with TOTP set up, as the platform requires."""

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create:
            GlobalRole.objects.create(user=self, role=extracted or GlobalRole.Role.ADMIN)
            TOTP.activate(self, generate_totp_secret())


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"city-{n}")
    name = factory.Sequence(lambda n: f"City {n}")
    country = "TN"
    region = factory.LazyFunction(lambda: concept("region", "middle-east-north-africa"))
    latitude = Decimal("36.806500")
    longitude = Decimal("10.181500")
    population = 1_000_000
    languages = factory.LazyFunction(lambda: ["ar", "fr"])
    status = City.Status.MEMBER


class CityRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CityRole

    user = factory.SubFactory(UserFactory)
    city = factory.SubFactory(CityFactory)
    role = CityRole.Role.MEMBER


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    slug = factory.Sequence(lambda n: f"partner-{n}")
    name = factory.Sequence(lambda n: f"Partner {n}")
    kind = Partner.Kind.NATIONAL_GOVERNMENT
    country = "DK"
