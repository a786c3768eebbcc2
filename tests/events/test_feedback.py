"""The participants' feedback: once, confirmed participants, from the start of the event; the
organisers' summary has no names."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from strongcities.core.audit.models import AuditEntry
from strongcities.events.models import Feedback
from strongcities.events.services.errors import EventError
from strongcities.events.services.feedback import (
    FeedbackInput,
    feedback_summary,
    submit_feedback,
)
from tests.events.day_helpers import category_of, confirmed, running_event
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(world):
    return running_event(title="Mombasa workshop")


@pytest.fixture
def mine(world, event):
    return confirmed(category_of(event), by=world.secretariat, user=world.member)


def refusal(registration, data=None, **kwargs) -> str:
    with pytest.raises(EventError) as caught:
        submit_feedback(
            registration, data or FeedbackInput(rating=4), by=registration.user, **kwargs
        )
    return caught.value.code


# --- The service -------------------------------------------------------------------------------


def test_confirmed_participant_gives_feedback_once(world, mine):
    feedback = submit_feedback(
        mine,
        FeedbackInput(rating=5, most_useful="  The site visit. ", will_apply="Mentoring"),
        by=world.member,
    )
    assert (feedback.registration, feedback.rating) == (mine, 5)
    assert (feedback.most_useful, feedback.improve, feedback.will_apply) == (
        "The site visit.",
        "",
        "Mentoring",
    )
    assert AuditEntry.objects.get(action="events.feedback_given").actor == world.member
    assert refusal(mine) == "duplicate"
    assert Feedback.objects.count() == 1


def test_not_before_the_event_starts(world, mine):
    assert refusal(mine, now=mine.event.start - timedelta(minutes=1)) == "not_started"
    assert Feedback.objects.count() == 0


@pytest.mark.parametrize("status", ["pending", "waitlisted", "offered", "cancelled", "rejected"])
def test_only_confirmed_participants(world, event, status):
    registration = RegistrationFactory(category=category_of(event), status=status)
    assert refusal(registration) == "not_confirmed"


def test_not_for_a_cancelled_event(world, mine):
    mine.event.status = "cancelled"
    mine.event.save()
    assert refusal(mine) == "cancelled"


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_rating_is_one_to_five(world, mine, rating):
    assert refusal(mine, FeedbackInput(rating=rating)) == "rating"


def test_summary_counts_and_lists_answers_without_names_or_order(world, event):
    category = category_of(event, capacity=10)
    answers = [
        (5, "Zebra crossings", "Longer breaks"),
        (4, "Answers from Aarhus", ""),
        (4, "", "More time"),
    ]
    for n, (rating, useful, improve) in enumerate(answers):
        r = confirmed(category, by=world.secretariat, name=f"Person {n}", email=f"p{n}@x.org")
        submit_feedback(r, FeedbackInput(rating, useful, improve), by=None)
    summary = feedback_summary(event)
    assert summary.count == 3
    assert summary.average == 4.3
    assert summary.distribution == [(5, 1), (4, 2), (3, 0), (2, 0), (1, 0)]
    assert summary.most_useful == ["Answers from Aarhus", "Zebra crossings"]
    assert summary.improve == ["Longer breaks", "More time"]
    assert summary.will_apply == []


def test_empty_summary(world, event):
    summary = feedback_summary(event)
    assert (summary.count, summary.average, summary.most_useful) == (0, None, [])


# --- The page ----------------------------------------------------------------------------------


def url(event) -> str:
    return reverse("events:feedback", args=[event.slug])


def test_form_then_thanks(client, world, event, mine):
    client.force_login(world.member)
    response = client.get(url(event))
    assert response.status_code == 200
    assert "Overall, how useful was the event?" in response.content.decode()
    response = client.post(url(event), {"rating": "4", "improve": "Interpretation into Arabic"})
    assert response.status_code == 302
    assert response["Location"] == url(event)
    feedback = Feedback.objects.get()
    assert (feedback.registration, feedback.rating, feedback.improve) == (
        mine,
        4,
        "Interpretation into Arabic",
    )
    html = client.get(url(event)).content.decode()
    assert "Thank you: your feedback was recorded." in html
    assert "Interpretation into Arabic" in html
    assert 'name="rating"' not in html
    # A second post changes nothing.
    assert client.post(url(event), {"rating": "1"}).status_code == 200
    assert Feedback.objects.get().rating == 4


def test_bad_rating_is_a_form_error(client, world, event, mine):
    client.force_login(world.member)
    response = client.post(url(event), {"rating": "9"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["rating"]
    assert Feedback.objects.count() == 0


def test_before_the_start_the_page_says_when(client, world):
    event = EventFactory(start=timezone.now() + timedelta(days=2))
    confirmed(category_of(event), by=world.secretariat, user=world.member)
    client.force_login(world.member)
    response = client.get(url(event))
    assert response.status_code == 200
    assert "Feedback opens when the event starts." in response.content.decode()
    assert client.post(url(event), {"rating": "5"}).status_code == 200
    assert Feedback.objects.count() == 0


def test_no_form_without_a_confirmed_registration(client, world, event, mine):
    client.force_login(world.focal_point)
    assert client.get(url(event)).status_code == 404
    assert client.post(url(event), {"rating": "5"}).status_code == 404
    client.logout()
    assert client.get(url(event)).status_code == 302
    assert Feedback.objects.count() == 0


def test_summary_on_the_attendance_page_has_no_names(client, world, event, mine):
    submit_feedback(mine, FeedbackInput(5, "Peer exchange"), by=world.member)
    client.force_login(world.secretariat)
    html = client.get(reverse("events:attendance", args=[event.slug])).content.decode()
    assert "1 answer, average rating 5.0 out of 5." in html
    assert "Peer exchange" in html
    assert mine.name not in html.split("Feedback")[-1]
