"""Open data: public published practices only, as JSON or CSV, with the library's filters."""

import csv
import io
import json

import pytest
from django.urls import reverse

from strongcities.core.visibility import Visibility
from strongcities.practices.export import CSV_COLUMNS
from strongcities.practices.models import Practice
from tests.practices.factories import make_practice
from tests.practices.library_helpers import SECRET_WORD, confidential_practice

pytestmark = pytest.mark.django_db


def body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def exported(client, fmt="json", query=""):
    response = client.get(reverse("practices:export", kwargs={"fmt": fmt}) + query)
    assert response.status_code == 200
    return response


@pytest.fixture
def collection(world):
    return {
        "public": make_practice(
            world.city,
            title="Youth mentoring",
            language="en",
            themes=("youth-engagement",),
            contact_name="Amal Trabelsi",
            contact_email="amal@tunis.example.org",
            translations={"fr": {"title": "Mentorat des jeunes", "summary": "Des mentors."}},
            start_year=2019,
        ),
        "arabic": make_practice(
            world.other_city,
            title="حلقات الأمهات",
            summary="أمهات يتعلمن.",
            language="ar",
            themes=("family-support", "online-radicalisation"),
        ),
        "members": make_practice(world.city, title="Members only", visibility=Visibility.MEMBERS),
        "restricted": confidential_practice(world),
        "secretariat": make_practice(
            world.city, title="Secretariat only", visibility=Visibility.SECRETARIAT
        ),
        "draft": make_practice(world.city, title="Draft", status=Practice.Status.DRAFT),
        "archived": make_practice(world.city, title="Archived", status=Practice.Status.ARCHIVED),
    }


@pytest.mark.parametrize("role", ["anonymous", "member", "other_focal_point", "secretariat"])
def test_only_public_published_practices_whoever_asks(client, world, collection, role):
    if world.user(role):
        client.force_login(world.user(role))
    data = json.loads(body(exported(client)))
    assert data["count"] == 2
    assert [p["slug"] for p in data["practices"]] == [
        collection["public"].slug,
        collection["arabic"].slug,
    ]
    text = body(exported(client, "csv"))
    assert SECRET_WORD not in text.lower()
    assert "Members only" not in text
    assert "Secretariat only" not in text


def test_json_shape(client, world, collection):
    response = exported(client)
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="strong-cities-practices-'
    )
    data = json.loads(body(response))
    assert list(data) == ["generated_at", "count", "license", "license_url", "practices"]
    assert data["license"] == "CC-BY-4.0"
    first = data["practices"][0]
    practice = collection["public"]
    assert first["id"] == practice.pk
    assert first["url"] == f"http://testserver/practices/{practice.slug}/"
    assert first["owner"] == {"type": "city", "slug": "tunis", "name": "Tunis", "country": "TN"}
    assert first["language"] == "en"
    assert first["title"] == "Youth mentoring"
    assert first["summary"] == "Mentors meet pupils weekly to build resilience."
    assert first["translations"] == {
        "fr": {
            "title": "Mentorat des jeunes",
            "summary": "Des mentors.",
            "context": "",
            "approach": "",
            "resources": "",
            "results": "",
            "theory_of_change": "",
            "lessons_learned": "",
            "transferability": "",
        }
    }
    assert first["themes"] == [{"code": "youth-engagement", "label": "Youth engagement"}]
    assert first["audiences"] == []
    assert first["prevention_level"] is None
    assert first["start_year"] == 2019
    assert first["label"] == "inspiring"
    assert first["version"] == 1
    assert not any(key.startswith("contact") for key in first)
    assert "Amal" not in json.dumps(data)


def test_csv_shape(client, world, collection):
    response = exported(client, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = body(response)
    assert text.startswith("\ufeffid,slug,url,")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert list(rows[0]) == CSV_COLUMNS
    assert len(rows) == 2
    public, arabic = rows
    assert public["title"] == "Youth mentoring"
    assert public["title_en"] == "Youth mentoring"
    assert public["title_fr"] == "Mentorat des jeunes"
    assert public["title_ar"] == ""
    assert public["themes"] == "youth-engagement"
    assert public["themes_labels"] == "Youth engagement"
    assert public["start_year"] == "2019"
    assert arabic["language"] == "ar"
    assert arabic["title"] == "حلقات الأمهات"
    assert arabic["title_ar"] == "حلقات الأمهات"
    assert arabic["title_en"] == ""
    assert (
        arabic["themes"] == "online-radicalisation; family-support"
        or arabic["themes"] == "family-support; online-radicalisation"
    )
    assert arabic["owner_slug"] == "aarhus"
    assert "Amal" not in text


def test_facet_filters(client, world, collection):
    data = json.loads(body(exported(client, query="?theme=online-radicalisation")))
    assert [p["slug"] for p in data["practices"]] == [collection["arabic"].slug]
    data = json.loads(body(exported(client, query="?language=en&language=ar&city=tunis")))
    assert [p["slug"] for p in data["practices"]] == [collection["public"].slug]
    data = json.loads(body(exported(client, query="?label=peer-reviewed")))
    assert data["count"] == 0
    # Unknown values are ignored, never an error.
    assert exported(client, query="?theme=nonsense&page=x&label=nope").status_code == 200


def test_unknown_format_is_404(client, world):
    assert client.get(reverse("practices:export", kwargs={"fmt": "xml"})).status_code == 404


def test_export_queries_do_not_grow(client, world, collection, django_assert_num_queries):
    body(exported(client))  # the search vocabulary is loaded once per process
    # A count, the practices, and one query per tag field (themes, audiences, stakeholders).
    with django_assert_num_queries(5):
        body(exported(client))
    for n in range(6):
        make_practice(world.city, title=f"More {n}", audiences=("women",))
    body(exported(client))
    with django_assert_num_queries(5):
        assert json.loads(body(exported(client)))["count"] == 8


@pytest.fixture
def indexed(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return {
            "public": make_practice(world.city, title="Youth mentoring", summary="Mentors."),
            "members": make_practice(
                world.city, title="Mentoring mothers", visibility=Visibility.MEMBERS
            ),
            "secret": confidential_practice(world),
        }


def test_search_words_filter_the_export(client, world, indexed):
    client.force_login(world.secretariat)
    data = json.loads(body(exported(client, query="?q=mentoring")))
    assert [p["slug"] for p in data["practices"]] == [indexed["public"].slug]
    assert json.loads(body(exported(client, query="?q=zanzibarine")))["count"] == 0
    rows = body(exported(client, "csv", query="?q=zanzibarine")).splitlines()
    assert len(rows) == 1  # the header only


def test_csv_cells_are_never_formulas(client, world):
    make_practice(world.city, title='=HYPERLINK("http://evil.example")', summary="@SUM(A1)")
    rows = list(csv.reader(io.StringIO(body(exported(client, "csv")).lstrip("\ufeff"))))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["title"] == '\'=HYPERLINK("http://evil.example")'
    assert record["summary"] == "'@SUM(A1)"
    data = json.loads(body(exported(client)))
    assert data["practices"][0]["title"] == '=HYPERLINK("http://evil.example")'
