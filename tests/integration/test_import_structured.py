"""The structured seed format (YAML, or JSON with a "trial" key) and the folder rule."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.integration.test_import_ctgov import STUDIES, catalogue_snapshot
from trials.importers import ImportProblem, expand_paths, read_paths
from trials.importers.store import save_records
from trials.models import Trial

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
HLX43_DOCUMENT = "001_e568c4a35867ff0c.txt"
IAE0972_DOCUMENT = "000_9ba929f6e03ce2cf.txt"


def hlx43(**changes: Any) -> dict[str, Any]:
    """A structured file for HLX43 built on its recruitment page."""
    data: dict[str, Any] = {
        "document": HLX43_DOCUMENT,
        "slug": "hlx43-npc",
        "phase": "PHASE2",
        "published": True,
        "conditions": ["NPC"],
        "interventions": [{"type": "DRUG", "name": "HLX43", "description": "Anti-PD-L1 ADC"}],
        "sites": [
            {
                "facility": "Central study team",
                "country": "China",
                "contact_email": "study-team@example.org",
                "central": True,
                "coordinators": ["coordinator"],
            }
        ],
        "faqs": [
            {
                "question": "What is a clinical trial?",
                "answer": "A study.",
                "question_zh_hans": "什么是临床试验？",
            }
        ],
        "criteria": [
            {
                "kind": "inclusion",
                "line": 2,
                "type": "age",
                "params": {"min": 18},
                "text": "Age ≥ 18 years at the time of signing the ICF, regardless of gender;",
                "reviewed": True,
            },
            {"kind": "exclusion", "line": 16, "type": "text", "text": "Active tuberculosis."},
        ],
    }
    data.update(changes)
    return data


def write_yaml(folder: Path, name: str, data: Any) -> str:
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(path)


@pytest.fixture
def seed_folder(tmp_path: Path) -> Path:
    """A folder with copies of the three seed documents and a README."""
    for document in SEEDS.glob("*.txt"):
        shutil.copy(document, tmp_path / document.name)
    (tmp_path / "README.md").write_text("Not a trial.", encoding="utf-8")
    return tmp_path


def test_structured_file_completes_and_overrides_its_document(seed_folder: Path) -> None:
    path = write_yaml(seed_folder, "hlx43.yaml", hlx43())

    (record,) = read_paths([path])

    assert record.nct_id == "NCT06839066"
    assert record.slug == "hlx43-npc"
    assert record.slug_given is True
    assert record.aliases == ("nct06839066",)
    assert record.sponsor == "Shanghai Henlius Biotech"
    assert record.brief_title.startswith("A Phase II Study to Evaluate HLX43")
    assert record.published is True
    assert record.condition_codes == ("NPC",)
    assert record.condition_terms == ("Nasopharyngeal Carcinoma (NPC)",)
    assert record.criteria is not None
    assert [(c.kind, c.type, c.params, c.reviewed) for c in record.criteria] == [
        ("inclusion", "age", {"min": 18}, True),
        ("exclusion", "text", {}, False),
    ]
    assert record.eligibility_text is not None
    assert record.eligibility_text.startswith("Inclusion Criteria:")
    assert record.source == path


def test_json_structured_file_is_told_from_ctgov_by_its_trial_key(seed_folder: Path) -> None:
    path = seed_folder / "hlx43.json"
    path.write_text(json.dumps({"trial": hlx43()}), encoding="utf-8")

    (record,) = read_paths([str(path), str(STUDIES)])[:1]

    assert record.slug == "hlx43-npc"
    assert record.faqs is not None
    assert record.faqs[0].question_zh_hans == "什么是临床试验？"


def test_structured_file_without_document(tmp_path: Path) -> None:
    path = write_yaml(
        tmp_path,
        "plain.yml",
        {
            "slug": "plain-trial",
            "brief_title": "A Plain Test Trial",
            "minimum_age_years": 18,
            "maximum_age_years": None,
            "start_date": "2026-02-01",
            "outcomes": {"primary": [{"measure": "ORR", "time_frame": "2 years"}]},
        },
    )

    (record,) = read_paths([path])

    assert (record.slug, record.nct_id, record.brief_title) == (
        "plain-trial",
        None,
        "A Plain Test Trial",
    )
    assert record.maximum_age_years is None
    assert "maximum_age_years" in record.cleared
    assert record.outcomes is not None
    assert record.outcomes[0].measure == "ORR"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"critera": []}, "critera", "this key is not part of the structured seed format"),
        (
            {"sites": [{"facilty": "Typo Hospital"}]},
            "sites[0].facilty",
            "unknown key",
        ),
        (
            {
                "criteria": [
                    {
                        "kind": "inclusion",
                        "type": "age",
                        "params": {"min": "eighteen"},
                        "text": "Age",
                    }
                ]
            },
            "criteria[0].params.min",
            "",
        ),
        (
            {
                "criteria": [
                    {"kind": "inclusion", "type": "age", "params": {"minimum": 18}, "text": "Age"}
                ]
            },
            "criteria[0].params.minimum",
            "has no parameter",
        ),
        (
            {"criteria": [{"kind": "inclusion", "type": "blood_type", "text": "O"}]},
            "criteria[0].type",
            "",
        ),
        (
            {"criteria": [{"kind": "maybe", "text": "Age"}]},
            "criteria[0].kind",
            "'maybe' is not one of",
        ),
        ({"phase": "PHASE9"}, "phase", "'PHASE9' is not one of"),
        ({"nct_id": "NCT1"}, "nct_id", "is not an NCT ID"),
        ({"document": "missing.txt"}, "document", "does not exist"),
        ({"minimum_age_years": "18"}, "minimum_age_years", "expected a whole number"),
    ],
)
def test_structured_problems_name_the_field(
    seed_folder: Path, changes: dict[str, Any], field: str, message: str
) -> None:
    path = write_yaml(seed_folder, "hlx43.yaml", hlx43(**changes))

    with pytest.raises(ImportProblem) as problem:
        read_paths([path])

    assert problem.value.path == path
    assert problem.value.field == field
    assert message in problem.value.message


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("slug: a\nbrief_title: [unclosed\n", encoding="utf-8")

    with pytest.raises(ImportProblem) as problem:
        read_paths([str(path)])

    assert problem.value.field is not None
    assert problem.value.field.startswith("line ")
    assert "not valid YAML" in problem.value.message


def test_folder_expansion_consumes_the_document_of_a_structured_file(seed_folder: Path) -> None:
    write_yaml(seed_folder, "hlx43.yaml", hlx43())

    files = expand_paths([str(seed_folder)])
    records = read_paths([str(seed_folder)])

    assert [Path(f).name for f in files] == [
        "000_9ba929f6e03ce2cf.txt",
        "001_e568c4a35867ff0c.txt",
        "002_19b614015e89b2cf.txt",
        "hlx43.yaml",
    ]
    assert [Path(r.source).name for r in records] == [
        "000_9ba929f6e03ce2cf.txt",
        "002_19b614015e89b2cf.txt",
        "hlx43.yaml",
    ]


def test_the_same_trial_twice_in_one_run_is_a_problem(seed_folder: Path) -> None:
    path = write_yaml(
        seed_folder, "hlx43.yaml", hlx43(document=None, nct_id="NCT06839066", brief_title="HLX43")
    )

    with pytest.raises(ImportProblem) as problem:
        read_paths([str(seed_folder / HLX43_DOCUMENT), path])

    assert problem.value.field == "nct_id"
    assert "also imported from" in problem.value.message


@pytest.mark.django_db
def test_structured_file_saves_sites_coordinators_faqs_and_criteria(seed_folder: Path) -> None:
    user = User.objects.create_user("coordinator")
    path = write_yaml(seed_folder, "hlx43.yaml", hlx43())

    summary = save_records(read_paths([path]))

    assert summary.actions == {"NCT06839066": "created"}
    trial = Trial.objects.get(nct_id="NCT06839066")
    assert trial.slug == "hlx43-npc"
    assert trial.published is True
    assert list(trial.conditions.values_list("code", flat=True)) == ["NPC"]
    site = trial.sites.get()
    assert site.is_central_contact is True
    assert list(site.coordinators.all()) == [user]
    assert trial.faqs.get().question == "What is a clinical trial?"
    assert list(trial.criteria.values_list("kind", "order", "type", "line")) == [
        ("exclusion", 1, "text", 16),
        ("inclusion", 1, "age", 2),
    ]
    assert [c.to_engine().type for c in trial.criteria.all()] == ["text", "age"]

    again = save_records(read_paths([path]))

    assert again.actions == {"NCT06839066": "unchanged"}


@pytest.mark.django_db
def test_structured_file_adopts_the_trial_its_document_created(seed_folder: Path) -> None:
    save_records(read_paths([str(seed_folder / IAE0972_DOCUMENT)]))
    created = Trial.objects.get()
    path = write_yaml(
        seed_folder,
        "iae0972.yaml",
        {"document": IAE0972_DOCUMENT, "slug": "iae0972-hnscc-npc", "phase": "PHASE2_PHASE3"},
    )

    summary = save_records(read_paths([path]))

    assert summary.actions == {"iae0972-hnscc-npc": "updated"}
    trial = Trial.objects.get()
    assert trial.pk == created.pk
    assert (trial.slug, trial.phase) == ("iae0972-hnscc-npc", "PHASE2_PHASE3")


@pytest.mark.django_db
def test_null_clears_a_stored_value(tmp_path: Path) -> None:
    data = {"slug": "plain", "brief_title": "Plain", "sponsor": "Someone", "maximum_age_years": 70}
    save_records(read_paths([write_yaml(tmp_path, "plain.yaml", data)]))
    data.update(sponsor=None, maximum_age_years=None)

    save_records(read_paths([write_yaml(tmp_path, "plain.yaml", data)]))

    trial = Trial.objects.get(slug="plain")
    assert (trial.sponsor, trial.maximum_age_years) == ("", None)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"conditions": ["NPC", "NOT_A_CODE"]},
            "hlx43.yaml: conditions[1]: the condition code 'NOT_A_CODE'",
        ),
        ({}, "hlx43.yaml: sites[0].coordinators[0]: there is no user named 'coordinator'"),
    ],
)
def test_unknown_references_roll_back_the_whole_run(
    seed_folder: Path, changes: dict[str, Any], expected: str
) -> None:
    call_command("import_trials", str(seed_folder / IAE0972_DOCUMENT), stdout=io.StringIO())
    before = catalogue_snapshot()
    path = write_yaml(seed_folder, "hlx43.yaml", hlx43(**changes))
    stderr = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_trials", str(STUDIES), path, stdout=io.StringIO(), stderr=stderr)

    assert expected in stderr.getvalue()
    assert catalogue_snapshot() == before
