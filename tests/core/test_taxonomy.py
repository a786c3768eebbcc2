"""The shipped multilingual taxonomy: loading, reloading, and refusing bad data files."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from strongcities.core.taxonomy.models import Concept, Scheme, TaxonomyRelease
from strongcities.core.taxonomy.services import (
    DATA_FILE,
    TaxonomyDataError,
    load_taxonomy,
    read_data,
)

EXPECTED = {
    "region": 7,
    "theme": 22,
    "sector": 13,
    "audience": 12,
    "prevention-level": 3,
    "evidence-level": 4,
    "geographic-scope": 6,
    "exchange-type": 4,
    "event-type": 6,
}
LANGS = ["en", "fr", "ar", "es", "tr"]


def counts() -> dict[str, int]:
    return {scheme.code: scheme.concepts.count() for scheme in Scheme.objects.order_by("position")}


def concept_row(code: str, **overrides) -> dict:
    row = {
        "code": code,
        "label": {lang: f"{code} {lang}" for lang in LANGS},
    }
    row.update(overrides)
    return row


def write(tmp_path, concepts: list[dict], scheme_code: str = "test-scheme"):
    path = tmp_path / "taxonomy.json"
    data = {
        "version": 99,
        "schemes": [
            {
                "code": scheme_code,
                "label": {lang: f"Scheme {lang}" for lang in LANGS},
                "concepts": concepts,
            }
        ],
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def empty_taxonomy(db):
    Concept.objects.all().delete()
    Scheme.objects.all().delete()
    TaxonomyRelease.objects.all().delete()


def test_loading_creates_every_scheme_and_concept(empty_taxonomy):
    assert load_taxonomy() == 2
    assert counts() == EXPECTED
    assert Concept.objects.count() == 77
    assert list(TaxonomyRelease.objects.values_list("version", flat=True)) == [2]


def test_codes_the_rest_of_the_platform_relies_on(db):
    codes = set(Concept.objects.values_list("scheme__code", "code"))
    assert {
        ("theme", "youth-engagement"),
        ("theme", "online-radicalisation"),
        ("sector", "education"),
        ("sector", "police"),
        ("region", "middle-east-north-africa"),
        ("region", "oceania"),
        ("prevention-level", "tertiary"),
        ("evidence-level", "evaluated-externally"),
        ("exchange-type", "job-shadowing"),
        ("event-type", "global-summit"),
    } <= codes


def test_the_session_database_holds_the_current_release(db):
    assert counts() == EXPECTED
    assert TaxonomyRelease.objects.order_by("-version").first().version == 2


def test_reloading_does_nothing_when_up_to_date(db):
    concept = Concept.objects.get(scheme__code="theme", code="youth-engagement")
    concept.label_fr = "Participation des jeunes"
    concept.save()
    assert load_taxonomy() is None
    concept.refresh_from_db()
    assert concept.label_fr == "Participation des jeunes"
    assert counts() == EXPECTED


def test_force_reloads_the_shipped_labels_without_duplicates(db):
    concept = Concept.objects.get(scheme__code="theme", code="youth-engagement")
    concept.label_fr = "Participation des jeunes"
    concept.save()
    assert load_taxonomy(force=True) == 2
    concept.refresh_from_db()
    assert concept.label_fr == "Engagement des jeunes"
    assert counts() == EXPECTED
    assert TaxonomyRelease.objects.count() == 1


def test_command_reports_up_to_date_and_force(db):
    out = StringIO()
    call_command("load_taxonomy", stdout=out)
    assert out.getvalue() == "Taxonomy is up to date.\n"
    out = StringIO()
    call_command("load_taxonomy", "--force", stdout=out, no_color=True)
    assert out.getvalue() == "Taxonomy version 2 loaded: 9 schemes, 77 concepts.\n"


def test_labels_synonyms_and_definitions_in_all_five_languages(db):
    concept = Concept.objects.get(scheme__code="theme", code="online-radicalisation")
    assert [getattr(concept, f"label_{lang}") for lang in LANGS] == [
        "Online radicalisation",
        "Radicalisation en ligne",
        "التطرف عبر الإنترنت",
        "Radicalización en línea",
        "Çevrimiçi radikalleşme",
    ]
    assert "online radicalization" in concept.synonyms_en.splitlines()
    assert "radicalización" in concept.synonyms_es.splitlines()
    with translation.override("ar"):
        assert str(concept) == "التطرف عبر الإنترنت"
    with translation.override("tr"):
        assert str(Scheme.objects.get(code="audience")) == "Hedef kitle"
    tertiary = Concept.objects.get(scheme__code="prevention-level", code="tertiary")
    assert all(getattr(tertiary, f"definition_{lang}") for lang in LANGS)
    for concept in Concept.objects.all():
        missing = [lang for lang in LANGS if not getattr(concept, f"label_{lang}")]
        assert missing == [], concept.code


def test_shipped_file_is_valid_and_codes_are_unique():
    data = read_data(DATA_FILE)
    assert data["version"] == 2
    for scheme in data["schemes"]:
        codes = [c["code"] for c in scheme["concepts"]]
        assert len(codes) == len(set(codes))


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            concept_row("no-arabic", label={"en": "x", "fr": "x", "es": "x", "tr": "x"}),
            "test-scheme/no-arabic: the label in ar is missing.",
        ),
        (
            concept_row("Bad_Code"),
            "test-scheme/Bad_Code: the code 'Bad_Code' is not kebab-case "
            "(lower-case letters, digits and single hyphens).",
        ),
        (
            concept_row("good-concept"),
            "test-scheme/good-concept: the code is used twice in this scheme.",
        ),
        (
            concept_row("typo", synonym={"en": ["x"]}),
            "test-scheme/typo: unknown keys synonym.",
        ),
        (
            concept_row(
                "half-defined",
                definition={"en": "D", "ar": "D", "es": "D", "tr": "D", "fr": " "},
            ),
            "test-scheme/half-defined: the definition in fr is missing.",
        ),
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_written(db, tmp_path, bad, message):
    path = write(tmp_path, [concept_row("good-concept"), bad])
    before = Concept.objects.count()
    with pytest.raises(TaxonomyDataError) as error:
        load_taxonomy(path)
    assert error.value.problems == [message]
    assert str(error.value) == message
    assert Concept.objects.count() == before
    assert not Scheme.objects.filter(code="test-scheme").exists()
    assert not TaxonomyRelease.objects.filter(version=99).exists()


def test_every_problem_is_listed(tmp_path):
    path = write(
        tmp_path,
        [concept_row("a"), concept_row("a"), concept_row("b", label={"en": "B"})],
        scheme_code="Scheme",
    )
    with pytest.raises(TaxonomyDataError) as error:
        read_data(path)
    assert error.value.problems == [
        "Scheme: the code 'Scheme' is not kebab-case "
        "(lower-case letters, digits and single hyphens).",
        "Scheme/a: the code is used twice in this scheme.",
        "Scheme/b: the label in fr is missing.",
        "Scheme/b: the label in ar is missing.",
        "Scheme/b: the label in es is missing.",
        "Scheme/b: the label in tr is missing.",
    ]


def test_a_good_extra_file_loads(db, tmp_path):
    path = write(tmp_path, [concept_row("first"), concept_row("second")])
    assert load_taxonomy(path) == 99
    assert list(
        Concept.objects.filter(scheme__code="test-scheme").values_list("code", flat=True)
    ) == ["first", "second"]


def test_command_refuses_a_bad_file_with_the_concept_named(db, tmp_path):
    path = write(tmp_path, [concept_row("x", label={"en": "X"})])
    with pytest.raises(CommandError) as error:
        call_command("load_taxonomy", "--file", str(path))
    assert str(error.value).startswith("The taxonomy file was refused; nothing was loaded.\n")
    assert "test-scheme/x: the label in fr is missing." in str(error.value)
    assert not Scheme.objects.filter(code="test-scheme").exists()


def test_unreadable_files_are_refused(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(TaxonomyDataError):
        read_data(broken)
    with pytest.raises(TaxonomyDataError) as error:
        read_data(tmp_path / "missing.json")
    assert error.value.problems == [f"{tmp_path / 'missing.json'}: no such file."]


@pytest.fixture
def admin_client_with_mfa(client, db):
    from tests.factories import SecretariatUserFactory

    user = SecretariatUserFactory(email="admin@example.org")
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    return client


def test_admin_lists_searches_and_filters_concepts(admin_client_with_mfa):
    theme = Scheme.objects.get(code="theme")
    response = admin_client_with_mfa.get(
        "/admin/taxonomy/concept/", {"q": "Çevrimiçi radikalleşme"}
    )
    assert response.status_code == 200
    assert list(response.context["cl"].result_list.values_list("code", flat=True)) == [
        "online-radicalisation"
    ]
    response = admin_client_with_mfa.get(
        "/admin/taxonomy/concept/", {"scheme__id__exact": theme.pk}
    )
    assert response.status_code == 200
    assert response.context["cl"].result_count == 22


def test_admin_edits_labels_and_synonyms_in_every_language(admin_client_with_mfa):
    concept = Concept.objects.get(scheme__code="sector", code="police")
    url = f"/admin/taxonomy/concept/{concept.pk}/change/"
    response = admin_client_with_mfa.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert {f"label_{lang}" for lang in LANGS} <= set(form.fields)
    assert {f"synonyms_{lang}" for lang in LANGS} <= set(form.fields)
    data = {
        **{f"label_{lang}": getattr(concept, f"label_{lang}") for lang in LANGS},
        **{f"synonyms_{lang}": getattr(concept, f"synonyms_{lang}") for lang in LANGS},
        **{f"definition_{lang}": "" for lang in LANGS},
        "position": concept.position,
        "active": "on",
    }
    data["synonyms_tr"] += "\nasayiş"
    response = admin_client_with_mfa.post(url, data)
    assert response.status_code == 302
    concept.refresh_from_db()
    assert concept.synonyms_tr.splitlines()[-1] == "asayiş"
    assert concept.code == "police"
