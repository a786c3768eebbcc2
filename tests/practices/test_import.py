"""manage.py import_practices / export_practices and the validator behind them."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strongcities.practices.importing import (
    RECORD_FIELDS,
    Problem,
    validate_document,
    validate_records,
)
from strongcities.practices.models import Practice, PracticeVersion
from tests.factories import PartnerFactory
from tests.practices.factories import make_practice

pytestmark = pytest.mark.django_db


def record(**overrides) -> dict:
    data = {
        "external_id": "tunis-2019-mentoring",
        "city": "tunis",
        "language": "en",
        "title": "Mentoring pupils at risk",
        "summary": "Trained mentors meet pupils weekly.",
        "context": "Recruiters target teenagers online.",
        "approach": "",
        "resources": "Two social workers.",
        "results": "",
        "theory_of_change": "",
        "lessons_learned": "",
        "transferability": "Needs a school partner.",
        "themes": ["youth-engagement", "education"],
        "audiences": ["adolescents"],
        "stakeholders": ["education", "social-worker"],
        "prevention_level": "secondary",
        "evidence_level": "monitored",
        "geographic_scope": "city",
        "visibility": "restricted",
        "shared_with": ["aarhus"],
        "status": "published",
        "start_year": 2019,
        "still_running": True,
        "contact": {"name": "Amira B.", "role": "Coordinator", "email": "amira@tunis.example.org"},
        "translations": {
            "fr": {"title": "Tutorat des élèves à risque", "summary": "Des tuteurs formés."}
        },
    }
    data.update(overrides)
    return data


def write(tmp_path, practices: list, name: str = "practices.json"):
    path = tmp_path / name
    path.write_text(json.dumps({"practices": practices}, ensure_ascii=False, indent=2), "utf-8")
    return path


def run_import(path, *args) -> str:
    out = io.StringIO()
    call_command("import_practices", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def failed_import(path) -> tuple[str, list[str]]:
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_practices", str(path), stdout=io.StringIO(), stderr=err)
    return str(caught.value), err.getvalue().splitlines()


def problems_of(*records) -> list[tuple[int | None, str, str]]:
    _records, problems = validate_records(list(records))
    return [(p.index, p.field, p.reason) for p in problems]


def counts() -> tuple[int, int]:
    return Practice.objects.count(), PracticeVersion.objects.count()


def codes(practice, name) -> list[str]:
    return sorted(c.code for c in getattr(practice, name).all())


# --- A valid file ---------------------------------------------------------------------------


def test_valid_file_creates_published_practices(tmp_path, world):
    second = record(
        external_id="aarhus-exit",
        city="aarhus",
        language="fr",
        title="Programme de sortie",
        summary="Accompagnement vers la sortie.",
        themes=["exit-reintegration"],
        audiences=[],
        stakeholders=[],
        prevention_level=None,
        evidence_level=None,
        geographic_scope=None,
        visibility="public",
        shared_with=[],
        status="draft",
        contact=None,
        translations={"ar": {"title": "برنامج الخروج"}},
    )
    out = run_import(write(tmp_path, [record(), second]))
    assert out == "created 2, updated 0, unchanged 0"

    practice = Practice.objects.get(external_id="tunis-2019-mentoring")
    assert practice.city == world.city
    assert practice.status == "published"
    assert practice.label == "inspiring"
    assert practice.published_at is not None
    assert practice.version == 1
    assert practice.slug == "mentoring-pupils-at-risk"
    assert practice.language == "en"
    assert practice.text("title", "en") == "Mentoring pupils at risk"
    assert practice.text("title", "fr") == "Tutorat des élèves à risque"
    assert practice.text("summary", "fr") == "Des tuteurs formés."
    assert practice.text("title", "ar") == ""
    assert practice.languages() == ["en", "fr"]
    assert codes(practice, "themes") == ["education", "youth-engagement"]
    assert codes(practice, "audiences") == ["adolescents"]
    assert codes(practice, "stakeholders") == ["education", "social-worker"]
    assert practice.prevention_level.code == "secondary"
    assert practice.evidence_level.code == "monitored"
    assert practice.geographic_scope.code == "city"
    assert practice.visibility == "restricted"
    assert list(practice.shared_with.all()) == [world.other_city]
    assert (practice.start_year, practice.still_running) == (2019, True)
    assert (practice.contact_name, practice.contact_role, practice.contact_email) == (
        "Amira B.",
        "Coordinator",
        "amira@tunis.example.org",
    )

    draft = Practice.objects.get(external_id="aarhus-exit")
    assert (draft.status, draft.label, draft.version) == ("draft", "", 0)
    assert draft.languages() == ["fr", "ar"]
    assert draft.text("title", "ar") == "برنامج الخروج"
    assert list(draft.shared_with.all()) == []
    assert draft.prevention_level is None


def test_partner_owner(tmp_path, world):
    partner = PartnerFactory(slug="unesco")
    data = record(city=None, partner="unesco", visibility="public", shared_with=[])
    del data["city"]
    run_import(write(tmp_path, [data]))
    practice = Practice.objects.get()
    assert (practice.partner, practice.city) == (partner, None)


def test_dry_run_writes_nothing(tmp_path, world):
    out = run_import(write(tmp_path, [record()]), "--dry-run")
    assert out == "Dry run, nothing written: would create 1, update 0, leave 0 unchanged."
    assert counts() == (0, 0)


# --- Re-import ------------------------------------------------------------------------------


def test_reimport_updates_by_external_id_and_keeps_a_version(tmp_path, world):
    run_import(write(tmp_path, [record()]))
    practice = Practice.objects.get()
    assert practice.version == 1

    changed = record(
        title="Mentoring pupils and parents",
        themes=["family-support"],
        translations={"es": {"title": "Tutoría"}},
    )
    out = run_import(write(tmp_path, [changed]))
    assert out == "created 0, updated 1, unchanged 0"
    practice = Practice.objects.get()
    assert practice.pk == Practice.objects.get(external_id="tunis-2019-mentoring").pk
    assert practice.slug == "mentoring-pupils-at-risk"  # the address does not move
    assert practice.text("title", "en") == "Mentoring pupils and parents"
    assert practice.languages() == ["en", "es"]
    assert practice.text("title", "fr") == ""
    assert codes(practice, "themes") == ["family-support"]
    assert practice.status == "published"
    assert practice.version == 2
    version = practice.versions.get(number=2)
    assert version.data["texts"]["en"]["title"] == "Mentoring pupils and parents"
    assert version.note == "Imported"

    out = run_import(write(tmp_path, [changed]))
    assert out == "created 0, updated 0, unchanged 1"
    assert Practice.objects.get().version == 2


def test_reimport_publishes_a_draft(tmp_path, world):
    run_import(write(tmp_path, [record(status="draft")]))
    assert Practice.objects.get().status == "draft"
    out = run_import(write(tmp_path, [record(status="published")]))
    assert out == "created 0, updated 1, unchanged 0"
    practice = Practice.objects.get()
    assert (practice.status, practice.label, practice.version) == ("published", "inspiring", 1)


def test_reimport_publishes_a_submitted_practice_with_changes(tmp_path, world):
    practice = make_practice(world.city, status="submitted", title="Old title")
    Practice.objects.filter(pk=practice.pk).update(external_id="x-1")
    out = run_import(write(tmp_path, [record(external_id="x-1", title="New title")]))
    assert out == "created 0, updated 1, unchanged 0"
    practice.refresh_from_db()
    assert (practice.status, practice.text("title", "en")) == ("published", "New title")
    assert practice.version == 2  # published (1), then changed (2)


def test_published_practice_cannot_go_back_to_draft(tmp_path, world):
    run_import(write(tmp_path, [record()]))
    _message, lines = failed_import(write(tmp_path, [record(status="draft")]))
    assert lines == [
        'practices[0] (external_id "tunis-2019-mentoring", line 3), field "status": '
        "The practice is already published: an import cannot take it back to draft."
    ]


def test_owner_cannot_change(tmp_path, world):
    run_import(write(tmp_path, [record()]))
    _message, lines = failed_import(write(tmp_path, [record(city="aarhus", shared_with=[])]))
    assert lines == [
        'practices[0] (external_id "tunis-2019-mentoring", line 3), field "city": '
        "The practice belongs to tunis: an import cannot give it another owner."
    ]


# --- Invalid files: every error, nothing written -------------------------------------------


def test_invalid_records_name_record_field_reason_and_nothing_is_written(tmp_path, world):
    make_practice(world.city, title="Already there")
    before = counts()
    bad = [
        record(),  # valid, but not written since others are wrong
        record(external_id="b", city="atlantis"),
        record(external_id="c", themes=["youth-engagement", "no-such-theme"]),
        record(external_id="d", audiences=["primary"]),
        record(external_id="e", visibility="members"),
        record(external_id="f", language="de"),
        record(external_id="g", title=""),
        record(external_id="h", translations={"xx": {"title": "?"}}),
        record(external_id="i", start_year="2019"),
        record(external_id="j", title=["Mentoring"]),
        record(),
    ]
    path = tmp_path / "practices.json"  # one record per line: record n is on line n + 2
    path.write_text('{"practices": [\n' + ",\n".join(map(json.dumps, bad)) + "\n]}", "utf-8")
    message, lines = failed_import(path)
    assert message == f"10 error(s) in {path}: nothing was imported."
    line = [n + 2 for n in range(len(bad))]
    assert lines == [
        f'practices[1] (external_id "b", line {line[1]}), field "city": Unknown city "atlantis".',
        f'practices[2] (external_id "c", line {line[2]}), field "themes": '
        'Unknown concept code "no-such-theme" (scheme theme).',
        f'practices[3] (external_id "d", line {line[3]}), field "audiences": '
        '"primary" is a concept of the prevention-level scheme, not of the audience scheme.',
        f'practices[4] (external_id "e", line {line[4]}), field "shared_with": '
        "Only a restricted practice is shared with named cities.",
        f'practices[5] (external_id "f", line {line[5]}), field "language": '
        'Unknown value "de": use one of en, fr, ar, es, tr.',
        f'practices[6] (external_id "g", line {line[6]}), field "title": '
        "A practice needs a title in its original language.",
        f'practices[7] (external_id "h", line {line[7]}), field "translations.xx": '
        'Unknown language "xx": use one of en, fr, ar, es, tr.',
        f'practices[8] (external_id "i", line {line[8]}), field "start_year": '
        "It must be a whole number from 1950 to 2100, or null.",
        f'practices[9] (external_id "j", line {line[9]}), field "title": It must be a string.',
        f'practices[10] (external_id "tunis-2019-mentoring", line {line[10]}), '
        'field "external_id": The external_id is already used by practices[0] in this file.',
    ]
    assert counts() == before


def test_errors_of_one_record_are_all_collected(world):
    raw = record(
        colour="blue",
        language="en",
        title=None,
        summary=42,
        translations={"fr": {"title": "", "summary": "Résumé", "moral": "x"}, "en": {}},
        contact={"name": "A", "email": "not-an-email", "phone": "123"},
        still_running="yes",
        prevention_level=["primary"],
        stakeholders="police",
        status="archived",
    )
    del raw["city"]
    assert problems_of(raw) == [
        (0, "colour", "Unknown field."),
        (0, "city", "This field is required (or give a partner)."),
        (0, "title", "A practice needs a title in its original language."),
        (0, "summary", "It must be a string."),
        (0, "stakeholders", "It must be a list of concept codes."),
        (0, "prevention_level", "It must be a concept code or null."),
        (0, "status", 'Unknown value "archived": use one of draft, published.'),
        (0, "still_running", "It must be true or false."),
        (0, "contact.phone", "Unknown field."),
        (0, "contact.email", "Enter a valid email address."),
        (0, "translations.fr.moral", "Unknown field."),
        (0, "translations.fr.title", "A translation needs at least a title."),
        (
            0,
            "translations.en",
            "This is the original language: its texts go in the record's own fields.",
        ),
    ]


def test_wrong_scheme_for_a_level(world):
    assert problems_of(record(evidence_level="primary")) == [
        (
            0,
            "evidence_level",
            '"primary" is a concept of the prevention-level scheme, not of the evidence-level '
            "scheme.",
        )
    ]


def test_unknown_shared_city_and_long_title(world):
    assert problems_of(record(shared_with=["aarhus", "gotham"], title="x" * 201)) == [
        (0, "title", "It must be at most 200 characters long."),
        (0, "shared_with", 'Unknown cities: "gotham".'),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"practices": [', "The file is not valid JSON (line 1, column 16): Expecting value."),
        (
            '{\n  "practices": [\n    {"title": "x",}\n  ]\n}',
            "The file is not valid JSON (line 3, column 19): Expecting property name enclosed "
            "in double quotes.",
        ),
        ("[]", 'The file must be a JSON object with a list under "practices".'),
        ('{"practices": {}}', 'The file must be a JSON object with a list under "practices".'),
        ('{"practices": [], "cities": []}', 'Unknown top-level field "cities".'),
    ],
)
def test_file_level_errors(text, message, world):
    records, problems = validate_document(text)
    assert records == []
    assert [str(p) for p in problems] == [message]


def test_non_object_record(world):
    _records, problems = validate_document('{"practices": [\n  "hello"\n]}')
    assert [str(p) for p in problems] == [
        "practices[0] (line 2): Each record must be a JSON object."
    ]


def test_command_reports_unreadable_file(tmp_path, world):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_practices", str(tmp_path / "missing.json"))


# --- Export and the round trip --------------------------------------------------------------


def export(*args) -> str:
    out = io.StringIO()
    call_command("export_practices", *args, stdout=out)
    return out.getvalue()


def test_round_trip_export_import_changes_nothing(tmp_path, world):
    partner = PartnerFactory(slug="unesco")
    run_import(write(tmp_path, [record()]))
    make_practice(
        world.other_city,
        title="Sport against hate",
        language="fr",
        summary="Du sport.",
        translations={"tr": {"title": "Nefrete karşı spor", "summary": "Spor."}},
        themes=("sport-culture",),
        status="draft",
    )
    make_practice(partner=partner, title="Archived one", status="archived")
    make_practice(world.city, title="Waiting", status="submitted")
    first = export()
    exported = json.loads(first)["practices"]
    assert exported[0] == {**record(), "themes": ["education", "youth-engagement"]}
    assert exported[1]["external_id"] == "hub:sport-against-hate"
    assert exported[1]["status"] == "draft"
    assert exported[1]["translations"] == {
        "tr": {"title": "Nefrete karşı spor", "summary": "Spor."}
    }
    assert [p["status"] for p in exported] == ["published", "draft", "published", "draft"]
    assert exported[2]["partner"] == "unesco"
    assert "city" not in exported[2]

    path = tmp_path / "export.json"
    path.write_text(first, "utf-8")
    before = counts()
    assert run_import(path) == "created 0, updated 0, unchanged 4"
    assert counts() == before
    assert export() == first
    assert Practice.objects.filter(external_id__isnull=True).count() == 3


def test_export_of_published_only(world):
    make_practice(world.city, title="Live")
    make_practice(world.city, title="Not yet", status="draft")
    exported = json.loads(export("--status", "published"))["practices"]
    assert [p["title"] for p in exported] == ["Live"]


def test_round_trip_into_an_empty_database(tmp_path, world):
    make_practice(world.city, title="Sport", language="ar", summary="ملخص", themes=())
    path = tmp_path / "export.json"
    path.write_text(export(), "utf-8")
    Practice.objects.all().delete()
    assert run_import(path) == "created 1, updated 0, unchanged 0"
    practice = Practice.objects.get()
    assert practice.external_id == "hub:sport"
    assert (practice.language, practice.text("summary", "ar")) == ("ar", "ملخص")


# --- Property tests ---------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)
plausible = {
    "external_id": st.text(max_size=10),
    "city": st.sampled_from(["tunis", "aarhus", "atlantis", ""]),
    "language": st.sampled_from(["en", "fr", "ar", "xx", ""]),
    "themes": st.lists(st.sampled_from(["youth-engagement", "primary", "nope"]), max_size=3),
    "visibility": st.sampled_from(["public", "members", "restricted", "secret"]),
    "shared_with": st.lists(st.sampled_from(["tunis", "aarhus", "gotham"]), max_size=2),
    "status": st.sampled_from(["draft", "published", "archived"]),
    "translations": st.dictionaries(
        st.sampled_from(["fr", "ar", "en", "zz"]),
        st.dictionaries(st.sampled_from(["title", "summary", "moral"]), json_values, max_size=2)
        | json_values,
        max_size=2,
    ),
    "contact": st.dictionaries(st.sampled_from(["name", "email", "phone"]), json_values),
}
records_st = st.lists(
    st.fixed_dictionaries(
        {},
        optional={
            **dict.fromkeys(sorted(RECORD_FIELDS), json_values),
            **plausible,
            "other": json_values,
        },
    )
    | json_values,
    max_size=3,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(items=records_st)
def test_validator_accepts_or_names_a_field(world, items):
    records, problems = validate_records(items)
    assert (records == []) != (problems == []) or items == []
    for problem in problems:
        assert isinstance(problem, Problem)
        assert isinstance(problem.index, int)
        assert str(problem).startswith(f"practices[{problem.index}] (")
        if isinstance(items[problem.index], dict):
            assert problem.field is not None
            known = problem.field.split(".")[0] in RECORD_FIELDS
            assert known or problem.reason == "Unknown field.", problem
        else:
            assert problem.field is None
    for item in records:
        assert item.content.texts[item.content.language]["title"]


valid_records = st.builds(
    lambda title, language, year, themes: record(
        title=title, language=language, start_year=year, themes=themes, translations={}
    ),
    title=st.text(min_size=1, max_size=200).filter(str.strip),
    language=st.sampled_from(["en", "fr", "ar", "es", "tr"]),
    year=st.none() | st.integers(min_value=1950, max_value=2100),
    themes=st.lists(st.sampled_from(["youth-engagement", "education", "gender"]), max_size=3),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(item=valid_records)
def test_valid_generated_records_validate(world, item):
    records, problems = validate_records([item])
    assert problems == []
    assert [r.external_id for r in records] == ["tunis-2019-mentoring"]
