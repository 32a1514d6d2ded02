"""Re-importing a changed ClinicalTrials.gov record keeps the curator's reviewed criteria and
flags the protocol lines whose words changed; a broken record is rejected with nothing written."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from trials.models import EligibilityCriterion, Trial

from .test_import_ctgov import catalogue_snapshot

pytestmark = pytest.mark.django_db

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "ctgov" / "real"
NCT = "NCT06385925"
ECOG_LINE = "Eastern Cooperative Oncology Group (ECOG) performance status 0 or 1."


def study() -> dict[str, Any]:
    return json.loads((REAL / f"{NCT}.json").read_text(encoding="utf-8"))


def eligibility(data: dict[str, Any]) -> dict[str, Any]:
    module: dict[str, Any] = data["protocolSection"]["eligibilityModule"]
    return module


def run_import(tmp_path: Path, data: dict[str, Any]) -> str:
    path = tmp_path / f"{NCT}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = io.StringIO()
    call_command("import_trials", str(path), stdout=out)
    return out.getvalue()


def review(criterion: EligibilityCriterion, **changes: Any) -> None:
    for name, value in changes.items():
        setattr(criterion, name, value)
    criterion.reviewed = True
    criterion.save()


@pytest.fixture
def curated(tmp_path: Path) -> Trial:
    """The study imported once, with a curator's work on three lines."""
    run_import(tmp_path, study())
    trial = Trial.objects.get(nct_id=NCT)
    review(trial.criteria.get(type="ecog"))
    review(trial.criteria.get(type="life_expectancy"))
    washout = trial.criteria.get(type="washout", params__category="radiotherapy")
    review(washout, params={"category": "radiotherapy", "days": 14})  # the curator's reading
    return trial


def test_reimporting_the_same_record_changes_nothing(tmp_path: Path, curated: Trial) -> None:
    before = list(curated.criteria.values_list("pk", "type", "params", "reviewed", "updated_at"))

    output = run_import(tmp_path, study())

    assert output.startswith(f"unchanged {NCT}")
    after = list(curated.criteria.values_list("pk", "type", "params", "reviewed", "updated_at"))
    assert after == before


def test_a_changed_line_keeps_the_curators_criterion_unreviewed_and_flagged(
    tmp_path: Path, curated: Trial
) -> None:
    data = study()
    text = eligibility(data)["eligibilityCriteria"]
    eligibility(data)["eligibilityCriteria"] = text.replace(
        "Radical radiation within 4 weeks", "Radical radiation within 3 weeks"
    )
    ecog = curated.criteria.get(type="ecog")
    radiotherapy = curated.criteria.get(type="washout", params__category="radiotherapy")

    output = run_import(tmp_path, data)

    assert output.startswith(f"updated {NCT}")
    radiotherapy.refresh_from_db()
    assert radiotherapy.text.startswith("Radical radiation within 3 weeks")
    assert (radiotherapy.params, radiotherapy.reviewed, radiotherapy.text_changed) == (
        {"category": "radiotherapy", "days": 14},
        False,
        True,
    )
    ecog.refresh_from_db()
    assert (ecog.reviewed, ecog.text_changed) == (True, False)
    assert curated.criteria.filter(text_changed=True).count() == 1
    assert curated.criteria.filter(reviewed=True).count() == 2


def test_renumbered_lines_keep_their_review_and_new_lines_are_proposed(
    tmp_path: Path, curated: Trial
) -> None:
    data = study()
    text = eligibility(data)["eligibilityCriteria"]
    eligibility(data)["eligibilityCriteria"] = text.replace(
        "* The subject fully understands",
        "* ECOG performance status of 0 or 1 is confirmed twice\n* The subject fully understands",
    ).replace("* Prior treatment with KRAS G12D targeted therapy.\n", "")
    ecog = curated.criteria.get(type="ecog", text=ECOG_LINE)

    run_import(tmp_path, data)

    ecog.refresh_from_db()
    # Line 1 is the lead-in sentence ("Subjects must meet all the following ...").
    assert (ecog.line, ecog.reviewed, ecog.text_changed) == (6, True, False)
    new = curated.criteria.get(text__startswith="ECOG performance status of 0 or 1 is confirmed")
    assert (new.line, new.type, new.reviewed) == (2, "ecog", False)
    assert not curated.criteria.filter(text__contains="KRAS G12D targeted").exists()
    inclusion_orders = list(
        curated.criteria.filter(kind="inclusion").values_list("order", flat=True)
    )
    assert inclusion_orders == list(range(1, len(inclusion_orders) + 1))


def test_unreviewed_proposals_are_replaced_by_the_new_reading(
    tmp_path: Path, curated: Trial
) -> None:
    data = study()
    text = eligibility(data)["eligibilityCriteria"]
    eligibility(data)["eligibilityCriteria"] = text.replace(
        "Life expectancy of 3 months or more.", "Life expectancy of 3 months or more."
    ).replace("Leptomeningeal disease or Active", "Leptomeningeal disease or untreated")
    cns = curated.criteria.get(type="flag", params__question="cns_metastases_active")

    run_import(tmp_path, data)

    cns.refresh_from_db()
    assert cns.text.startswith("Leptomeningeal disease or untreated")
    assert (cns.reviewed, cns.text_changed) == (False, False)  # nobody had reviewed it


def test_a_changed_registry_age_flags_the_reviewed_age_criterion(
    tmp_path: Path, curated: Trial
) -> None:
    age = curated.criteria.get(type="age")
    review(age)
    data = copy.deepcopy(study())
    eligibility(data)["maximumAge"] = "75 Years"

    run_import(tmp_path, data)

    age.refresh_from_db()
    assert (age.reviewed, age.text_changed) == (False, True)
    assert curated.criteria.filter(type="age").count() == 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"protocolSection": {', "the file is not valid JSON"),
        (
            json.dumps({"derivedSection": {}, "hasResults": False}),
            "protocolSection: the study has no protocolSection object",
        ),
        (
            json.dumps(
                {
                    "protocolSection": {
                        "identificationModule": {"nctId": "NCT09900077"},
                        "eligibilityModule": {"minimumAge": "eighteen"},
                    }
                }
            ),
            "protocolSection.eligibilityModule.minimumAge: the age 'eighteen' is not",
        ),
    ],
)
def test_a_broken_record_is_rejected_with_a_clear_message_and_nothing_imported(
    tmp_path: Path, content: str, expected: str
) -> None:
    before = catalogue_snapshot()
    broken = tmp_path / "broken.json"
    broken.write_text(content, encoding="utf-8")
    stderr = io.StringIO()

    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command(
            "import_trials",
            str(REAL / f"{NCT}.json"),  # a good record in the same run is not imported either
            str(broken),
            stdout=io.StringIO(),
            stderr=stderr,
        )

    assert str(broken) in stderr.getvalue()
    assert expected in stderr.getvalue()
    assert catalogue_snapshot() == before
    assert not Trial.objects.exists()


def test_every_real_record_imports_with_its_conditions_sites_and_proposals() -> None:
    out = io.StringIO()
    studies = sorted(str(path) for path in REAL.glob("NCT*.json"))  # expected.json is no study

    call_command("import_trials", *studies, stdout=out)

    assert out.getvalue().count("created NCT") == len(list(REAL.glob("NCT*.json")))
    npc = Trial.objects.get(nct_id="NCT06029270")
    assert list(npc.conditions.values_list("code", flat=True)) == ["NPC"]
    assert npc.published is False
    assert npc.criteria.filter(type="ecog", params={"min": 0, "max": 2}).exists()
    lung = Trial.objects.get(nct_id="NCT05048797")
    assert lung.maximum_age_years is None  # the registry's "123 Years" means no limit
    # The synonym table reads the condition inside the registry's longer name.
    assert lung.unmapped_condition_terms() == []
    assert list(lung.conditions.values_list("code", flat=True)) == ["NSCLC"]
    assert Trial.objects.get(nct_id="NCT05288205").sites.count() == 3
