"""Factories for practices: built through the same services the site uses."""

import factory

from strongcities.core.visibility import Visibility
from strongcities.practices import services
from strongcities.practices.models import PeerReview, Practice
from tests.factories import CityFactory, UserFactory, concept


def practice_input(
    title: str = "Youth mentoring in schools",
    *,
    language: str = "en",
    summary: str = "Mentors meet pupils weekly to build resilience.",
    themes=("youth-engagement",),
    audiences=(),
    stakeholders=(),
    visibility: str = Visibility.PUBLIC,
    shared_with=(),
    translations: dict | None = None,
    **extra,
) -> services.PracticeInput:
    texts = {language: {"title": title, "summary": summary, **extra.pop("texts", {})}}
    texts.update(translations or {})
    return services.PracticeInput(
        language=language,
        texts=texts,
        tags={
            "themes": [concept("theme", code) for code in themes],
            "audiences": [concept("audience", code) for code in audiences],
            "stakeholders": [concept("sector", code) for code in stakeholders],
        },
        visibility=visibility,
        shared_with=list(shared_with),
        **extra,
    )


def make_practice(
    city=None,
    *,
    status: str = Practice.Status.PUBLISHED,
    user=None,
    partner=None,
    **kwargs,
) -> Practice:
    """A practice of `city` (or `partner`) brought to `status` through the workflow services."""
    owner = partner or city or CityFactory()
    practice = services.create_practice(owner, practice_input(**kwargs), user=user)
    if status == Practice.Status.DRAFT:
        return practice
    secretariat = UserFactory()
    services.submit_practice(practice, user=user)
    if status == Practice.Status.SUBMITTED:
        return Practice.objects.get(pk=practice.pk)
    if status == Practice.Status.CHANGES_REQUESTED:
        services.request_changes(practice, user=secretariat, comment="Add results.")
        return Practice.objects.get(pk=practice.pk)
    services.publish_practice(practice, user=secretariat)
    if status == Practice.Status.ARCHIVED:
        services.archive_practice(practice, user=secretariat)
    return Practice.objects.get(pk=practice.pk)


class PeerReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PeerReview

    practice = factory.LazyFunction(make_practice)
    expert = factory.SubFactory(UserFactory)
    status = PeerReview.Status.PROPOSED
