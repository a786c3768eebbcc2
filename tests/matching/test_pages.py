"""Matching's pages: a city's recommendations, how they are computed, the recomputation status,
the previews on the city profile and the dashboard, and the context profile's editing."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from strongcities.core.audit.models import AuditEntry
from strongcities.matching.models import MatchingRun
from strongcities.members.city_services import ProfileEditError, update_city_profile
from strongcities.members.models import City
from tests.factories import (
    CityFactory,
    CityRoleFactory,
    SecretariatUserFactory,
    UserFactory,
    concept,
)
from tests.matching.recommendation_world import build, more_of_everything, partner_user

pytestmark = pytest.mark.django_db


def page_url(city) -> str:
    return reverse("matching:city", args=[city.slug])


@pytest.fixture
def matched(world):
    return build(world)


def html_of(client, url: str, user=None) -> str:
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- A city's recommendations ------------------------------------------------------------------


def test_member_sees_ranked_peers_with_scores_terms_and_reasons(client, matched):
    world = matched.world
    html = html_of(client, page_url(world.city), world.member)
    assert "Cities like Tunis" in html
    assert html.index(">Beirut</a>") < html.index(">Aarhus</a>")
    assert "score 50.0 of 100" in html
    assert "score 20.0 of 100" in html
    assert "Challenges: 20.0 of 40" in html
    assert "Evidence: 5.0 of 25" in html
    assert "Context: 10.0 of 20" in html
    assert "Language: 15.0 of 15" in html
    for reason in (
        "also works on online radicalisation",
        "published 1 practice on these themes",
        "similar size",
        "also in Middle East &amp; North Africa",
        "speaks Arabic and French",
        "also works on youth engagement",
    ):
        assert f"<li>{reason}</li>" in html
    assert f'href="{matched.beirut.get_absolute_url()}"' in html


def test_member_sees_practices_with_reasons_including_one_shared_with_the_city(client, matched):
    world = matched.world
    html = html_of(client, page_url(world.city), world.member)
    assert "Practices for the challenges of Tunis" in html
    shared = html.index(f'href="{matched.shared.get_absolute_url()}"')
    public = html.index(f'href="{matched.public.get_absolute_url()}"')
    assert shared < public  # equal scores: the most recently published first
    assert "Youth mentoring in Beirut" in html
    assert "<li>addresses the city&#x27;s challenges: youth engagement</li>" in html
    assert "<li>from a similar city: Beirut</li>" in html
    assert "Aarhus exit talks" not in html


def test_another_citys_member_never_sees_a_practice_shared_with_this_city(client, matched):
    world = matched.world
    html = html_of(client, page_url(world.city), world.other_focal_point)
    assert "Online counter-narratives" in html
    assert "Youth mentoring in Beirut" not in html
    assert matched.shared.slug not in html


def test_context_profile_is_shown_with_an_edit_link_for_focal_points(client, matched):
    world = matched.world
    world.city.running_themes.set([concept("theme", "education")])
    html = html_of(client, page_url(world.city), world.focal_point)
    assert '<dd class="col-sm-8">Youth engagement, Online radicalisation</dd>' in html
    assert '<dd class="col-sm-8">Young adults</dd>' in html
    assert '<dd class="col-sm-8">1 to 5 million inhabitants</dd>' in html
    assert '<dd class="col-sm-8">Middle East &amp; North Africa</dd>' in html
    assert '<dd class="col-sm-8 mb-0">Education</dd>' in html
    assert f'href="{reverse("members:city_edit", args=["tunis"])}"' in html
    assert f'href="{reverse("matching:about")}"' in html


def test_focal_points_get_propose_links_and_others_do_not(client, matched):
    world = matched.world
    propose = reverse("exchanges:propose")
    html = html_of(client, page_url(world.city), world.focal_point)
    assert f'href="{propose}?host=beirut"' in html
    assert f'href="{propose}?host=beirut&amp;practice={matched.public.slug}"' in html
    edit = reverse("members:city_edit", args=["tunis"])
    for role in ("member", "other_focal_point"):
        html = html_of(client, page_url(world.city), world.user(role))
        assert propose not in html
        assert edit not in html
    assert propose not in html_of(client, page_url(world.city), world.secretariat)


def test_reasons_in_french(client, matched):
    world = matched.world
    client.force_login(world.member)
    client.post(reverse("core:set_language"), {"language": "fr"})
    html = html_of(client, page_url(world.city))
    with translation.override("fr"):
        expected = gettext("also works on %(concepts)s") % {"concepts": "radicalisation en ligne"}
        region = gettext("also in %(region)s") % {"region": "Moyen-Orient et Afrique du Nord"}
    assert f"<li>{expected}</li>" in html
    assert f"<li>{region}</li>" in html
    assert "Radicalisation en ligne" in html  # the context profile


def test_anonymous_is_sent_to_sign_in(client, matched):
    url = page_url(matched.world.city)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_partner_people_and_unknown_or_former_cities_get_404(client, matched):
    client.force_login(partner_user())
    assert client.get(page_url(matched.world.city)).status_code == 404
    client.force_login(matched.world.member)
    assert client.get("/matching/nowhere/").status_code == 404
    former = CityFactory(slug="former", status=City.Status.FORMER)
    assert client.get(page_url(former)).status_code == 404


def test_recommendations_page_query_count_is_fixed(client, matched, django_assert_num_queries):
    world = matched.world
    client.force_login(world.member)
    url = page_url(world.city)
    # session, user, global roles, city roles, unread badge; city and region, its three concept
    # lists; peers, their reasons' labels; practices matched, the reader's partner organisations,
    # the visible practices with their owners, their reasons' labels
    with django_assert_num_queries(15):
        client.get(url)
    more_of_everything(world)
    assert len(html_of(client, url).split('class="list-group-item')) == 1 + 6 + 6
    with django_assert_num_queries(15):
        client.get(url)


# --- How it is computed ------------------------------------------------------------------------


def test_about_explains_the_formula(client, db):
    html = html_of(client, reverse("matching:about"))
    assert "How are the recommendations computed?" in html
    assert "Challenges (up to 40 points)" in html
    assert "Challenges (up to 45 points)" in html
    assert "Language (up to 15 points)" in html


def test_about_in_french(client, db):
    client.post(reverse("core:set_language"), {"language": "fr"})
    html = html_of(client, reverse("matching:about"))
    assert 'lang="fr"' in html


# --- The city profile and the dashboard --------------------------------------------------------


def test_city_profile_shows_the_first_five_to_members(client, matched):
    world = matched.world
    more_of_everything(world, count=6)
    html = html_of(client, world.city.get_absolute_url(), world.member)
    assert "Cities like this one" in html
    assert "Practices for this city's challenges" in html
    section = html[html.index("recommended-peers-heading") : html.index("recommended-practices")]
    assert section.count("score ") == 5
    assert f'href="{page_url(world.city)}#peers"' in html
    assert f'href="{page_url(world.city)}#practices"' in html


@pytest.mark.parametrize("who", ["anonymous", "partner"])
def test_city_profile_shows_no_recommendations_to_outsiders(client, matched, who):
    if who == "partner":
        client.force_login(partner_user())
    html = html_of(client, matched.world.city.get_absolute_url())
    assert "Cities like this one" not in html
    assert "Beirut" not in html


def test_city_profile_query_count_is_fixed_for_members(client, matched, django_assert_num_queries):
    world = matched.world
    client.force_login(world.member)
    url = world.city.get_absolute_url()
    # session, user, global roles, city roles, unread badge; the page's own five (city and
    # region, team, challenges, practices, events); partner organisations; peers, their labels;
    # practices matched, the visible ones, their labels; exchanges hosted and visited
    with django_assert_num_queries(18):
        client.get(url)
    more_of_everything(world)
    with django_assert_num_queries(18):
        client.get(url)


def test_dashboard_shows_my_citys_recommendations(client, matched):
    world = matched.world
    html = html_of(client, reverse("accounts:dashboard"), world.focal_point)
    assert "Cities like mine" in html
    assert "Practices for my challenges" in html
    assert "<li>also works on online radicalisation</li>" in html
    assert "Youth mentoring in Beirut" in html
    assert f'href="{page_url(world.city)}#peers"' in html


def test_dashboard_uses_the_first_member_city(client, matched):
    person = UserFactory()
    CityRoleFactory(user=person, city=matched.beirut, role="member")
    CityRoleFactory(user=person, city=matched.world.city, role="member")
    html = html_of(client, reverse("accounts:dashboard"), person)
    assert f'href="{page_url(matched.beirut)}#peers"' in html
    assert "Recommended for Beirut" in html


@pytest.mark.parametrize("who", ["nobody", "partner"])
def test_dashboard_without_a_member_city_has_no_recommendations(client, matched, who):
    person = partner_user() if who == "partner" else UserFactory()
    html = html_of(client, reverse("accounts:dashboard"), person)
    assert "Cities like mine" not in html


# --- The recomputation status ------------------------------------------------------------------


def test_status_page_shows_the_run(client, matched):
    html = html_of(client, reverse("matching:status"), matched.world.secretariat)
    assert "Up to date" in html
    assert "3 of 3 cities" in html
    assert '<progress id="matching-progress" class="w-100" max="3" value="3">' in html
    assert "hx-trigger" not in html  # nothing under way: no polling
    assert "Recompute now" in html


def test_status_polls_while_a_run_is_queued(client, world):
    MatchingRun.current()
    MatchingRun.objects.filter(pk=1).update(queued=True)
    client.force_login(world.secretariat)
    page = html_of(client, reverse("matching:status"))
    assert 'hx-trigger="every 2s"' in page
    assert "Waiting to start" in page
    partial = client.get(reverse("matching:status"), headers={"HX-Request": "true"})
    html = partial.content.decode()
    assert html.startswith('<section id="matching-status"')
    assert 'hx-get="/matching/status/" hx-trigger="every 2s" hx-swap="outerHTML"' in html
    assert "<html" not in html
    assert partial["Vary"].count("HX-Request") == 1


def test_recompute_now_runs_and_is_audited(client, db, django_capture_on_commit_callbacks):
    # No `world`: its cities' changes already asked for a recomputation in this transaction.
    secretariat = SecretariatUserFactory()
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("matching:status"))
    assert response.status_code == 302
    assert response["Location"] == reverse("matching:status")
    run = MatchingRun.current()
    assert run.requested_at is not None
    assert run.finished_at is not None
    assert run.queued is False
    entry = AuditEntry.objects.get(action="matching.recompute_requested")
    assert entry.actor == secretariat
    assert "The recommendations will be recomputed shortly." in html_of(
        client, reverse("matching:status")
    )


# --- Editing the context profile ---------------------------------------------------------------


def profile_data(**overrides) -> dict:
    data = {
        "summary_en": "A Mediterranean capital.",
        "website": "https://tunis.example.org/",
        "population": "700000",
        "languages": ["ar", "fr"],
        "challenges": [concept("theme", "online-radicalisation").pk],
        "priority_audiences": [
            concept("audience", "young-adults").pk,
            concept("audience", "parents-families").pk,
        ],
        "running_themes": [concept("theme", "education").pk],
    }
    data.update(overrides)
    return data


def test_edit_form_saves_audiences_and_running_themes(client, world):
    client.force_login(world.focal_point)
    url = reverse("members:city_edit", args=[world.city.slug])
    form = html_of(client, url)
    assert "Priority audiences" in form
    assert "What the city already runs" in form
    response = client.post(url, profile_data())
    assert response.status_code == 302
    city = City.objects.get(pk=world.city.pk)
    assert sorted(city.priority_audiences.values_list("code", flat=True)) == [
        "parents-families",
        "young-adults",
    ]
    assert list(city.running_themes.values_list("code", flat=True)) == ["education"]
    entry = AuditEntry.objects.get(action="members.city_profile_updated")
    assert entry.data["fields"][-3:] == ["challenges", "priority_audiences", "running_themes"]


def test_edit_form_refuses_a_theme_as_an_audience(client, world):
    client.force_login(world.focal_point)
    url = reverse("members:city_edit", args=[world.city.slug])
    theme = concept("theme", "education")
    response = client.post(url, profile_data(priority_audiences=[theme.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {
        "priority_audiences": [
            f"Select a valid choice. {theme.pk} is not one of the available choices."
        ]
    }
    assert 'id="id_priority_audiences_error"' in response.content.decode()
    assert list(City.objects.get(pk=world.city.pk).priority_audiences.all()) == []


def test_service_refuses_concepts_of_the_wrong_scheme(world):
    with pytest.raises(ProfileEditError) as refused:
        update_city_profile(
            world.city,
            {"running_themes": [concept("audience", "women")]},
            by=world.focal_point,
        )
    assert refused.value.field == "running_themes"
    assert list(world.city.running_themes.all()) == []
