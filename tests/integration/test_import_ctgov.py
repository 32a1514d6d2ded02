"""ClinicalTrials.gov API v2 JSON: the three file shapes, the field rules, idempotent re-imports."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from trials.importers import ImportProblem, read_paths
from trials.importers.ctgov import age_in_years, read_ctgov
from trials.importers.eligibility import split_eligibility
from trials.importers.store import save_records
from trials.importers.synonyms import PHRASES, condition_codes, diagnosis_codes
from trials.models import FAQ, Condition, EligibilityCriterion, Intervention, Outcome, Site, Trial
from trials.reference import CONDITIONS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ctgov"
STUDIES = FIXTURES / "studies.json"
SINGLE = FIXTURES / "single_study.json"
CATALOGUE = (
    Trial,
    Condition,
    Intervention,
    Outcome,
    Site,
    EligibilityCriterion,
    FAQ,
    Trial.conditions.through,
    Site.coordinators.through,
)


def catalogue_snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every catalogue table, to prove that a failed import wrote nothing."""
    snapshot: dict[str, list[dict[str, Any]]] = {}
    for model in CATALOGUE:
        snapshot[model._meta.label] = [
            dict(row) for row in model._default_manager.order_by("pk").values()
        ]
    return snapshot


def catalogue_ids() -> dict[str, list[int]]:
    """The primary keys of every catalogue table."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values_list("pk", flat=True))
        for model in CATALOGUE
    }


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def write_json(path: Path, data: Any) -> str:
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_studies_shape_gives_one_record_per_study() -> None:
    records = read_ctgov(load(STUDIES), "studies.json")

    assert [r.nct_id for r in records] == ["NCT09900001", "NCT09900002"]
    npc = records[0]
    assert npc.slug == "nct09900001"
    assert npc.brief_title.startswith("Test Study of Example-101")
    assert npc.official_title is not None
    assert npc.official_title.endswith("(TEST DATA)")
    assert npc.phase == "PHASE2"
    assert npc.overall_status == "RECRUITING"
    assert npc.sponsor == "Example Oncology Test Sponsor"
    assert npc.start_date == dt.date(2025, 3, 1)
    assert npc.completion_date == dt.date(2027, 6, 30)
    assert npc.minimum_age_years == 18
    assert npc.maximum_age_years is None
    assert "maximum_age_years" in npc.cleared
    assert npc.sex == "ALL"
    assert npc.condition_terms == ("Nasopharyngeal Carcinoma", "Recurrent Cancer")
    assert npc.condition_codes == ("NPC",)
    assert npc.published is None
    assert npc.interventions is not None
    assert [(i.type, i.name) for i in npc.interventions] == [
        ("DRUG", "Example-101"),
        ("DRUG", "Gemcitabine"),
    ]
    assert npc.interventions[1].description == "1000 mg/m^2 on days 1 and 8"
    assert npc.outcomes is not None
    assert [(o.kind, o.measure) for o in npc.outcomes] == [
        ("primary", "Objective response rate (ORR)"),
        ("secondary", "Progression-free survival (PFS)"),
        ("secondary", "Incidence of adverse events"),
    ]
    assert npc.outcomes[2].time_frame == "Up to 90 days after the last dose"


def test_locations_become_sites_with_their_first_contact() -> None:
    npc = read_ctgov(load(STUDIES), "studies.json")[0]

    assert npc.sites is not None
    first, second = npc.sites
    assert (first.facility, first.city, first.country, first.status) == (
        "Example Cancer Centre",
        "Guangzhou",
        "China",
        "RECRUITING",
    )
    assert (first.contact_name, first.contact_email, first.contact_phone) == (
        "Dr. Test Investigator",
        "npc-trial@example.org",
        "+86 20 5555 0101 ext. 12",
    )
    assert first.is_central_contact is False
    assert first.coordinators is None
    assert second.status == "NOT_YET_RECRUITING"
    assert second.contact_email == ""


def test_eligibility_text_splits_into_protocol_lines_with_unreviewed_proposals() -> None:
    npc = read_ctgov(load(STUDIES), "studies.json")[0]

    assert npc.criteria is not None
    (diagnosis,) = [c for c in npc.criteria if c.type == "diagnosis"]
    assert diagnosis.params["codes"] == ["NPC"]
    lines = [c for c in npc.criteria if c.type != "diagnosis"]
    assert [(c.kind, c.line, c.text) for c in lines] == [
        ("inclusion", 1, "Age >= 18 years"),
        (
            "inclusion",
            2,
            "Histologically confirmed recurrent or metastatic nasopharyngeal carcinoma",
        ),
        # Progression after a systemic therapy: at least one prior line, and platinum.
        ("inclusion", 3, "Disease progression after platinum-based chemotherapy"),
        ("inclusion", 3, "Disease progression after platinum-based chemotherapy"),
        (
            "inclusion",
            4,
            "Adequate organ function: Absolute neutrophil count >= 1.5 x 10^9/L; "
            "Platelets >= 100 x 10^9/L",
        ),
        ("inclusion", 5, "ECOG performance status 0 or 1"),
        ("exclusion", 1, "Prior treatment with Example-101"),
        ("exclusion", 2, "Active central nervous system metastases"),
        (
            "exclusion",
            3,
            "Systemic corticosteroids (> 10 mg prednisone daily) within 14 days "
            "before the first dose",
        ),
        ("exclusion", 4, "Pregnant or breastfeeding"),
    ]
    assert [c.type for c in lines] == [
        "age",
        "flag",
        "prior_lines",
        "prior_therapy",
        "flag",
        "ecog",
        "text",
        "flag",
        "text",
        "flag",
    ]
    assert not any(c.reviewed for c in npc.criteria)
    assert npc.eligibility_text is not None
    assert "Age >= 18 years" in npc.eligibility_text


def test_central_contacts_give_one_central_site_when_there_are_no_locations() -> None:
    hnscc = read_ctgov(load(STUDIES), "studies.json")[1]

    assert hnscc.phase == "PHASE2_PHASE3"
    assert hnscc.overall_status == "NOT_YET_RECRUITING"
    assert (hnscc.minimum_age_years, hnscc.maximum_age_years) == (18, 75)
    assert hnscc.condition_codes == ("HNSC", "NPC")
    assert hnscc.outcomes is None
    assert hnscc.sites is not None
    (site,) = hnscc.sites
    assert site.facility == "Central study team"
    assert site.is_central_contact is True
    assert (site.contact_name, site.contact_email, site.contact_phone) == (
        "Test Study Team",
        "hnscc-trial@example.org",
        "+86 21 5555 0200",
    )
    assert site.status == "NOT_YET_RECRUITING"
    assert hnscc.criteria is not None
    lines = [c for c in hnscc.criteria if c.type != "diagnosis"]
    assert [(c.kind, c.line) for c in lines] == [
        ("inclusion", 1),
        ("inclusion", 2),
        ("inclusion", 3),
        ("exclusion", 1),
        ("exclusion", 2),
    ]
    assert lines[3].text == "Grade >= 3 immune-related adverse event on prior immunotherapy"


def test_single_study_object_shape() -> None:
    (record,) = read_ctgov(load(SINGLE), "single_study.json")

    assert record.nct_id == "NCT09900003"
    assert record.phase == "PHASE1_PHASE2"
    assert record.overall_status == "UNKNOWN"  # WITHHELD is not a catalogue status
    assert (record.minimum_age_years, record.maximum_age_years) == (18, 80)
    assert record.sex == "FEMALE"
    assert record.condition_codes == ("SOLID",)
    assert record.sites is None
    assert record.sponsor is None
    assert record.criteria is not None
    assert [(c.type, c.params, c.line) for c in record.criteria[:3]] == [
        (
            "diagnosis",
            {"codes": ["SOLID"], "terms": ["Advanced Solid Tumors", "Solid Tumour"]},
            None,
        ),
        ("age", {"min": 18, "max": 80, "min_months": 216}, None),  # "216 Months"
        ("sex", {"allowed": ["female"]}, None),
    ]
    assert record.eligibility_coverage == "full"
    assert [(c.kind, c.text) for c in record.criteria[3:]] == [
        (
            "inclusion",
            "Locally advanced or metastatic solid tumour that progressed on standard therapy",
        ),
        ("inclusion", "At least one measurable lesion per RECIST 1.1"),
        ("exclusion", "Prior treatment with an anti-CD47 antibody"),
    ]


def test_list_shape(tmp_path: Path) -> None:
    studies = load(STUDIES)["studies"]
    path = write_json(tmp_path / "list.json", [studies[1], studies[0]])

    records = read_paths([path])

    assert [r.nct_id for r in records] == ["NCT09900002", "NCT09900001"]


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("18 Years", 18),
        ("1 Year", 1),
        ("6 Months", 0),
        ("30 Months", 2),
        ("12 Weeks", 0),
        ("104 Weeks", 1),
        ("30 Days", 0),
        ("eighteen Years", None),
        ("18", None),
    ],
)
def test_age_in_years(text: str, years: int | None) -> None:
    assert age_in_years(text) == years


@pytest.mark.parametrize(
    ("phases", "phase"), [(None, "NA"), (["NA"], "NA"), (["PHASE3"], "PHASE3")]
)
def test_phases_map_onto_one_phase(phases: list[str] | None, phase: str) -> None:
    study = load(SINGLE)
    if phases is None:
        del study["protocolSection"]["designModule"]
    else:
        study["protocolSection"]["designModule"]["phases"] = phases

    (record,) = read_ctgov(study, "x.json")

    assert record.phase == phase


def test_a_study_without_any_optional_module_is_tolerated() -> None:
    (record,) = read_ctgov(
        {"protocolSection": {"identificationModule": {"nctId": "NCT09900009"}}}, "x.json"
    )

    assert record.brief_title == "NCT09900009"
    assert record.phase == "NA"
    assert record.overall_status == "UNKNOWN"
    assert (record.sites, record.criteria, record.interventions, record.condition_codes) == (
        None,
        None,
        None,
        None,
    )
    assert record.cleared == frozenset()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            lambda s: s["protocolSection"]["identificationModule"].pop("nctId"),
            "studies[1].protocolSection.identificationModule.nctId",
            "the NCT ID is missing",
        ),
        (
            lambda s: s["protocolSection"]["identificationModule"].update(nctId="NCT123"),
            "studies[1].protocolSection.identificationModule.nctId",
            "'NCT123' is not an NCT ID",
        ),
        (
            lambda s: s["protocolSection"]["eligibilityModule"].update(minimumAge="eighteen Years"),
            "studies[1].protocolSection.eligibilityModule.minimumAge",
            "the age 'eighteen Years' is not a number of years",
        ),
        (
            lambda s: s["protocolSection"]["statusModule"]["startDateStruct"].update(
                date="March 2026"
            ),
            "studies[1].protocolSection.statusModule.startDateStruct.date",
            "the date 'March 2026' is not YYYY-MM or YYYY-MM-DD",
        ),
        (
            lambda s: s["protocolSection"]["designModule"].update(phases=["PHASE1", "PHASE3"]),
            "studies[1].protocolSection.designModule.phases",
            "do not name a known phase",
        ),
    ],
)
def test_bad_studies_are_problems_naming_file_and_field(
    tmp_path: Path, change: Any, field: str, message: str
) -> None:
    data = load(STUDIES)
    change(data["studies"][1])
    path = write_json(tmp_path / "bad.json", data)

    with pytest.raises(ImportProblem) as problem:
        read_paths([path])

    assert problem.value.path == path
    assert problem.value.field == field
    assert message in problem.value.message
    assert str(problem.value).startswith(f"{path}: {field}: ")


@pytest.mark.django_db
def test_multi_study_file_imports_twice_with_the_same_rows() -> None:
    first = save_records(read_paths([str(STUDIES)]))
    ids = catalogue_ids()
    stamps = dict(Trial.objects.values_list("nct_id", "updated_at"))

    second = save_records(read_paths([str(STUDIES)]))

    assert first.actions == {"NCT09900001": "created", "NCT09900002": "created"}
    assert second.actions == {"NCT09900001": "unchanged", "NCT09900002": "unchanged"}
    assert catalogue_ids() == ids
    assert dict(Trial.objects.values_list("nct_id", "updated_at")) == stamps
    npc = Trial.objects.get(nct_id="NCT09900001")
    assert npc.slug == "nct09900001"
    assert npc.published is False
    assert npc.sites.count() == 2
    # nine protocol lines (one of them gives two criteria) and the registry's condition
    assert npc.criteria.count() == 11
    assert list(npc.conditions.values_list("code", flat=True)) == ["NPC"]
    central = Site.objects.get(trial__nct_id="NCT09900002")
    assert central.is_central_contact is True


@pytest.mark.django_db
def test_a_changed_study_updates_in_place_and_removes_what_disappeared(tmp_path: Path) -> None:
    save_records(read_paths([str(STUDIES)]))
    npc = Trial.objects.get(nct_id="NCT09900001")
    kept_site = npc.sites.get(city="Guangzhou")
    kept_criterion = npc.criteria.get(kind="exclusion", order=1)
    data = load(STUDIES)
    protocol = data["studies"][0]["protocolSection"]
    protocol["statusModule"]["overallStatus"] = "ACTIVE_NOT_RECRUITING"
    protocol["contactsLocationsModule"]["locations"].pop()
    protocol["eligibilityModule"]["maximumAge"] = "70 Years"
    path = write_json(tmp_path / "studies.json", data)

    summary = save_records(read_paths([path]))

    assert summary.actions == {"NCT09900001": "updated", "NCT09900002": "unchanged"}
    npc.refresh_from_db()
    assert npc.overall_status == "ACTIVE_NOT_RECRUITING"
    assert npc.maximum_age_years == 70
    assert list(npc.sites.values_list("pk", flat=True)) == [kept_site.pk]
    assert npc.criteria.get(kind="exclusion", order=1).pk == kept_criterion.pk


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"studies": [', ": line 1, column 14: the file is not valid JSON"),
        (
            json.dumps(
                {
                    "studies": [
                        {"protocolSection": {"identificationModule": {"briefTitle": "No ID"}}}
                    ]
                }
            ),
            ": studies[0].protocolSection.identificationModule.nctId: the NCT ID is missing",
        ),
        (
            json.dumps(
                {
                    "protocolSection": {
                        "identificationModule": {"nctId": "NCT09900005"},
                        "eligibilityModule": {"minimumAge": "eighteen Years"},
                    }
                }
            ),
            ": protocolSection.eligibilityModule.minimumAge: the age 'eighteen Years' is not",
        ),
    ],
)
def test_a_rejected_file_leaves_the_database_exactly_as_it_was(
    tmp_path: Path, content: str, expected: str
) -> None:
    call_command("import_trials", str(SINGLE), stdout=io.StringIO())
    before = catalogue_snapshot()
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    stderr = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_trials", str(STUDIES), str(bad), stdout=io.StringIO(), stderr=stderr)

    assert f"{bad}{expected}" in stderr.getvalue()
    assert catalogue_snapshot() == before
    assert Trial.objects.count() == 1


@pytest.mark.django_db
def test_publish_flag_publishes_at_once_with_criteria_read_automatically() -> None:
    out = io.StringIO()
    call_command("import_trials", str(SINGLE), "--publish", stdout=out)

    trial = Trial.objects.get(nct_id="NCT09900003")
    assert trial.published is True
    assert "kept unpublished" not in out.getvalue()
    # Nothing was reviewed: the pages say the criteria were read automatically.
    assert not trial.criteria.filter(reviewed=True).exists()
    assert trial.read_automatically

    # A curator holding it back keeps a later import from publishing it again.
    Trial.objects.filter(pk=trial.pk).update(published=False, held_back=True)
    call_command("import_trials", str(SINGLE), "--publish", stdout=io.StringIO())
    trial.refresh_from_db()
    assert trial.published is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Inclusion Criteria:\n\nParticipants must meet all of these:\n\n"
            "* Adult\n* Consent given\n",
            # The lead-in is a protocol line too: no word of the text is dropped.
            [
                ("inclusion", 1, "Participants must meet all of these:"),
                ("inclusion", 2, "Adult"),
                ("inclusion", 3, "Consent given"),
            ],
        ),
        (
            "inclusion criteria\nAdult\nConsent given\nexclusion criteria:\nPregnant\n",
            [
                ("inclusion", 1, "Adult"),
                ("inclusion", 2, "Consent given"),
                ("exclusion", 1, "Pregnant"),
            ],
        ),
        (
            "* Adult\n* Consent given",
            [("inclusion", 1, "Adult"), ("inclusion", 2, "Consent given")],
        ),
        (
            "Exclusion Criteria:\n\n1. Active infection\n   - HIV\n   - Hepatitis B\n2) Pregnant",
            [("exclusion", 1, "Active infection; HIV; Hepatitis B"), ("exclusion", 2, "Pregnant")],
        ),
    ],
)
def test_eligibility_shapes(text: str, expected: list[tuple[str, int, str]]) -> None:
    assert [(c.kind, c.line, c.text) for c in split_eligibility(text)] == expected


def test_every_synonym_names_a_code_of_the_condition_tree() -> None:
    tree_codes = {row[0] for row in CONDITIONS}

    assert set(PHRASES) <= tree_codes
    # SOLID covers the head and neck code named next to it; AML is a myeloid code outside it.
    assert condition_codes(["Leukaemia, Myeloid, Acute", "solid  tumour", "SCCHN"]) == (
        "AML",
        "SOLID",
    )
    assert condition_codes(["SCCHN", "Head and Neck Cancer"]) == ("HNSC",)


@pytest.mark.parametrize(
    ("conditions", "title", "codes"),
    [
        (["Lymphoma, Follicular"], "", ("FL",)),
        (["Gall Bladder Cancer"], "", ("GBC",)),
        (["Non-Clear Cell Renal Cell Carcinoma"], "", ("NCCRCC",)),
        (
            ["Neoplasms, Head and Neck"],
            "A study in head and neck squamous cell carcinoma",
            ("HNSC",),
        ),
        (["KRAS P.G12C", "Pancreatic Cancer", "Solid Tumor"], "", ("SOLID",)),
        (["Pancreatic Cancer"], "TCR-T Cell Therapy on Advanced Solid Tumors", ("SOLID",)),
        (["Advanced Solid Tumors", "Lymphoma"], "", ("SOLID", "LYMPH")),
        (["Advanced Malignancies"], "", ()),
        (["Benign Prostatic Hyperplasia", "Localized Prostate Cancer"], "", ("PRAD",)),
    ],
)
def test_registry_conditions_map_onto_the_tree(
    conditions: list[str], title: str, codes: tuple[str, ...]
) -> None:
    diagnosis = diagnosis_codes(conditions, [], [title])

    assert diagnosis.codes == codes
    assert set(codes) <= {row[0] for row in CONDITIONS}
    assert diagnosis.terms  # the words are always kept, mapped or not


def test_the_inclusion_text_names_the_tumour_type_within_an_organ() -> None:
    diagnosis = diagnosis_codes(
        ["Lung Cancer"], [], ["A prehabilitation programme"], ["Histologically confirmed NSCLC"]
    )
    unmapped = diagnosis_codes(["Cancer Pain"], [], ["Nerve block"], ["Adults over 18"])

    assert diagnosis.codes == ("NSCLC",)
    assert diagnosis.terms == ("Lung Cancer", "Histologically confirmed NSCLC")
    assert unmapped.codes == ()
    assert unmapped.terms == ("Cancer Pain",)
