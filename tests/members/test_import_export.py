"""manage.py import_cities / export_cities and the validator behind them."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strongcities.core.taxonomy.models import Concept
from strongcities.members.importing import validate_document, validate_records
from strongcities.members.models import City

pytestmark = pytest.mark.django_db


def theme_codes() -> list[str]:
    return sorted(Concept.objects.in_scheme("theme").values_list("code", flat=True))


def record(**overrides) -> dict:
    data = {
        "slug": "montreal",
        "name": "Montréal",
        "names": {"fr": "Montréal", "ar": "مونتريال"},
        "country": "CA",
        "region": "north-america",
        "lat": 45.5017,
        "lon": -73.5673,
        "population": 1762949,
        "languages": ["fr", "en"],
        "status": "member",
        "joined_on": "2015-09-29",
        "challenges": theme_codes()[:1],
        "summary": "A founding member.",
        "summaries": {"fr": "Un membre fondateur."},
    }
    data.update(overrides)
    return data


def write(tmp_path, cities: list, name: str = "cities.json"):
    path = tmp_path / name
    path.write_text(json.dumps({"cities": cities}, ensure_ascii=False, indent=2), "utf-8")
    return path


def run_import(path) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_cities", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def failed_import(path) -> tuple[str, list[str]]:
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_cities", str(path), stdout=io.StringIO(), stderr=err)
    return str(caught.value), err.getvalue().splitlines()


def test_valid_import_creates_cities(tmp_path):
    out, _err = run_import(write(tmp_path, [record()]))
    assert out == f"1 cities created, 0 updated from {tmp_path / 'cities.json'}.\n"
    city = City.objects.get(slug="montreal")
    assert (city.name_en, city.name_fr, city.name_ar) == ("Montréal", "Montréal", "مونتريال")
    assert (city.country.code, city.region.code) == ("CA", "north-america")
    assert (city.latitude, city.longitude) == (Decimal("45.501700"), Decimal("-73.567300"))
    assert city.population == 1762949
    assert city.languages == ["fr", "en"]
    assert city.joined_on == datetime.date(2015, 9, 29)
    assert [c.code for c in city.challenges.all()] == theme_codes()[:1]
    assert (city.summary_en, city.summary_fr) == ("A founding member.", "Un membre fondateur.")
    assert city.name_key == "montreal"


def test_reimport_updates_by_slug(tmp_path):
    run_import(write(tmp_path, [record()]))
    out, _err = run_import(write(tmp_path, [record(population=2000000, challenges=[])]))
    assert out.startswith("0 cities created, 1 updated")
    city = City.objects.get(slug="montreal")
    assert (city.population, list(city.challenges.all())) == (2000000, [])
    assert City.objects.filter(slug="montreal").count() == 1


def test_every_error_is_reported_with_record_line_and_field(tmp_path):
    good = record(slug="good-city", name="Good City")
    bad_one = record(slug="Bad Slug", lat=123, country="XX", extra=1)
    bad_two = record(
        slug="second", name="", languages=["zz"], region="mars", joined_on="2020-13-01"
    )
    path = write(tmp_path, [good, bad_one, "not an object", bad_two])
    message, errors = failed_import(path)
    assert message == f"9 error(s) in {path}: nothing was imported."
    assert errors == [
        'cities[1] (slug "Bad Slug", line 29), field "extra": Unknown field.',
        'cities[1] (slug "Bad Slug", line 29), field "slug": '
        "Use lower-case letters, digits and single hyphens only (e.g. tunis).",
        'cities[1] (slug "Bad Slug", line 29), field "country": \'XX\' is not an ISO 3166-1 '
        "alpha-2 country code.",
        'cities[1] (slug "Bad Slug", line 29), field "lat": It must be between -90 and 90.',
        "cities[2] (line 56): each record must be a JSON object.",
        'cities[3] (slug "second", line 57), field "name": This field is required.',
        'cities[3] (slug "second", line 57), field "region": Unknown region code \'mars\'.',
        'cities[3] (slug "second", line 57), field "languages": '
        "Not ISO 639-1 language codes: 'zz'.",
        'cities[3] (slug "second", line 57), field "joined_on": It must be a date written '
        "YYYY-MM-DD.",
    ]
    assert City.objects.filter(slug="good-city").exists() is False


def test_each_field_reason(tmp_path):
    cases = {
        "slug": ({"slug": None}, "This field is required."),
        "name": ({"name": 5}, "It must be a string."),
        "names": ({"names": {"de": "x"}}, "Unknown language 'de': use one of fr, ar, es, tr."),
        "lon": ({"lon": "10.5"}, "It must be a number."),
        "population": ({"population": -3}, "It must be a whole number of at least 0."),
        "status": (
            {"status": "ally"},
            "Unknown status 'ally': use one of applicant, member, suspended, former.",
        ),
        "challenges": ({"challenges": ["not-a-theme"]}, "Unknown theme codes: 'not-a-theme'."),
        "summaries": (
            {"summaries": ["fr"]},
            "It must be an object mapping language codes to text.",
        ),
    }
    for field_name, (override, reason) in cases.items():
        records, errors = validate_records([record(**override)], [7])
        slug = override.get("slug", "montreal") or ""
        assert (records, errors) == (
            [],
            [f'cities[0] (slug "{slug}", line 7), field "{field_name}": {reason}'],
        ), field_name


def test_duplicate_slug_and_name_clash(world):
    records, errors = validate_records(
        [record(), record(name="Other"), record(slug="tunis-again", name="TUNIS", country="TN")],
        [2, 20, 40],
    )
    assert records == []
    assert errors == [
        'cities[1] (slug "montreal", line 20), field "slug": '
        "The slug is already used by cities[0] in this file.",
        'cities[2] (slug "tunis-again", line 40), field "name": '
        'Another city in this country already has this name (slug "tunis").',
    ]


def test_invalid_json_and_wrong_shape():
    assert validate_document('{"cities": [ {"slug": "a",] }') == (
        [],
        ["The file is not valid JSON (line 1, column 27): Expecting property name enclosed in "
         "double quotes."],
    )  # fmt: skip
    assert validate_document('["a"]') == (
        [],
        ['The file must be a JSON object with a list under "cities".'],
    )


def test_all_or_nothing(tmp_path, world):
    path = write(tmp_path, [record(), record(slug="broken", lat=None)])
    failed_import(path)
    assert City.objects.filter(slug__in=["montreal", "broken"]).count() == 0


def test_export_then_import_round_trips(tmp_path, world):
    run_import(write(tmp_path, [record()]))
    first = tmp_path / "export.json"
    call_command("export_cities", str(first), stderr=io.StringIO())
    out = io.StringIO()
    call_command("export_cities", stdout=out)
    assert out.getvalue() == first.read_text("utf-8")
    exported = json.loads(first.read_text("utf-8"))
    assert [c["slug"] for c in exported["cities"]] == ["aarhus", "montreal", "tunis"]
    assert exported["cities"][1] == {**record(), "languages": ["fr", "en"]}
    City.objects.filter(slug="montreal").update(population=1)
    run_import(first)
    again = io.StringIO()
    call_command("export_cities", stdout=again)
    assert again.getvalue() == first.read_text("utf-8")


# --- Property tests ---------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
field_names = st.sampled_from(
    ["slug", "name", "names", "country", "region", "lat", "lon", "population", "languages",
     "status", "joined_on", "challenges", "summary", "summaries", "other"]
)  # fmt: skip
records_st = st.lists(
    st.dictionaries(field_names, json_values, max_size=10) | json_values, max_size=4
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(items=records_st)
def test_validator_never_crashes(db, items):
    records, errors = validate_records(items)
    assert (records == []) != (errors == []) or items == []
    assert all(isinstance(error, str) and error.startswith("cities[") for error in errors)


valid_records = st.builds(
    lambda slug, name, lat, lon, population, languages: record(
        slug=slug, name=name, lat=lat, lon=lon, population=population, languages=languages
    ),
    slug=st.from_regex(r"\A[a-z0-9]{1,10}(-[a-z0-9]{1,10}){0,2}\Z"),
    name=st.text(min_size=1, max_size=60).filter(str.strip),
    lat=st.floats(min_value=-90, max_value=90),
    lon=st.floats(min_value=-180, max_value=180),
    population=st.none() | st.integers(min_value=0, max_value=2_000_000_000),
    languages=st.lists(st.sampled_from(["ar", "fr", "en", "tr", "es", "ur"]), max_size=3),
)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(item=valid_records)
def test_valid_generated_records_validate(db, item):
    records, errors = validate_records([item])
    assert errors == []
    assert [r.slug for r in records] == [item["slug"]]
