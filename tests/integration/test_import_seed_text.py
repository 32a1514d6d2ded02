"""The seed text documents: registry exports (000, 002) and the HLX43 recruitment page (001)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from trials.importers import ImportProblem, read_paths
from trials.importers.seed_text import parse_seed_text, read_seed_text, title_slug
from trials.importers.store import save_records
from trials.models import EligibilityCriterion, Trial

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
HLX43 = SEEDS / "001_e568c4a35867ff0c.txt"
IAE0972 = SEEDS / "000_9ba929f6e03ce2cf.txt"
IBB0979 = SEEDS / "002_19b614015e89b2cf.txt"


def test_hlx43_page_gives_the_trial_fields() -> None:
    record = read_seed_text(str(HLX43))

    assert record.nct_id == "NCT06839066"
    assert record.slug == "nct06839066"
    assert record.sponsor == "Shanghai Henlius Biotech"
    assert record.brief_title == (
        "A Phase II Study to Evaluate HLX43 in Subjects With Recurrent/Metastatic "
        "Nasopharyngeal Carcinoma Failed or Intolerance to Second-line Therapy"
    )
    assert record.overall_status == "RECRUITING"
    assert record.phase == "PHASE2"
    assert record.sex == "ALL"
    assert record.minimum_age_years == 18
    assert record.maximum_age_years is None
    assert "maximum_age_years" in record.cleared
    assert record.start_date == dt.date(2026, 1, 31)
    assert record.condition_terms == ("Nasopharyngeal Carcinoma (NPC)",)
    assert record.condition_codes == ("NPC",)
    assert record.brief_summary is not None
    assert record.brief_summary.startswith("The study is to explore the reasonable dosage")
    assert record.detailed_description is not None
    assert record.detailed_description.endswith(
        "at three different doses via intravenous infusion."
    )
    assert record.sites is None
    assert record.faqs is None
    assert record.interventions is None


def test_hlx43_page_gives_every_eligibility_line_as_a_text_criterion() -> None:
    record = read_seed_text(str(HLX43))

    assert record.criteria is not None
    inclusion = [c for c in record.criteria if c.kind == "inclusion"]
    exclusion = [c for c in record.criteria if c.kind == "exclusion"]
    assert len(inclusion) == 11
    assert len(exclusion) == 20
    assert [c.line for c in inclusion] == list(range(1, 12))
    assert [c.line for c in exclusion] == list(range(1, 21))
    assert {c.type for c in record.criteria} == {"text"}
    assert not any(c.reviewed for c in record.criteria)
    assert (
        inclusion[1].text == "Age ≥ 18 years at the time of signing the ICF, regardless of gender;"
    )
    assert inclusion[8].text == "Expected survival ≥ 3 months;"
    assert exclusion[11].text == (
        "Systemic corticosteroid use (>10mg prednisone/day equivalent) or immunosuppressants "
        "within 2 weeks pre-randomization. Exceptions: "
        "Topical/ocular/intra-articular/nasal/inhaled steroids; "
        "short-term prophylactic use for contrast agents."
    )
    assert exclusion[17].text == "Active HBV/HCV infection or co-infection:"
    assert exclusion[19].text == (
        "Investigators' judgment of clinical/lab abnormalities or other factors making "
        "participation inappropriate."
    )
    assert record.eligibility_text is not None
    assert record.eligibility_text.startswith("Inclusion Criteria:")
    assert record.eligibility_text.endswith("making participation inappropriate.")
    assert "(>10mg prednisone" in record.eligibility_text


def test_hlx43_page_skips_the_contact_form_and_faqs() -> None:
    record = read_seed_text(str(HLX43))

    texts = [record.brief_summary, record.detailed_description, record.eligibility_text]
    assert not any("Send a message" in (text or "") for text in texts)
    assert not any("What is a clinical trial?" in (text or "") for text in texts)
    assert record.sponsor == "Shanghai Henlius Biotech"


def test_iae0972_export_gives_interventions_conditions_and_outcomes() -> None:
    record = read_seed_text(str(IAE0972))

    assert record.nct_id is None
    assert record.brief_title.startswith("A Clinical Trial to Evaluate Effect of IAE0972")
    assert record.slug == title_slug(record.brief_title)
    assert record.interventions is not None
    assert [(i.type, i.name) for i in record.interventions] == [
        ("BIOLOGICAL", "IAE0972+ Methotrexate"),
        ("BIOLOGICAL", "IAE0972+Docetaxel"),
        ("BIOLOGICAL", "IAE0972+Gemcitabine"),
        ("BIOLOGICAL", "IAE0972+Taxanes"),
        ("BIOLOGICAL", "IAE0972+Capecitabine"),
    ]
    assert record.condition_terms == ("NPC", "HNSCC", "Recurrence", "Metastasis")
    assert record.condition_codes == ("NPC", "HNSC")
    assert record.outcomes is not None
    primary = [o for o in record.outcomes if o.kind == "primary"]
    secondary = [o for o in record.outcomes if o.kind == "secondary"]
    assert len(primary) == 1
    assert len(secondary) == 4
    assert primary[0].measure == (
        "Number of participants with treatment-related adverse events assessed by CTCAE v5.0."
    )
    assert primary[0].description.startswith("AE was defined as any untoward medical occurrence")
    assert primary[0].time_frame == "up to 2 years"
    assert secondary[0].measure == "Overall survival (OS)"
    assert secondary[0].description == (
        "OS is defined as the time from the date of first dosing to death from any cause"
    )
    assert secondary[0].time_frame == "up to 2 years"
    assert record.brief_summary is not None
    assert record.brief_summary.startswith("Phase II: To evaluate the safety")
    assert "\n\nPhase III: According to the RECIST 1.1" in record.brief_summary
    assert "≤2-line system therapy" in record.brief_summary
    assert record.detailed_description is not None
    assert record.detailed_description.startswith("The Phase II is the dose escalation study")
    assert record.phase is None
    assert record.overall_status is None
    assert record.criteria is None
    assert record.eligibility_text is None


def test_ibb0979_export_gives_its_drug_and_outcomes() -> None:
    record = read_seed_text(str(IBB0979))

    assert record.interventions is not None
    assert [(i.type, i.name) for i in record.interventions] == [("DRUG", "IBB0979")]
    assert record.condition_terms == ("Advanced Malignant Tumors",)
    assert record.outcomes is not None
    primary = [o for o in record.outcomes if o.kind == "primary"]
    assert [o.measure for o in primary] == [
        "Frequency of adverse events (AEs) and SAEs (Phase Ⅰ)",
        "Dose limiting toxicities (DLTs) (Phase Ⅰ)",
        "Objective response rate (ORR) in dose expansion (Phase Ⅱa)",
    ]
    assert primary[1].time_frame == "21 days after first dose"
    cmax = next(o for o in record.outcomes if o.measure == "Pharmacokinetic (PK) Cmax (Phase Ⅰ)")
    assert cmax.description.startswith(
        "PK parameters (Cmax) following single dose.following single dose., Day1，2，3"
    )
    assert cmax.time_frame == "up to about 2 years"
    assert record.detailed_description is not None
    assert record.detailed_description.startswith("The study consists of Dose Escalation Phase")
    assert "\n\nDose Escalation Phase：" in record.detailed_description


def test_title_slug_is_cut_at_a_word_boundary() -> None:
    slug = title_slug(
        "A Clinical Trial to Evaluate Effect of IAE0972 Combined with Chemotherapy " * 2
    )

    assert len(slug) <= 80
    assert not slug.endswith("-")
    assert slug.startswith("a-clinical-trial-to-evaluate-effect-of-iae0972-combined")
    assert title_slug("Short Title") == "short-title"


def test_a_document_of_neither_shape_is_a_problem() -> None:
    with pytest.raises(ImportProblem) as problem:
        parse_seed_text("Just a title\nand a line\nand another\n", "seeds/odd.txt")

    assert str(problem.value).startswith("seeds/odd.txt: the document is neither")


def test_escaped_characters_are_undone_and_numbering_stripped() -> None:
    text = (
        "A Test Page\n\nRecruiting\n18 years and older\nAll\nPhase 2\n\nOverview\n\nSummary.\n\n"
        "Eligibility\n\nInclusion Criteria:\n\n  1. Age \\>= 18 and \\< 75 years\n\n"
        "Exclusion Criteria:\n\n  1. Prior \\*any\\* treatment\n\nStudy details\n    Lymphoma\n\n"
        "Test Sponsor\n\n1 February 2026\n"
    )

    record = parse_seed_text(text, "page.txt")

    assert record.criteria is not None
    assert [(c.kind, c.line, c.text) for c in record.criteria] == [
        ("inclusion", 1, "Age >= 18 and < 75 years"),
        ("exclusion", 1, "Prior *any* treatment"),
    ]
    assert record.nct_id is None
    assert record.slug == "a-test-page"
    assert record.sponsor == "Test Sponsor"
    assert record.condition_codes == ("LYMPH",)
    assert record.start_date == dt.date(2026, 2, 1)


@pytest.mark.django_db
def test_the_three_documents_alone_give_three_trials(tmp_path: Path) -> None:
    for document in (IAE0972, HLX43, IBB0979):
        shutil.copy(document, tmp_path / document.name)

    summary = save_records(read_paths([str(tmp_path)]))

    assert summary.created == 3
    hlx43 = Trial.objects.get(nct_id="NCT06839066")
    assert hlx43.criteria.count() == 31
    assert list(hlx43.conditions.values_list("code", flat=True)) == ["NPC"]
    assert hlx43.published is False
    iae0972 = Trial.objects.get(brief_title__contains="IAE0972")
    assert iae0972.interventions.count() == 5
    assert iae0972.outcomes.filter(kind="secondary").count() == 4
    assert set(iae0972.conditions.values_list("code", flat=True)) == {"NPC", "HNSC"}
    assert iae0972.source == "000_9ba929f6e03ce2cf.txt"

    again = save_records(read_paths([str(tmp_path)]))

    assert again.unchanged == 3


@pytest.mark.django_db
def test_the_seed_folder_gives_one_trial_per_seed_and_reimports_unchanged() -> None:
    summary = save_records(read_paths([str(SEEDS)]))
    again = save_records(read_paths([str(SEEDS)]))

    assert summary.created == 3
    assert again.unchanged == 3
    assert Trial.objects.count() == 3
    assert Trial.objects.get(nct_id="NCT06839066").sponsor == "Shanghai Henlius Biotech"


@pytest.mark.django_db
def test_reimport_keeps_what_a_curator_set_and_the_document_does_not_give() -> None:
    save_records(read_paths([str(IAE0972), str(HLX43)]))
    iae0972 = Trial.objects.get(brief_title__contains="IAE0972")
    Trial.objects.filter(pk=iae0972.pk).update(phase="PHASE2_PHASE3", published=True)
    hlx43 = Trial.objects.get(nct_id="NCT06839066")
    age = hlx43.criteria.get(kind="inclusion", order=2)
    EligibilityCriterion.objects.filter(pk=age.pk).update(
        type="age", params={"min": 18}, reviewed=True
    )

    summary = save_records(read_paths([str(IAE0972), str(HLX43)]))

    assert summary.unchanged == 2
    iae0972.refresh_from_db()
    assert iae0972.phase == "PHASE2_PHASE3"
    assert iae0972.published is True
    age.refresh_from_db()
    assert (age.type, age.params, age.reviewed) == ("age", {"min": 18}, True)
