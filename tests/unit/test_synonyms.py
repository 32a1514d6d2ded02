"""The registry's condition names, keywords, titles and diagnosis lines read onto the tree."""

from __future__ import annotations

import pytest

from trials.importers.synonyms import (
    PHRASES,
    codes_in,
    condition_codes,
    diagnosis_codes,
    diagnosis_statements,
)
from trials.reference import CONDITIONS

PARENTS = {code: parent for code, parent, *_ in CONDITIONS}


def test_every_code_has_a_parent_listed_before_it_and_both_names() -> None:
    seen: set[str] = set()
    for code, parent, name, name_zh in CONDITIONS:
        assert parent is None or parent in seen, code
        assert name.strip(), code
        assert name_zh.strip(), code
        assert not any("a" <= ch.lower() <= "z" for ch in name_zh if ch not in "BTNK/"), code
        seen.add(code)
    assert len(seen) == len(CONDITIONS)
    assert set(PHRASES) <= seen
    # Blood cancers stay outside the solid tumours.
    for code in ("LYMPH", "MYELOID"):
        assert PARENTS[code] is None


@pytest.mark.parametrize(
    ("term", "codes"),
    [
        # MeSH's inverted names
        ("Carcinoma, Hepatocellular", ("HCC",)),
        ("Neoplasms, Breast", ("BRCA",)),
        ("Carcinoma, Squamous Cell of Head and Neck", ("HNSC",)),
        ("Melanoma, Cutaneous Malignant", ("SKCM",)),
        ("Lymphoma, Large B-Cell, Diffuse", ("DLBCL",)),
        # a trial's subtype of a type curators label is read at the type
        ("Lymphoma, B-Cell, Marginal Zone", ("NHL",)),
        ("Leukemia, Hairy Cell", ("HCL",)),
        ("Thrombocythemia, Essential", ("ET",)),
        ("Carcinoma, Merkel Cell", ("MCC",)),
        ("Carcinoma, Transitional Cell", ("BLADDER",)),
        ("Precursor Cell Lymphoblastic Leukemia-Lymphoma", ("ALL",)),
        # names as sponsors write them
        ("Adenocarcinoma of the Gastroesophageal Junction", ("GEJ",)),
        ("Intrahepatic Cholangiocarcinoma", ("CHOL",)),
        ("Perihilar Cholangiocarcinoma", ("CHOL",)),
        ("Ampullary Cancer", ("AMPCA",)),
        ("Oropharyngeal Squamous Cell Carcinoma", ("HNSC",)),
        ("Laryngeal Cancer", ("HEAD_NECK",)),
        ("Carcinoma cervix stage IIIB", ("CERVIX",)),
        ("Ca breast", ("BRCA",)),
        ("Cancer of the endometrium", ("UCEC",)),
        ("Neuroendocrine Tumours of the Pancreas", ("PANET",)),
        ("Post-Polycythemia Vera Myelofibrosis", ("PMF",)),
        ("Malignant Peripheral Nerve Sheath Tumors", ("MPNST",)),
        ("Giant Cell Tumor of Bone", ("GCTB",)),
        ("Chondrosarcoma", ("CHS",)),
        ("Cancer of Unknown Primary Site", ("CUP",)),
        ("Mycosis Fungoides", ("TNKL",)),
        ("Small Bowel Adenocarcinoma", ("SBC",)),
        ("Bowel Cancer", ("COADREAD",)),
        ("Non-squamous Non-small Cell Lung Cancer", ("NSCLC",)),
        ("Squamous NSCLC", ("LUSC",)),
        ("Non-melanoma Skin Cancer", ("SKIN",)),
        ("Sarcoma", ("SOFT_TISSUE", "BONE")),  # of no named site: bone too
        ("Soft Tissue Sarcoma", ("SARCNOS",)),
        ("Uterine Leiomyosarcoma", ("UTERUS",)),
        ("Acute Leukaemia", ("ALL", "AML")),
        ("Relapsed B-cell Malignancies", ("LYMPH",)),
        ("Thymic Epithelial Tumours", ("THYMUS",)),
        ("Gliosarcoma", ("GB",)),
        ("Diffuse Astrocytoma, IDH-Mutant", ("ASTR",)),
        ("Pilocytic Astrocytoma", ("CNS_BRAIN",)),
        ("Eye Cancer, Intraocular Melanoma", ("UM",)),
        ("Melanoma of Unknown Primary", ("MEL",)),
        ("Melanoma (Skin Cancer)", ("SKCM",)),
        ("Melanoma of Mucosal Origin", ("MUCM",)),
        ("Metastatic Skin Squamous Cell Carcinoma", ("CSCC",)),
        ("Squamous Cell Carcinoma (Skin)", ("CSCC",)),
        ("Cutaneous Squamous Cell Carcinoma of the Head and Neck", ("CSCC",)),
        ("High Grade Serous Ovarian Carcinoma", ("HGSOC",)),
        ("Microsatellite Instability-High Solid Malignant Tumor", ("SOLID",)),
        ("Neuroendocrine Tumors", ()),  # no site: for a curator
        ("Peritoneal Carcinomatosis", ()),
        # NCI's older names
        ("Recurrent Renal Pelvis and Ureter Urothelial Carcinoma", ("UTUC",)),
        ("Transitional Cell Cancer of the Renal Pelvis and Ureter", ("UTUC",)),
        ("Gastrointestinal Carcinoid Tumor", ("GINET",)),
        ("Islet Cell Tumor", ("PANET",)),
        ("Large Cell Lung Carcinoma", ("NSCLC",)),
        ("Large Cell Neuroendocrine Carcinoma of the Lung", ("LUNE",)),
        ("Bronchioloalveolar Carcinoma", ("LUAD",)),
        ("Paranasal Sinus and Nasal Cavity Cancer", ("HEAD_NECK",)),
        ("Metastatic Squamous Neck Cancer With Occult Primary", ("HNSC",)),
        ("Astrocytoma, Grade IV", ("GB",)),
        ("Astrocytoma, IDH-mutant, Grade 4", ("ASTR",)),
        ("NSCLC of Adenocarcinoma Histology", ("LUAD",)),
        ("Cutaneous T-cell Non-Hodgkin Lymphoma", ("TNKL",)),
        ("Recurrent Childhood Supratentorial Primitive Neuroectodermal Tumor", ("EMBT",)),
        ("Peripheral Primitive Neuroectodermal Tumor", ()),
        ("Childhood Ependymoblastoma", ("EMBT",)),
        ("Childhood Choroid Plexus Tumor", ("CNS_BRAIN",)),
        ("Recurrent Childhood Anaplastic Oligoastrocytoma", ("DIFG",)),
        ("Breast Carcinoma in Situ", ("DCIS",)),
        ("Noninvasive Breast Cancer", ("DCIS",)),
        ("Stage III Uterine Corpus Leiomyosarcoma AJCC v8", ("UTERUS",)),
        ("Recurrent Undifferentiated Pleomorphic Sarcoma", ("SARCNOS",)),
        ("Leukemia, Myelocytic, Acute", ("AML",)),
        ("Urethra Cancer", ("BLADDER",)),
        ("Recurrent Squamous Cell Carcinoma of the Head or Neck", ("HNSC",)),
        ("Head and Neck Carcinoma, Squamous Cell", ("HNSC",)),
        ("Squamous Cell Carcinoma Metastatic in the Neck With Occult Primary", ("HNSC",)),
        ("Stage III Nasal Cavity and Paranasal Sinus Squamous Cell Carcinoma", ("HNSC",)),
        ("Adenocarcinoma Lung Cancer", ("LUAD",)),
        ("Clear-cell Metastatic Renal Cell Carcinoma", ("CCRCC",)),
        ("Nonsmall Cell Lung Cancer", ("NSCLC",)),
        ("Nonsquamous Nonsmall Cell Neoplasm of Lung", ("NSCLC",)),
        ("Small Lymphocytic Leukemia", ("CLL",)),
        ("Leukemia", ()),  # of no named kind: the text says which
        ("Large Cells Neuroendocrine Lung Carcinoma", ("LUNE",)),
        ("Cancer Head Neck", ("HEAD_NECK",)),
        ("Cancer Brain", ("CNS_BRAIN",)),
        ("Cancer Skin", ("SKIN",)),
        ("Cancer Skin Toxicity", ()),
        # the graft's effect, not a disease
        ("Graft-Versus Leukemia/Myeloma", ()),
        ("Smouldering Myeloma", ("MM",)),
        ("Gastrointestinal Stroma Tumor", ("GIST",)),
        ("Small Cell Carcinoma of Bronchogenic Origin", ("SCLC",)),
        ("Small Cell Bronchogenic Carcinoma", ("SCLC",)),
        ("Non-small Cell Carcinoma of the Bronchus", ("NSCLC",)),
        ("Gastric-Oesophageal Junction Adenocarcinoma", ("GEJ",)),
        ("Diffuse Intrinsic Brainstem Glioma", ("DIPG",)),
        ("Intrinsic Diffuse Brain Stem Glioma", ("DIPG",)),
        ("Brain Stem Glioma", ("DIFG",)),  # not every brainstem glioma is diffuse intrinsic
    ],
)
def test_registry_spellings(term: str, codes: tuple[str, ...]) -> None:
    assert condition_codes([term]) == codes


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("gastric, pancreatic or colorectal carcinoma", ("STAD", "PAAD", "COADREAD")),
        ("breast and/or ovarian cancer", ("BRCA", "OVARY")),
        ("head and neck, lung or breast cancer", ("HEAD_NECK", "LUNG", "BRCA")),
        ("adenocarcinoma of the stomach, GEJ or distal oesophagus", ("STAD", "GEJ", "ESCA")),
        ("squamous cell carcinoma of the oral cavity, oropharynx or larynx", ("OCSC", "HNSC")),
        ("breast, colorectal or gynaecological cancer", ("BRCA", "COADREAD", "OVARY", "CERVIX")),
        ("small cell or non-small cell lung cancer", ("SCLC", "NSCLC")),
        (
            "squamous cell or adenocarcinoma of the oesophagus or oesophago-gastric junction",
            ("ESCC", "GEJ", "ESCA"),
        ),
        ("cutaneous, acral or mucosal melanoma", ("SKCM", "ACRM", "MUCM")),
        ("mucosal or acral-type melanoma", ("MUCM", "ACRM")),
        ("cutaneous or acral malignant melanoma", ("SKCM", "ACRM")),
        # both histologies are the whole type
        ("stage IV non-squamous or squamous NSCLC", ("NSCLC",)),
        ("squamous and non-squamous non-small cell lung cancer", ("NSCLC",)),
    ],
)
def test_an_organ_list_shares_its_cancer_word(text: str, codes: tuple[str, ...]) -> None:
    found = codes_in(text)
    assert found[: len(codes)] == codes


def test_oesophageal_cancer_gives_way_to_oesophageal_types_only() -> None:
    # a stomach type beside it does not say which oesophageal cancers are taken
    assert condition_codes(["Esophageal Neoplasms", "Stomach Neoplasms"]) == (
        "ESOPHAGUS_STOMACH",
        "STAD",
    )
    assert condition_codes(["Cancer of the esophagus", "Cancer of the stomach"]) == (
        "ESOPHAGUS_STOMACH",
        "STAD",
    )
    assert condition_codes(["Esophageal Cancer", "Esophageal Squamous Cell Carcinoma"]) == ("ESCC",)


def test_a_blood_cancer_group_gives_way_to_the_type_named_with_it() -> None:
    assert condition_codes(["Non-Hodgkin Lymphoma", "Follicular Lymphoma"]) == ("FL",)
    assert condition_codes(["Lymphoma", "Mantle Cell Lymphoma"]) == ("MCL",)
    # DLBCL is a non-Hodgkin lymphoma: the line names the type.
    read = diagnosis_codes(
        ["Non-Hodgkin Lymphoma"], statements=["Histologically confirmed relapsed DLBCL"]
    )
    assert read.codes == ("DLBCL",)


def test_a_diagnosis_line_adds_types_of_the_registry_s_organ_but_not_excluded_ones() -> None:
    read = diagnosis_codes(
        ["Endometrial Cancer"],
        statements=["Recurrent endometrial cancer (endometrial carcinoma or carcinosarcoma)"],
    )
    assert read.codes == ("UCEC", "UCS")
    assert read.terms == (
        "Endometrial Cancer",
        "Recurrent endometrial cancer (endometrial carcinoma or carcinosarcoma)",
    )
    read = diagnosis_codes(
        ["Gastric Cancer"],
        statements=["Histologically confirmed gastric adenocarcinoma; GEJ tumours are excluded"],
    )
    assert read.codes == ("STAD",)
    # A line that admits only a subtype of the registry's type narrows it.
    read = diagnosis_codes(
        ["Renal Cell Carcinoma"],
        statements=["Histologically confirmed renal cell carcinoma with a clear cell component"],
    )
    assert read.codes == ("CCRCC",)


def test_a_diagnosis_line_naming_only_a_subtype_narrows_the_registry_s_type() -> None:
    read = diagnosis_codes(
        ["Melanoma", "Acral Melanoma"],
        statements=["Histopathologically confirmed acral melanoma (stage II/III)"],
    )
    assert read.codes == ("ACRM",)
    assert "Histopathologically confirmed acral melanoma (stage II/III)" in read.terms
    squamous = diagnosis_codes(
        ["Non-small Cell Lung Cancer"],
        statements=["Histologically or cytologically documented squamous NSCLC."],
    )
    assert squamous.codes == ("LUSC",)
    # Another line admitting the broader type (a cohort of its own): nothing narrows.
    cohorts = diagnosis_codes(
        ["Melanoma"],
        statements=[
            "Cohort A: histologically confirmed acral melanoma",
            "Cohort B: histologically confirmed melanoma of any subtype",
        ],
    )
    assert cohorts.codes == ("MEL",)
    # A line that admits a type outside the registry's changes nothing.
    other = diagnosis_codes(
        ["Melanoma"], statements=["Histologically confirmed uveal melanoma or NSCLC"]
    )
    assert other.codes == ("MEL",)


def test_the_first_diagnosis_line_naming_a_type_narrows_even_after_other_diagnosis_lines() -> None:
    # A "documented" or "confirmed" line naming no type comes first: the line that names the
    # subtype narrows the registry's type all the same.
    read = diagnosis_codes(
        ["Melanoma"],
        statements=[
            "Measurable disease documented by CT or MRI",
            "Histologically confirmed cutaneous or mucosal melanoma.",
        ],
    )
    assert read.codes == ("SKCM", "MUCM")
    assert "Histologically confirmed cutaneous or mucosal melanoma." in read.terms
    # A later line admitting the broader type still keeps it whole.
    whole = diagnosis_codes(
        ["Melanoma"],
        statements=[
            "Measurable disease documented by CT or MRI",
            "Histologically confirmed cutaneous melanoma",
            "Histologically confirmed melanoma of any other subtype",
        ],
    )
    assert whole.codes == ("MEL",)


def test_the_disease_a_treatment_was_for_narrows_when_no_line_states_the_diagnosis() -> None:
    for line in (
        "Patient has initiated PD-1 inhibitor treatment as the first line of therapy for "
        "unresectable metastatic cutaneous melanoma and progressed on the treatment.",
        "Radical surgery for Cutaneous Malignant Melanoma (CMM) stage IIb-c and III.",
        "The participant received surgical treatment of an intermediate to high-risk "
        "cutaneous melanoma (T2a/N1, T2b, T3a)",
    ):
        read = diagnosis_codes(["Melanoma"], statements=["Age 18 and above", line])
        assert read.codes == ("SKCM",), line
        assert line in read.terms
    # A stating line that names the type comes first: the treatment only refers back.
    back = diagnosis_codes(
        ["Melanoma"],
        statements=[
            "Histologically confirmed mucosal or acral-type melanoma",
            "No prior systemic treatment for unresectable or metastatic melanoma",
        ],
    )
    assert back.codes == ("MUCM", "ACRM")
    # Without a treatment cue a mention is no diagnosis, and a negated one admits nothing.
    for line in (
        "The overall percentage of subjects with mucosal melanoma will not exceed 22%",
        "No prior treatment for uveal melanoma",
    ):
        assert diagnosis_codes(["Melanoma"], statements=[line]).codes == ("MEL",), line


def test_a_melanoma_subtype_is_not_its_negation() -> None:
    assert codes_in("non-uveal melanoma") == ("MEL",)
    assert codes_in("non-acral cutaneous melanoma") == ("SKCM",)


def test_a_diagnosis_line_listing_subtypes_narrows_and_leaves_out_what_it_excludes() -> None:
    line = (
        "Patients with histologically or cytologically confirmed cutaneous or acral malignant "
        "melanoma, excluding mucosal and uveal melanoma;"
    )
    read = diagnosis_codes(
        ["Melanoma of Skin", "Acral Melanoma", "Stage II Melanoma"], [], [], [line]
    )
    assert set(read.codes) == {"SKCM", "ACRM"}
    # The type named again for the patient refers back to the subtypes, and past therapy
    # named in the line does not make the cancer a past one.
    line = (
        "Histologically confirmed diagnosis of metastatic cutaneous or mucosal melanoma that has "
        "progressed on PD-1 therapy: for Cohort A, the patient's melanoma must have progressed "
        "on prior PD-1 monotherapy"
    )
    assert set(diagnosis_codes(["Advanced Melanoma"], statements=[line]).codes) == {
        "SKCM",
        "MUCM",
    }
    # A cancer of the past named in a line is not admitted.
    past = "Histologically confirmed melanoma; a history of breast cancer"
    assert diagnosis_codes(["Melanoma"], statements=[past]).codes == ("MEL",)


def test_the_diagnosis_line_trims_conditions_it_leaves_out() -> None:
    conditions = ["Digestive System Cancer", "Oesophageal Adenocarcinoma", "Gastric Cancer"]
    conditions += ["Pancreatic Cancer", "Colon Cancer"]
    statements = [
        "Pathologically confirmed unresectable gastric, pancreatic or colon adenocarcinoma",
        "ECOG 0 or 1",
    ]
    assert set(diagnosis_codes(conditions, statements=statements).codes) == {
        "STAD",
        "PAAD",
        "COADREAD",
    }
    # Another line naming a cancer of its own (a cohort): the registry's list stands.
    cohorts = [*statements, "Patients with oesophageal adenocarcinoma after 2 prior lines"]
    assert "ESCA" in diagnosis_codes(conditions, statements=cohorts).codes


def test_selected_solid_tumours_in_the_title_are_the_listed_ones() -> None:
    conditions = ["Breast Cancer", "Ovarian Cancer"]
    selected = diagnosis_codes(conditions, titles=["Drug X in Select Advanced Solid Tumours"])
    basket = diagnosis_codes(conditions, titles=["Drug X in Advanced Solid Tumours"])

    assert selected.codes == ("BRCA", "OVARY")
    assert basket.codes == ("SOLID",)


def test_examples_in_a_diagnosis_line_are_not_its_list() -> None:
    read = diagnosis_codes(
        ["Neoplasms"],
        statements=["Women diagnosed with cancer, e.g. lymphoma, sarcoma or bone tumours"],
    )
    assert read.codes == ()
    assert read.terms == ("Neoplasms",)


def test_a_line_for_any_solid_tumour_makes_the_listed_types_examples() -> None:
    conditions = ["Non-small Cell Lung Cancer", "Colorectal Cancer"]
    line = "Histologically or cytologically confirmed advanced solid tumour with a KRAS mutation"

    assert diagnosis_codes(conditions, statements=[line]).codes == ("SOLID",)
    assert diagnosis_codes(conditions, statements=["ECOG 0-1"]).codes == ("NSCLC", "COADREAD")


def test_a_line_that_opens_with_the_disease_states_the_diagnosis() -> None:
    line = "Locally advanced adenocarcinoma of the stomach or oesophagogastric junction, cT3 or N+"

    assert diagnosis_codes(["Gastric Adenocarcinoma"], statements=[line]).codes == (
        "STAD",
        "GEJ",
    )
    # Not when it only mentions the disease further on.
    other = "Able to swallow tablets; adenocarcinoma of the stomach or oesophagogastric junction"
    assert diagnosis_codes(["Gastric Adenocarcinoma"], statements=[other]).codes == ("STAD",)


def test_a_diagnosis_line_naming_only_the_organ_keeps_the_whole_organ() -> None:
    read = diagnosis_codes(
        ["Head Neck Cancer", "Oral Cancer"],
        statements=["Histologically proven cases of primary head and neck cancers."],
    )
    assert read.codes == ("HEAD_NECK",)
    brain = diagnosis_codes(
        ["Brain Tumors", "Medulloblastoma", "Glioma", "Ependymoma"],
        statements=["Histological diagnosis of primary brain tumor"],
    )
    assert brain.codes == ("CNS_BRAIN",)
    # Without such a line, the organ gives way to the type named with it.
    assert diagnosis_codes(["Head Neck Cancer", "Oral Cancer"]).codes == ("OCSC",)


def test_a_condition_the_inclusion_lines_never_name_is_not_the_trial_s() -> None:
    conditions = ["Immune-related Adverse Event", "Advanced Melanoma", "Advanced Rectal Carcinoma"]
    line = (
        "Patients with histologically confirmed, unresectable stage III or IV malignant melanoma."
    )
    assert diagnosis_codes(conditions, statements=[line]).codes == ("MEL",)
    # A line naming the other condition (a cohort, even one listed further on) keeps it.
    cohort = "Cohort B: histologically confirmed rectal adenocarcinoma"
    read = diagnosis_codes(conditions, statements=[line], inclusion=[line, cohort])
    assert set(read.codes) == {"MEL", "READ"}
    # So does a brief title naming it.
    titled = diagnosis_codes(
        conditions, titles=["Mesalamine in Melanoma and Rectal Cancer"], statements=[line]
    )
    assert set(titled.codes) == {"MEL", "READ"}


def test_a_cancer_of_the_past_is_not_the_trial_s() -> None:
    conditions = ["Chronic Lymphocytic Leukemia", "Non-melanoma Skin Cancer (NMSC)"]
    lines = [
        "Confirmed diagnosis of CLL or small lymphocytic leukemia (SLL) per iwCLL 2018 criteria.",
        "History of ≥1 non-melanoma skin cancer (NMSC) diagnosed within the last 5 years",
    ]
    assert diagnosis_codes(conditions, statements=lines).codes == ("CLL",)


def test_a_line_for_any_solid_tumour_wins_over_the_strata_that_follow_it() -> None:
    conditions = ["Brain Cancer", "Brain Metastases", "Melanoma", "Lung Cancer", "Breast Cancer"]
    line = (
        "Participants must have a biopsy proven solid malignancy and at least one intracranial "
        "lesion consistent with a brain metastasis AND meet one of the following additional "
        "criteria: melanoma progressing on immunotherapy, HER2-positive breast cancer"
    )
    assert diagnosis_codes(conditions, statements=[line]).codes == ("SOLID",)


def test_solid_tumours_from_a_list_are_the_listed_ones() -> None:
    conditions = ["Non-small Cell Lung Cancer(NSCLC)", "Renal Cell Carcinoma(RCC)", "Melanoma"]
    line = (
        "Participants must have 1 of the following histologically confirmed advanced solid "
        "tumors with measurable or non-measurable disease as determined by RECIST v1.1, - "
        "NSCLC, RCC, or malignant melanoma."
    )
    read = diagnosis_codes(
        conditions,
        titles=["Drug X Alone for Solid Tumor and With Atezolizumab for NSCLC"],
        statements=[line],
    )
    assert set(read.codes) == {"NSCLC", "RCC", "MEL"}
    # RECIST's name is no solid tumour.
    recist = "Confirmed NSCLC, measurable per Response Evaluation Criteria in Solid Tumors"
    assert codes_in(recist) == ("NSCLC",)


def test_a_population_also_eligible_is_added() -> None:
    lines = [
        "Patients must have metastatic uveal melanoma that is histologically diagnosed.",
        "Patients with histologically confirmed metastatic cutaneous or mucosal melanoma are "
        "also eligible.",
    ]
    read = diagnosis_codes(["Metastatic Uveal Melanoma"], statements=lines)
    assert set(read.codes) == {"UM", "SKCM", "MUCM"}


def test_cancer_in_general_with_solid_and_blood_cancers_is_any_cancer() -> None:
    conditions = ["Malignancy", "Lymphoproliferative Disorders", "Melanoma", "Solid Tumours"]
    line = "Confirmed diagnosis of a malignancy that is high TMB or MSI-high"
    read = diagnosis_codes(conditions, statements=[line])
    assert read.codes == ()
    assert read.terms == tuple(conditions)
    # Solid and blood cancers named without cancer in general stay as named.
    assert set(diagnosis_codes(["Solid Tumor", "Non-Hodgkin Lymphoma"]).codes) == {
        "SOLID",
        "NHL",
    }


def test_a_brain_cancer_next_to_brain_metastases_is_the_metastases() -> None:
    read = diagnosis_codes(["Brain Metastases", "Brain Cancer", "Non-small Cell Lung Cancer"])
    assert read.codes == ("NSCLC",)
    assert diagnosis_codes(["Brain Cancer", "Glioma"]).codes == ("DIFG",)


def test_any_solid_tumour_after_a_lead_in_is_still_any_solid_tumour() -> None:
    conditions = ["Non-small Cell Lung Cancer", "Colorectal Cancer"]
    line = "Patients must meet the following: histologically confirmed advanced solid tumour"
    assert diagnosis_codes(conditions, statements=[line]).codes == ("SOLID",)


@pytest.mark.parametrize(
    ("term", "codes"),
    [
        ("Anorectal Carcinoma", ("BOWEL",)),
        ("Ano-rectal cancer", ("BOWEL",)),
        ("Papillary Serous Carcinoma of the Uterus", ("UTERUS",)),
        ("Uterine Serous Carcinoma", ("UCEC",)),
        ("Gestational Trophoblastic Neoplasia", ("UTERUS",)),
        ("Cancer of the Urethra", ()),
        ("Urethral Carcinoma", ("BLADDER",)),
        ("Seminoma of the testis", ("SEM",)),
        ("Nonseminomatous Germ Cell Tumor", ("GCT",)),
        ("Non-seminoma", ()),
        ("Atypical Teratoid/Rhabdoid Tumour", ("EMBT",)),
        ("Anaplastic Large-Cell Lymphoma, ALK-positive", ("TNKL",)),
        ("Leukemia, Lymphoid", ("LYMPH",)),
        ("Juvenile Myelomonocytic Leukaemia", ("MYELOID",)),
        ("Blastic Plasmacytoid Dendritic Cell Neoplasm", ("MYELOID",)),
        ("Systemic Mastocytosis", ("MYELOID",)),
        ("Mixed Phenotype Acute Leukemia", ("MPAL",)),
        ("Tongue Cancer", ("HEAD_NECK",)),
    ],
)
def test_common_registry_wordings_of_gynaecological_urological_and_blood_cancers(
    term: str, codes: tuple[str, ...]
) -> None:
    assert codes_in(term) == codes


def test_subtypes_a_line_gives_beside_the_registry_type_do_not_narrow_it() -> None:
    # The clause admits B-cell NHL itself; the histologies after it are what it includes.
    line = (
        "Diagnosis of relapsed CD20-positive B-cell NHL after two lines, the histologies "
        "follicular lymphoma, mantle cell lymphoma or diffuse large B-cell lymphoma included"
    )
    read = diagnosis_codes(["Non-Hodgkin Lymphoma", "Solid Tumour, Adult"], statements=[line])
    assert set(read.codes) == {"NHL", "SOLID"}


def test_a_line_naming_only_subtypes_still_refines_the_registry_type() -> None:
    line = "Histologically confirmed relapsed follicular lymphoma grade 1-3a"
    read = diagnosis_codes(["Non-Hodgkin Lymphoma"], statements=[line])
    assert read.codes == ("FL",)


@pytest.mark.parametrize(
    ("term", "codes"),
    [
        # histologies written between the organ and the cancer word
        ("Ovarian Clear Cell Adenocarcinoma", ("OVARY",)),
        ("Ovarian Low-Grade Serous Carcinoma", ("OVARY",)),
        ("Ovarian High Grade Serous Cancer", ("HGSOC",)),
        ("Renal Clear Cell Carcinoma, Metastatic", ("CCRCC",)),
        # sarcomas whose names say where they are (or are not) from
        ("Endometrial Stromal Sarcoma, High Grade", ("UTERUS",)),
        ("Clear Cell Sarcoma of Kidney", ("KIDNEY",)),
        ("Clear Cell Sarcoma of Soft Tissue", ("SARCNOS",)),
        ("Osteogenic Sarcoma", ("OS",)),
        ("Alveolar Soft-Part Sarcoma", ("SARCNOS",)),
        ("Epithelioid Sarcoma, Proximal Type", ("SARCNOS",)),
        ("Desmoplastic Small Round Cell Tumour", ("SARCNOS",)),
        ("Choroid Plexus Carcinoma", ("CNS_BRAIN",)),
    ],
)
def test_sarcoma_and_histology_wordings_read_at_the_right_place(
    term: str, codes: tuple[str, ...]
) -> None:
    assert codes_in(term) == codes


def test_a_line_naming_the_organ_beside_the_registry_type_widens_to_the_organ() -> None:
    line = "Biopsy-proven cutaneous melanoma or non-melanoma skin cancer, any stage"
    read = diagnosis_codes(["Malignant Melanoma"], statements=[line])
    assert read.codes == ("SKIN",)


@pytest.mark.parametrize(
    "line",
    [
        "Histologically confirmed lung cancer (NSCLC), stage IV",
        "Cytologically confirmed lung carcinoma, non-squamous NSCLC type",
        "Histologically confirmed lung cancer",
    ],
)
def test_an_organ_that_restates_the_registry_type_does_not_widen_it(line: str) -> None:
    read = diagnosis_codes(["Non-small Cell Lung Cancer"], statements=[line])
    assert read.codes == ("NSCLC",)


def test_anaplastic_lymphoma_kinase_is_a_gene_not_a_lymphoma() -> None:
    assert codes_in("Anaplastic Lymphoma Kinase Genomic Tumor Aberrations") == ()
    assert codes_in("Anaplastic Large Cell Lymphoma") == ("TNKL",)


@pytest.mark.parametrize(
    "line",
    [
        "Histologically confirmed relapsed tumours including but not limited to melanoma, "
        "bladder cancer or cervical cancer",
        "Confirmed metastatic NSCLC, melanoma or any cancer that is known to be MSI high",
        "Histologically confirmed advanced melanoma, NSCLC or other solid tumours",
    ],
)
def test_an_open_list_of_types_is_any_solid_tumour(line: str) -> None:
    conditions = ["Melanoma", "Non-small Cell Lung Cancer", "Bladder Cancer", "Cervical Cancer"]
    assert diagnosis_codes(conditions, statements=[line]).codes == ("SOLID",)


def test_a_cancer_ruled_out_beside_the_types_does_not_open_the_list() -> None:
    line = "Histologically confirmed melanoma, with no history of any other cancer"
    assert diagnosis_codes(["Melanoma"], statements=[line]).codes == ("MEL",)


def test_a_generic_solid_condition_gives_way_to_the_types_the_text_names() -> None:
    conditions = ["Lung Non-Small Cell Carcinoma", "Malignant Solid Neoplasm", "Melanoma"]
    cohorts = [
        "Histologically confirmed NSCLC with 1-5 sites of progression on a checkpoint "
        "inhibitor with or without chemotherapy",
        "Histologically confirmed melanoma with 1-5 sites of progression",
    ]
    read = diagnosis_codes(conditions, statements=cohorts, inclusion=cohorts)
    assert read.codes == ("NSCLC", "MEL")
    # A brief title's "solid tumours" does not widen the cohorts' types either.
    titled = diagnosis_codes(
        ["Melanoma", "Colorectal Cancer"],
        titles=["Ablation With Systemic Therapy for Advanced Solid Tumors"],
        inclusion=["Confirmed colorectal cancer with liver metastases", *cohorts[1:]],
    )
    assert titled.codes == ("MEL", "COADREAD")


@pytest.mark.parametrize(
    "line",
    [
        "Histologically or cytologically confirmed advanced malignancy",
        "Histologically confirmed advanced solid tumour. For Phase 1a the following solid "
        "tumours are allowed: melanoma, NSCLC",
        "Confirmed melanoma with a lesion amenable to injection (any solid tumour in Part A)",
    ],
)
def test_a_text_open_to_any_cancer_keeps_the_solid_condition(line: str) -> None:
    conditions = ["Solid Tumor", "Melanoma", "Non-small Cell Lung Cancer"]
    lines = [line, "Melanoma cohort: histologically confirmed unresectable melanoma"]
    assert diagnosis_codes(conditions, statements=lines, inclusion=lines).codes == ("SOLID",)


def test_a_marker_basket_condition_keeps_any_solid_tumour() -> None:
    conditions = ["Melanoma", "Microsatellite Instability-High Solid Malignant Tumor"]
    lines = ["Histologically confirmed unresectable melanoma"]
    assert diagnosis_codes(conditions, statements=lines, inclusion=lines).codes == ("SOLID",)


def test_a_general_word_leading_into_a_list_is_the_list() -> None:
    conditions = ["Metastatic Malignant Solid Neoplasm", "Renal Cell Carcinoma", "Melanoma"]
    line = (
        "Patient must have a primary diagnosis of malignancy and bone metastases. Eligible "
        "tumor histologies include the following: renal cell carcinoma and melanoma"
    )
    read = diagnosis_codes(conditions, statements=[line], inclusion=[line])
    assert read.codes == ("RCC", "MEL")


def test_the_bare_type_names_a_diagnosis_line_lists_are_its_types() -> None:
    conditions = ["Non Small Cell Lung Cancer", "Hodgkin Lymphoma", "Malignant Melanoma"]
    line = (
        "Patients must have a histologically confirmed diagnosis of metastatic disease that is "
        "refractory to standard therapy, including; Malignant Melanoma (MM); Patients who "
        "progressed on PD-1 treatment; Uveal and mucosal melanoma are excluded; Non-Small Cell "
        "Lung Cancer (NSCLC); Classical Hodgkin Lymphoma (HL); Patients must have received "
        "brentuximab vedotin"
    )
    read = diagnosis_codes(conditions, statements=[line], inclusion=[line])
    assert set(read.codes) == {"NSCLC", "HL", "MEL"}


def test_nci_thyroid_gland_wording() -> None:
    assert codes_in("Metastatic Thyroid Gland Carcinoma") == ("THYROID",)


def test_a_text_for_solid_tumours_drops_the_registry_blood_cancers() -> None:
    conditions = ["Breast Cancer", "Acute Myeloid Leukemia (AML)", "Non Hodgkin Lymphoma"]
    line = "Histologically confirmed advanced or metastatic solid tumor relapsed after therapy"
    read = diagnosis_codes(conditions, statements=[line], inclusion=[line])
    assert read.codes == ("SOLID",)
    # A blood cancer an inclusion line names stays.
    lymphoma = "Lymphoma cohort: relapsed diffuse large B-cell lymphoma"
    both = diagnosis_codes(conditions, statements=[line], inclusion=[line, lymphoma])
    assert set(both.codes) == {"SOLID", "NHL"}


def test_the_items_after_a_list_lead_in_are_the_types() -> None:
    conditions = ["Non-small Cell Lung Cancer", "Melanoma", "Renal Cell Carcinoma"]
    line = (
        "The patient with one of the following resected solid tumors: NSCLC patients after "
        "complete resection OR; Melanoma following complete resection OR; Renal cell carcinoma "
        "(RCC) at high risk of recurrence following nephrectomy"
    )
    read = diagnosis_codes(
        conditions, titles=["Pembrolizumab in Multiple Resected Solid Tumors"], inclusion=[line]
    )
    assert read.codes == ("NSCLC", "MEL", "RCC")


def test_a_cancer_word_that_refers_back_is_no_cancer_in_general() -> None:
    conditions = ["NSCLC", "Melanoma", "Advanced Solid Tumor"]
    lines = [
        "Pathologically documented histological or cytological evidence of NSCLC or melanoma",
        "Has received less than three lines of systemic therapy for metastatic tumor",
    ]
    assert diagnosis_codes(conditions, statements=lines, inclusion=lines).codes == (
        "NSCLC",
        "MEL",
    )


def test_triple_negative_is_a_phenotype_not_a_negation() -> None:
    conditions = ["Solid Tumor, Adult", "Triple Negative Breast Cancer", "Colorectal Cancer"]
    line = (
        "Subjects must have histologically confirmed diagnosis of one of the following tumors: "
        "triple negative adenocarcinoma of the breast, colorectal adenocarcinoma"
    )
    read = diagnosis_codes(conditions, statements=[line], inclusion=[line])
    assert read.codes == ("BRCA", "COADREAD")


def test_any_type_of_sarcoma_is_every_sarcoma_not_any_solid_tumour() -> None:
    line = "Histologically confirmed advanced cutaneous melanoma or any type of sarcoma"
    read = diagnosis_codes(["Advanced Melanoma", "Sarcoma"], statements=[line])
    assert "SOLID" not in read.codes


def test_non_squamous_nsclc_in_a_listed_item_is_admitted() -> None:
    conditions = ["Melanoma (Skin)", "Non-Small Cell Lung Cancer", "Triple-Negative Breast Cancer"]
    line = (
        "Patients with any 1 of the following histologically confirmed tumors: Inoperable/"
        "metastatic cutaneous malignant melanoma; Relapsed locally advanced TNBC; Inoperable "
        "advanced/metastatic non-squamous NSCLC"
    )
    read = diagnosis_codes(conditions, statements=[line], inclusion=[line])
    assert set(read.codes) == {"SKCM", "NSCLC", "BRCA"}


def test_when_only_cohorts_state_the_diagnosis_their_types_are_the_trials() -> None:
    cohorts = [
        ("Urothelial Carcinoma Cohort", "Inclusion Criteria for Urothelial Carcinoma Cohort:"),
        (
            "Urothelial Carcinoma Cohort",
            "Patients with histologically confirmed metastatic urothelial carcinoma",
        ),
        ("Urothelial Carcinoma Cohort", "Participant is >= 18 years of age"),
        ("Melanoma Cohort", "Patients with histologically confirmed metastatic melanoma"),
    ]
    lines = [line for _, line in cohorts]
    read = diagnosis_codes(["Bladder Cancer"], inclusion=lines, cohorts=cohorts)
    assert read.codes == ("BLADDER", "MEL")
    # A cohort for any solid tumour opens the trial to any solid tumour.
    open_cohorts = [*cohorts, ("Part A", "Histologically confirmed advanced solid tumour")]
    read = diagnosis_codes(
        ["Bladder Cancer"], inclusion=[line for _, line in open_cohorts], cohorts=open_cohorts
    )
    assert read.codes == ("SOLID",)


def test_a_phase_for_any_solid_tumour_keeps_the_trials_blood_cancers() -> None:
    cohorts = [
        ("phase I", "Histologically confirmed advanced solid tumour or lymphoma (phase I)"),
        ("phase II", "Histologically confirmed small cell lung cancer (phase II)"),
    ]
    read = diagnosis_codes(
        ["Small Cell Lung Cancer", "Lymphoma"],
        inclusion=[line for _, line in cohorts],
        cohorts=cohorts,
    )
    assert read.codes == ("SOLID", "LYMPH")


def test_a_text_for_any_solid_tumour_wins_over_the_keywords_examples() -> None:
    read = diagnosis_codes(
        ["Metastatic Malignant Neoplasm to Brain", "Recurrent Brain Metastases"],
        keywords=["Recurrent brain metastases from breast cancer", "brain metastases melanoma"],
        statements=["Participants must have histologically confirmed disease from any solid tumor"],
    )
    assert read.codes == ("SOLID",)


def test_a_line_for_solid_and_blood_cancers_is_any_cancer() -> None:
    found = diagnosis_codes(
        [],
        titles=["Drainage of a malignant pleural effusion in people with cancer"],
        statements=["Confirmed solid tumour or haematological malignancy of any type"],
    )
    assert found.codes == ()
    # a blood cancer named by type next to solid tumours keeps its code
    found = diagnosis_codes(["Solid Tumor", "Acute Myeloid Leukemia"])
    assert found.codes == ("SOLID", "AML")


def test_a_parenthesis_in_a_sentence_that_rules_a_type_out_admits_nothing() -> None:
    line = (
        "Diagnosis of AML per WHO criteria. Patients with APL (acute promyelocytic leukaemia) "
        "are not eligible."
    )
    assert diagnosis_codes(["Leukemia, Myeloid, Acute"], statements=[line]).codes == ("AML",)
    # a parenthesis of the stating sentence is still read
    line = "Histologically confirmed endometrial cancer (endometrial carcinoma or carcinosarcoma)"
    assert diagnosis_codes(["Endometrial Cancer"], statements=[line]).codes == ("UCEC", "UCS")


def test_an_organ_with_a_squamous_cell_diagnosis_line_is_its_squamous_type() -> None:
    line = "Biopsy-proven squamous cell carcinoma"
    assert diagnosis_codes(["Laryngeal Cancer"], statements=[line]).codes == ("HNSC",)
    # another histology beside it leaves the organ
    line = "Histologically confirmed squamous cell carcinoma or adenocarcinoma"
    assert diagnosis_codes(["Esophageal Cancer"], statements=[line]).codes == ("ESOPHAGUS_STOMACH",)
    # the lung's non-small cell types are not read from the histology alone
    line = "Histologically confirmed squamous cell carcinoma"
    assert diagnosis_codes(["Lung Cancer"], statements=[line]).codes == ("LUNG",)


def test_a_negation_about_treatment_does_not_rule_the_type_out() -> None:
    line = "Confirmed metastatic NSCLC that is not amenable to curative surgery or radiotherapy"
    assert diagnosis_codes(["Lung Cancer"], statements=[line]).codes == ("NSCLC",)
    line = "Confirmed metastatic NSCLC; squamous NSCLC is not eligible"
    assert "LUSC" not in diagnosis_codes(["Lung Cancer"], statements=[line]).codes


def test_a_title_s_solid_tumours_give_way_to_the_type_the_text_names() -> None:
    lines = [
        "Confirmed metastatic non-small cell lung cancer (NSCLC) with an EGFR mutation",
        "May have a prior or concurrent second malignancy that will not interfere",
    ]
    title = "A Study of Drug X in Advanced Solid Tumours Including EGFR-Mutant NSCLC"
    found = diagnosis_codes([], titles=[title], statements=lines, inclusion=lines)
    assert found.codes == ("NSCLC",)
    lines = ["Confirmed advanced solid tumour, for example NSCLC"]
    found = diagnosis_codes([], titles=[title], statements=lines, inclusion=lines)
    assert found.codes == ("SOLID",)


def test_a_parenthesis_that_restates_the_type_before_it_does_not_widen_it() -> None:
    line = "Confirmed metastatic adenocarcinoma subtype non-small cell lung cancer (NSCLC)"
    assert diagnosis_codes(["Lung Cancer"], statements=[line]).codes == ("LUAD",)
    line = "Confirmed squamous cell non-small cell lung cancer (NSCLC), stage IV"
    assert diagnosis_codes(["Carcinoma, Non-Small-Cell Lung"], statements=[line]).codes == ("LUSC",)
    # a parenthesis naming other types is still read
    line = "Confirmed endometrial cancer (endometrial carcinoma or carcinosarcoma)"
    assert diagnosis_codes(["Endometrial Cancer"], statements=[line]).codes == ("UCEC", "UCS")


def test_solid_cancers_for_which_a_drug_is_indicated_are_the_listed_ones() -> None:
    line = (
        "Advanced solid cancer for which the study drug has an indication: renal cell "
        "carcinoma, colorectal adenocarcinoma or cervical carcinoma"
    )
    conditions = ["Renal Cell Carcinoma", "Colorectal Adenocarcinoma", "Cervical Carcinoma"]
    found = diagnosis_codes(conditions, statements=[line], inclusion=[line])
    assert found.codes == ("RCC", "COADREAD", "CERVIX")
    # without the list, any solid tumour
    line = "Advanced solid cancer for which no standard therapy exists"
    found = diagnosis_codes(conditions, statements=[line], inclusion=[line])
    assert found.codes == ("SOLID",)


def test_a_leukaemia_of_no_named_kind_takes_the_blood_cancers_the_text_names() -> None:
    line = "Diagnosis of one of the following: AML, MDS with excess blasts, or CMML"
    found = diagnosis_codes(["Leukemia", "Myelodysplastic Syndromes"], statements=[line])
    assert found.codes == ("MDS", "AML", "CMML")
    # without the generic leukaemia, the registry's MDS keeps its own organ
    found = diagnosis_codes(["Myelodysplastic Syndromes"], statements=[line])
    assert found.codes == ("MDS",)
    # a named leukaemia in the registry is the trial's; the text adds only the blood cancers
    # it offers as alternatives to it ("AML or ...")
    line = "Diagnosis of AML or CML in blast phase"
    assert diagnosis_codes(["Leukemia", "Acute Myeloid Leukemia"], statements=[line]).codes == (
        "AML",
        "CML",
    )
    line = "Diagnosis of AML; patients with CML in blast phase are not eligible"
    assert diagnosis_codes(["Leukemia", "Acute Myeloid Leukemia"], statements=[line]).codes == (
        "AML",
    )


def test_an_upper_tract_site_in_a_list_of_urinary_sites_is_not_the_trial_s_only_type() -> None:
    line = "Confirmed urothelial carcinoma of the renal pelvis, ureter, bladder or urethra"
    assert diagnosis_codes(["Urothelial Carcinoma"], statements=[line]).codes == ("BLADDER",)
    line = "Confirmed urothelial carcinoma of the renal pelvis or ureter"
    assert diagnosis_codes(["Urothelial Carcinoma"], statements=[line]).codes == ("UTUC",)


def test_an_organ_with_a_squamous_cell_condition_is_its_squamous_type() -> None:
    found = diagnosis_codes(["Esophageal Cancer", "Squamous Cell Carcinoma"])
    assert found.codes == ("ESCC",)
    assert diagnosis_codes(["Lung Cancer", "Squamous Cell Carcinoma"]).codes == ("LUNG",)


def test_a_group_of_blood_tissues_is_the_one_the_text_names_types_of() -> None:
    line = "Histologically confirmed B-cell non-Hodgkin lymphoma or CLL, relapsed"
    assert diagnosis_codes(["Hematologic Neoplasms"], statements=[line]).codes == ("NHL", "CLL")
    line = "Confirmed AML or MDS with excess blasts"
    assert diagnosis_codes(["Blood Cancer"], statements=[line]).codes == ("AML", "MDS")


def test_a_subtype_beside_a_cancer_the_table_cannot_read_leaves_the_organ_whole() -> None:
    line = "Relapsed high grade serous ovarian cancer or high grade endometrioid cancer"
    assert diagnosis_codes(["Ovarian Cancer"], statements=[line]).codes == ("OVARY",)
    line = "Relapsed high grade serous ovarian cancer or high grade clear-cell tumour"
    assert diagnosis_codes(["Ovarian Neoplasms"], statements=[line]).codes == ("OVARY",)
    # a generic word after "or" is no other kind
    line = "Histologically or cytologically confirmed high grade serous ovarian cancer"
    assert diagnosis_codes(["Ovarian Cancer"], statements=[line]).codes == ("HGSOC",)


def test_an_organ_named_before_the_shared_cancer_word_is_a_read_alternative() -> None:
    line = (
        "Histologically or cytologically confirmed gastric or gastroesophageal junction "
        "adenocarcinoma that is not appropriate for standard treatment"
    )
    found = diagnosis_codes(["Gastric or Gastroesophageal Cancer"], statements=[line])
    assert found.codes == ("STAD", "GEJ")


@pytest.mark.parametrize(
    ("term", "codes"),
    [
        ("AML, ALL, MDS or CMML", ("AML", "ALL", "MDS", "CMML")),
        ("Relapsed or refractory B-ALL", ("ALL",)),
        ("Ph+ ALL", ("ALL",)),
        # the word, not the abbreviation
        ("ALL patients with AML", ("AML",)),
        ("Leukemia, ALL subtypes", ()),
    ],
)
def test_all_as_the_leukaemia_s_abbreviation(term: str, codes: tuple[str, ...]) -> None:
    assert codes_in(term) == codes


def test_a_line_opening_with_patients_must_have_states_the_diagnosis() -> None:
    read = diagnosis_codes(
        ["Kidney Neoplasms"],
        statements=["Patients must have metastatic clear or non-clear renal cell carcinoma."],
    )
    assert read.codes == ("RCC",)
    read = diagnosis_codes(
        ["Kidney Neoplasms"], statements=["Patients must have received one prior therapy."]
    )
    assert read.codes == ("KIDNEY",)


def test_non_hodgkin_lymphoma_in_a_diagnosis_line_is_no_negation() -> None:
    read = diagnosis_codes(
        ["Lymphoma; Hodgkin Lymphoma; Solid Tumour"],
        statements=["Biopsy-confirmed non-Hodgkin lymphoma, Hodgkin lymphoma or a solid tumour"],
    )
    assert "NHL" in read.codes


def test_a_blood_cancer_the_text_names_whole_absorbs_the_registry_s_subtype_list() -> None:
    read = diagnosis_codes(
        [
            "Stage IV Grade 2 Follicular Lymphoma",
            "Recurrent Mantle Cell Lymphoma",
            "Recurrent Adult Acute Myeloid Leukemia",
        ],
        statements=[
            "Confirmed relapsed acute myeloid leukaemia",
            "Histologically confirmed refractory non-Hodgkin's lymphoma (NHL)",
        ],
    )
    assert set(read.codes) == {"AML", "NHL"}
    # a subtype the text names itself stays
    read = diagnosis_codes(
        ["Recurrent Mantle Cell Lymphoma", "Non-Hodgkin Lymphoma"],
        statements=["Histologically confirmed mantle cell lymphoma or other non-Hodgkin lymphoma"],
    )
    assert read.codes == ("MCL",)


def test_follicular_non_hodgkin_lymphoma_is_follicular() -> None:
    assert codes_in("Grade 1-3a follicular non-Hodgkin's lymphoma, relapsed") == ("FL",)
    assert codes_in("Follicular B-cell lymphoma") == ("FL",)


def test_a_histology_list_with_abbreviations_shares_its_organ() -> None:
    line = "Biopsy-proven squamous cell carcinoma (SCC) or adenocarcinoma (ADC) of the oesophagus"
    read = diagnosis_codes(["Esophageal Cancer"], statements=[line])
    assert set(read.codes) == {"ESCC", "ESCA"}


def test_a_line_that_is_only_a_type_name_states_the_diagnosis() -> None:
    read = diagnosis_codes(
        ["B-Cell Lymphoma"],
        statements=["Aged 18 to 79", "CD20-positive diffuse large B-cell lymphoma."],
    )
    assert read.codes == ("DLBCL",)
    # items under "one of the following diseases:"
    read = diagnosis_codes(
        ["Lymphoma", "Unspecified Adult Solid Tumor, Protocol Specific"],
        statements=[
            "One of the following biopsy-confirmed diseases with no curative option:",
            "Solid tumours",
            "Non-Hodgkin's lymphoma",
        ],
    )
    assert set(read.codes) == {"SOLID", "NHL"}
    # a line naming no type is no statement
    read = diagnosis_codes(["B-Cell Lymphoma"], statements=["Measurable disease"])
    assert read.codes == ("NHL",)


def test_cervix_and_thoracic_oesophagus_spellings() -> None:
    assert codes_in("Cervix Neoplasms") == ("CERVIX",)
    assert codes_in("Neoplasms, Cervix") == ("CERVIX",)
    assert codes_in("adenocarcinoma of the thoracic oesophagus or GEJ") == ("ESCA", "GEJ")
    assert codes_in("squamous cell carcinoma of the intrathoracic esophagus") == ("ESCC",)


def test_organs_joined_by_a_slash_share_their_cancer_word() -> None:
    line = "Confirmed HER2-positive metastatic gastric / gastro-oesophageal junction adenocarcinoma"
    read = diagnosis_codes(["Gastric Cancer", "GEJ Adenocarcinoma"], statements=[line])
    assert set(read.codes) == {"STAD", "GEJ"}


def test_the_items_of_a_diagnosis_list_state_the_types_they_open_with() -> None:
    lines = [
        "Diagnosis of one of the following:",
        "Acute myeloid leukaemia (AML) per WHO criteria (confirmed by flow cytometry; any subtype)",
        "High-risk myelodysplastic syndrome with an IPSS score of 1.5 or more",
    ]
    read = diagnosis_codes(["Leukemia", "Myelodysplastic Syndromes"], statements=lines)
    assert set(read.codes) == {"AML", "MDS"}
    # without the list's introduction the qualified item states nothing
    read = diagnosis_codes(["Leukemia", "Myelodysplastic Syndromes"], statements=lines[1:2])
    assert read.codes == ("MDS",)


def test_papillary_or_follicular_thyroid_cancer_is_both_types() -> None:
    assert set(codes_in("follicular and papillary thyroid carcinoma")) == {"THPA", "THFO"}
    assert set(codes_in("papillary or follicular thyroid cancer")) == {"THPA", "THFO"}
    assert codes_in("papillary renal cell carcinoma") == ("RCC",)


def test_a_non_haematological_malignancy_is_any_solid_tumour() -> None:
    assert codes_in("Advanced non-haematological malignancy") == ("SOLID",)
    line = (
        "Diagnosis of a metastatic non-hematologic solid tumor malignancy, including but not"
        " limited to breast, lung or kidney cancer"
    )
    read = diagnosis_codes(["Breast Cancer", "Lung Cancer", "Kidney Cancer"], statements=[line])
    assert read.codes == ("SOLID",)


def test_a_first_level_listed_on_its_own_takes_in_a_subtype_listed_beside_it() -> None:
    read = diagnosis_codes(
        ["Acute Myeloid Leukemia", "Acute Promyelocytic Leukemia"],
        statements=[
            "Confirmed diagnosis of relapsed acute myeloid leukaemia; acute promyelocytic "
            "leukaemia only after failure of arsenic"
        ],
    )
    assert read.codes == ("AML",)


def test_the_items_of_a_list_joined_in_one_line_are_each_read() -> None:
    line = (
        "Confirmed diagnosis of 1 of the following: relapsed acute myeloid leukemia; "
        "secondary AML, such as after myelodysplastic syndromes; chronic myelogenous "
        "leukemia in blast phase; MDS, including chronic myelomonocytic leukemia"
    )
    read = diagnosis_codes(
        [
            "Recurrent Adult Acute Myeloid Leukemia",
            "Chronic Myelogenous Leukemia, BCR-ABL1 Positive",
            "Chronic Myelomonocytic Leukemia",
            "Previously Treated Myelodysplastic Syndrome",
            "Primary Myelofibrosis",
        ],
        statements=[line],
    )
    assert set(read.codes) == {"AML", "CML", "MDS", "CMML"}


def test_a_subtype_read_at_its_first_level_does_not_absorb_the_listed_subtypes() -> None:
    read = diagnosis_codes(
        ["Mantle Cell Lymphoma", "Follicular Lymphoma", "Marginal Zone Lymphoma"],
        statements=[
            "Confirmed diagnosis of 1 of the following types of NHL: mantle cell lymphoma; "
            "follicular lymphoma; marginal zone lymphoma"
        ],
    )
    assert {"MCL", "FL"} <= set(read.codes)


def test_adult_t_cell_leukaemia_and_nk_cell_neoplasms_are_mature_t_and_nk() -> None:
    assert codes_in("Adult T-cell Leukemia-Lymphoma") == ("TNKL",)
    assert codes_in("adult T-cell leukaemia") == ("TNKL",)
    assert codes_in("T-cell prolymphocytic leukemia") == ("TNKL",)
    assert codes_in("Natural killer cell malignancies") == ("TNKL",)
    assert codes_in("precursor T-cell lymphoblastic leukemia") == ("ALL",)


def test_a_line_opening_with_an_article_or_a_non_haematological_malignancy_states_it() -> None:
    read = diagnosis_codes(
        ["Neoplasm", "Cancer"],
        statements=["Patients with an advanced solid tumour which has progressed on therapy"],
    )
    assert read.codes == ("SOLID",)
    read = diagnosis_codes(
        ["Tumors"], statements=["Non-haematological malignancy that has progressed"]
    )
    assert read.codes == ("SOLID",)


def test_a_line_opening_with_an_untreated_blood_cancer_states_it() -> None:
    read = diagnosis_codes(
        ["Leukemia"],
        statements=[
            "Previously untreated AML (at least 20% blasts). Patients with high-risk MDS "
            "will also be eligible."
        ],
    )
    assert set(read.codes) == {"AML", "MDS"}


def test_atypical_cml_and_myeloid_sarcoma_are_not_cml_or_a_sarcoma() -> None:
    assert codes_in("Atypical Chronic Myeloid Leukemia, BCR-ABL1 Negative") == ("MYELOID",)
    assert codes_in("Chronic Myelogenous Leukemia, BCR-ABL1 Positive") == ("CML",)
    assert codes_in("Chronic neutrophilic leukaemia") == ("MYELOID",)
    assert codes_in("Myeloid Sarcoma") == ("AML",)


def test_a_diagnosis_line_after_the_first_six_is_read_when_they_name_no_type() -> None:
    first = [
        "Signed informed consent",
        "Aged 18 years or older",
        "ECOG performance status 0 to 2",
        "Adequate bone marrow function",
        "Adequate liver function",
        "Life expectancy of at least 3 months",
    ]
    later = "Histologically confirmed acute myeloid leukaemia, relapsed or refractory"
    assert diagnosis_statements([*first, "Adequate renal function", later]) == [*first, later]
    read = diagnosis_codes(
        ["Leukemia, Myeloid, Acute", "Acute Promyelocytic Leukemia"],
        statements=diagnosis_statements([*first, later]),
    )
    assert read.codes == ("AML",)
    # Not when the first six already name one, nor a later line for one cohort or phase,
    # a cancer in the past, or a laboratory line.
    named = ["Confirmed metastatic melanoma", *first[1:]]
    assert diagnosis_statements([*named, later]) == named
    for line in (
        "To be enrolled in the expansion cohort: confirmed metastatic breast cancer",
        "Phase II: histologically confirmed glioblastoma",
        "No history of breast cancer diagnosed within 5 years",
        "Bilirubin at most 3 x ULN if there is liver tumour involvement",
    ):
        assert diagnosis_statements([*first, line]) == first, line


def test_a_blood_cancer_listed_beside_the_registrys_is_kept() -> None:
    read = diagnosis_codes(
        ["Myelodysplastic Syndromes"],
        statements=["Confirmed diagnosis of MDS or CMML with more than 5% marrow blasts"],
    )
    assert set(read.codes) == {"MDS", "CMML"}
    read = diagnosis_codes(
        ["Lymphoma, Non-Hodgkin"],
        statements=["Relapsed or refractory DLBCL, follicular lymphoma or Hodgkin lymphoma"],
    )
    assert set(read.codes) == {"DLBCL", "FL", "HL"}
    # A cancer the trial's arose from is not one it takes.
    read = diagnosis_codes(
        ["Leukemia, Myeloid, Acute"], statements=["Confirmed AML after prior MDS"]
    )
    assert read.codes == ("AML",)


def test_the_nasopharynx_as_one_listed_site_keeps_the_squamous_type() -> None:
    line = (
        "Newly diagnosed, histologically confirmed squamous cell carcinoma involving the oral "
        "cavity, oropharynx, nasopharynx, hypopharynx, or larynx"
    )
    assert diagnosis_codes(["Head and Neck Cancer"], statements=[line]).codes == ("HNSC",)
    line = "Histologically confirmed squamous cell carcinoma of the nasopharynx"
    assert diagnosis_codes(["Head and Neck Cancer"], statements=[line]).codes == ("NPC",)


def test_a_full_width_parenthesis_is_a_parenthesis() -> None:
    # The lung cancer of a staging body's name inside a full-width parenthesis does not widen
    # the trial to any lung cancer.
    line = (
        "Patients with locally advanced disease（stage IIIB-IV according to the International "
        "Association for the Study of Lung Cancer (IASLC) staging manual）or recurrent "
        "non-squamous non-small cell lung cancer confirmed by histology"
    )
    read = diagnosis_codes(["Non-squamous Non-small Cell Lung Cancer"], statements=[line])
    assert read.codes == ("NSCLC",)


def test_a_diagnosis_line_gives_no_code_for_the_cancers_it_excepts() -> None:
    # With no registry condition to read, a line for any cancer but some skin cancers is for
    # any cancer, not for skin cancer.
    line = (
        "Diagnosed with any malignancy in the last 5 years, with the exception of early-stage "
        "basal cell skin carcinoma"
    )
    assert diagnosis_codes(["Cancer"], statements=[line]).codes == ()
    line = "Histologically confirmed melanoma, excluding uveal melanoma"
    assert diagnosis_codes(["Neoplasms"], statements=[line]).codes == ("MEL",)


def test_a_first_level_with_its_subtypes_as_examples_stays_whole_less_what_it_excludes() -> None:
    line = (
        "Histologic diagnosis of CD20+ B-cell NHL including diffuse large B-cell lymphoma, "
        "follicular lymphoma and other B-cell lymphomas excluding chronic lymphocytic leukemia"
    )
    conditions = [
        "Adult Non-Hodgkin Lymphoma",
        "Stage III Grade 2 Follicular Lymphoma",
        "Recurrent Mantle Cell Lymphoma",
        "Stage I Small Lymphocytic Lymphoma",
    ]
    assert diagnosis_codes(conditions, statements=[line]).codes == ("NHL",)
    # Subtypes joined by "or" are not examples.
    line = "Newly diagnosed APL or AML with a variant RARA translocation"
    assert diagnosis_codes(["Acute Promyelocytic Leukemia"], statements=[line]).codes == ("APL",)


def test_a_diagnosis_line_admitting_lymphoma_itself_keeps_every_lymphoma() -> None:
    # "Malignant lymphoma or Hodgkin's disease" is any lymphoma, not Hodgkin lymphoma only.
    lines = [
        "Relapsed or refractory acute myeloid leukaemia",
        "Recurrent or refractory malignant lymphoma or Hodgkin's disease",
        "Multiple myeloma at high risk of relapse",
    ]
    read = diagnosis_codes(["Leukemia, Myeloid", "Lymphoma", "Myeloma"], statements=lines)
    assert set(read.codes) == {"AML", "NHL", "HL", "MM"}
    # An old registry's list of lymphoma types beside "Lymphoma": its examples.
    line = "Histologically confirmed solid tumour or lymphoma"
    conditions = ["Unspecified Adult Solid Tumor", "Recurrent Mantle Cell Lymphoma", "Lymphoma"]
    assert set(diagnosis_codes(conditions, statements=[line]).codes) == {"SOLID", "NHL", "HL"}
    # Not when the registry names no lymphoma in general.
    line = "Histologically documented CD20-positive lymphoma"
    assert diagnosis_codes(["Lymphoma, Follicular"], statements=[line]).codes == ("FL",)


def test_a_small_cell_carcinoma_of_bronchogenic_origin_is_a_small_cell_lung_cancer() -> None:
    read = diagnosis_codes(
        ["Small Cell Carcinoma", "Lung Cancer"],
        statements=["Histologically proven small cell carcinoma of bronchogenic origin."],
    )
    assert read.codes == ("SCLC",)
    # a carcinoma of bronchogenic origin of no stated cell type stays a lung cancer
    other = diagnosis_codes(
        ["Lung Cancer"], statements=["Histologically proven carcinoma of bronchogenic origin."]
    )
    assert other.codes == ("LUNG",)


def test_clear_cell_rcc_by_its_abbreviation_is_clear_cell_renal_cell_carcinoma() -> None:
    assert codes_in("measurable predominantly clear cell RCC") == ("CCRCC",)
    assert codes_in("clear cell metastatic RCC") == ("CCRCC",)
    assert codes_in("non-clear cell RCC") == ("NCCRCC",)
    read = diagnosis_codes(
        ["Carcinoma, Renal Cell"], statements=["Unresectable predominantly clear cell RCC."]
    )
    assert read.codes == ("CCRCC",)


def test_organs_listed_after_a_cancer_word_and_a_colon_are_each_a_cancer() -> None:
    line = "Histologic confirmation of primary tumour: breast, prostate, lung, colorectal."
    assert set(codes_in(line)) == {"BRCA", "PRAD", "LUNG", "COADREAD"}
    conditions = ["Breast Cancer", "Prostate Cancer", "Lung Cancer", "Colorectal Cancer"]
    read = diagnosis_codes(conditions, statements=[line])
    assert set(read.codes) == {"BRCA", "PRAD", "LUNG", "COADREAD"}
    # only a list that ends its sentence: organs followed by more words are something else
    assert codes_in("primary tumour: breast or lung metastases treated") == ()


def test_a_line_opening_with_a_stage_or_malignant_states_the_diagnosis() -> None:
    conditions = ["Non-Small Cell Lung Cancer", "Squamous Non-small-cell Lung Cancer"]
    read = diagnosis_codes(conditions, statements=["Stage IV squamous NSCLC."])
    assert read.codes == ("LUSC",)
    read = diagnosis_codes(["Neoplasms"], statements=["Malignant solid tumour with no therapy"])
    assert read.codes == ("SOLID",)
    # "Stage 1:" is a step of the study, not a stage of the disease
    assert diagnosis_statements(["Stage 1: squamous NSCLC"]) == ["Stage 1: squamous NSCLC"]
    read = diagnosis_codes(conditions, statements=["Stage 1: squamous NSCLC"])
    assert read.codes == ("NSCLC",)


def test_a_classification_named_on_a_diagnosis_line_names_no_cancer() -> None:
    line = "Diagnosed with B-CLL / SLL based on the WHO classification of lymphoid malignancies"
    read = diagnosis_codes(["Chronic Lymphocytic Leukemia"], statements=[line])
    assert read.codes == ("CLL",)


def test_a_staging_system_named_on_a_diagnosis_line_names_no_cancer() -> None:
    # "the TNM stage of lung cancer" is the staging system, not lung cancer beside NSCLC
    line = "Advanced NSCLC confirmed by histology or cytology, per the TNM stage of lung cancer"
    read = diagnosis_codes(["Non-small Cell Lung Cancer"], statements=[line])
    assert read.codes == ("NSCLC",)


def test_a_diagnosis_line_naming_lymphoma_when_no_condition_maps_keeps_every_lymphoma() -> None:
    line = "Histologically confirmed solid malignancy or lymphoma, advanced or metastatic"
    assert set(diagnosis_codes(["Neoplasms"], statements=[line]).codes) == {"SOLID", "NHL", "HL"}


def test_nsclc_of_squamous_histology_is_lung_squamous_cell_carcinoma() -> None:
    assert codes_in("NSCLC considered to be of squamous histology") == ("LUSC",)
    assert codes_in("non-small cell lung cancer of squamous cell type") == ("LUSC",)
    assert codes_in("NSCLC of non-squamous histology") == ("NSCLC",)
    read = diagnosis_codes(
        ["Carcinoma, Non-Small-Cell Lung"],
        statements=["Pathologically confirmed NSCLC of squamous histology."],
    )
    assert read.codes == ("LUSC",)


def test_a_cohorts_line_types_an_organ_the_registry_names_whole() -> None:
    everyone = "Histologically confirmed metastatic melanoma or renal cell carcinoma"
    cohorts = [
        (
            "Esophageal Expansion Cohort",
            "Histologically confirmed metastatic ESCC or adenocarcinoma of the esophagus",
        ),
        ("Lung Cohort", "Histologically confirmed small cell lung cancer"),
    ]
    read = diagnosis_codes(
        ["Melanoma", "Renal Cell Carcinoma", "Esophageal Cancer"],
        statements=[everyone],
        inclusion=[everyone, *(line for _, line in cohorts)],
        cohorts=cohorts,
    )

    assert read.codes == ("MEL", "RCC", "ESCC", "ESCA")
    assert cohorts[0][1] in read.terms
    # a cohort's cancer of an organ the registry does not name is not added
    assert "SCLC" not in read.codes


def test_an_organ_list_ending_in_a_lung_cancer_type_names_every_organ() -> None:
    line = "Confirmed advanced breast, gastric, head and neck, liver and non-small cell lung cancer"
    assert set(codes_in(line)) == {"BRCA", "STAD", "HEAD_NECK", "LIVER", "NSCLC"}
    assert set(codes_in("non-small cell lung, breast or ovarian cancer")) == {
        "NSCLC",
        "BRCA",
        "OVARY",
    }
    assert set(codes_in("cervical, endometrial, vaginal or vulvar cancer")) == {
        "CERVIX",
        "UCEC",
        "VULVA",
    }


def test_gastro_oesophageal_cancer_without_the_junction_is_oesophagogastric() -> None:
    assert set(codes_in("gastric, gastro-oesophageal or colorectal adenocarcinoma")) == {
        "STAD",
        "EGC",
        "COADREAD",
    }
    assert codes_in("gastro-oesophageal adenocarcinoma") == ("EGC",)
    assert codes_in("gastroesophageal junction adenocarcinoma") == ("GEJ",)
    assert codes_in("gastro-oesophageal reflux disease") == ()


def test_diffuse_large_b_cell_lymphoma_as_registries_also_spell_it() -> None:
    assert codes_in("diffuse large cell B-cell NHL") == ("DLBCL",)
    assert codes_in("diffuse large B-cell non-Hodgkin's lymphoma") == ("DLBCL",)


def test_renal_cell_carcinoma_of_clear_cell_histology_is_clear_cell() -> None:
    line = "renal cell carcinoma containing predominant (>50%) clear cell histology"
    assert codes_in(line) == ("CCRCC",)
    assert codes_in("renal cell carcinoma of clear cell origin") == ("CCRCC",)
    assert codes_in("RCC of predominantly clear cell histology") == ("CCRCC",)
    assert codes_in("renal cell carcinoma without a clear cell component") == ("RCC",)


def test_a_later_line_restaging_the_type_does_not_undo_the_first_lines_subtype() -> None:
    read = diagnosis_codes(
        ["Advanced Renal Cell Carcinoma"],
        statements=[
            "Histological confirmation of renal cell carcinoma (RCC) with a clear-cell component",
            "Advanced (not amenable to curative surgery) or metastatic (AJCC Stage IV) RCC",
        ],
    )
    assert read.codes == ("CCRCC",)


def test_what_a_cancer_in_general_includes_are_examples() -> None:
    read = diagnosis_codes(
        ["Advanced Cancer"],
        statements=["Histological evidence of a diagnosis of cancer (including lymphoma)"],
    )
    assert read.codes == ()


def test_a_line_opening_with_persistent_disease_states_the_diagnosis() -> None:
    line = "Patients must have persistent or recurrent ovarian or primary peritoneal cancer."
    read = diagnosis_codes(
        ["Recurrent Ovarian Epithelial Cancer", "Recurrent Ovarian Germ Cell Tumor"],
        statements=[line],
    )
    assert read.codes == ("OVARY",)


def test_tumour_progression_is_no_alternative_cancer_on_a_diagnosis_line() -> None:
    line = (
        "Histologically confirmed grade III or IV astrocytoma (anaplastic astrocytoma, "
        "anaplastic oligodendroglioma, glioblastoma) and a biopsy for confirmation of tumor "
        "progression or differentiation of tumor progression versus treatment effects"
    )
    assert diagnosis_codes(["Brain Neoplasms"], statements=[line]).codes == ("DIFG",)


def test_nci_hematopoietic_and_lymphoid_cell_neoplasm_is_every_blood_cancer() -> None:
    assert codes_in("Hematopoietic and Lymphoid Cell Neoplasm") == ("LYMPH", "MYELOID")
    assert codes_in("allogeneic hematopoietic stem cell transplantation") == ()
    read = diagnosis_codes(
        ["Hematopoietic and Lymphoid Cell Neoplasm", "Malignant Solid Neoplasm"],
        statements=["Patient may have any solid tumor or hematologic malignancy"],
    )
    assert read.codes == ()


def test_adenocarcinoma_of_the_gastric_oesophageal_junction_is_a_type_name() -> None:
    read = diagnosis_codes(
        ["Esophageal Neoplasms", "Stomach Neoplasms"],
        statements=["adenocarcinoma of gastric-esophagal junction", "stage II to III"],
    )
    assert read.codes == ("GEJ",)


def test_a_list_of_digestive_organs_after_cancer_of_names_each() -> None:
    line = "cancer of the esophagus, stomach, small bowel, pancreas, large bowel, appendix and anus"
    assert set(codes_in(line)) == {
        "ESOPHAGUS_STOMACH",
        "STAD",
        "SBC",
        "PAAD",
        "COADREAD",
        "BOWEL",
        "ANSC",
    }
    assert codes_in("small bowel obstruction") == ()


def test_documentation_of_disease_opens_a_list_of_disease_types() -> None:
    line = (
        "Documentation of disease. Patients must have one of the following disease types: "
        "Acute myeloid leukemia (AML) with either: Primary refractory to induction "
        "chemotherapy; Relapsed and refractory AML; Acute lymphoblastic leukemia (ALL) with one "
        "of the following criteria: Relapsed and refractory ALL; Myelodysplasia, refractory "
        "anemia with excess blasts (RAEB II); Chronic myelogenous leukemia (CML) with one of the "
        "following criteria: Accelerated phase; Patients with aggressive non-Hodgkin's lymphoma "
        "(NHL), including diffuse large cell lymphoma, mantle cell lymphoma, and peripheral T "
        "cell lymphoma, who also have one of the following criteria: Relapsed NHL"
    )
    read = diagnosis_codes(["Hematologic Malignancies"], statements=[line])
    assert set(read.codes) == {"AML", "ALL", "MDS", "CML", "NHL"}


def test_penis_is_an_organ_of_a_squamous_cell_carcinoma_list() -> None:
    line = "squamous cell carcinoma of the head and neck, cervix, lung, anus, vulva, or penis"
    assert "PENIS" in codes_in(line)
    assert codes_in("penile or anal cancer") == ("PENIS", "ANSC")


def test_solid_tumours_treated_as_follows_are_the_listed_types() -> None:
    read = diagnosis_codes(
        ["Disease Progression"],
        statements=[
            "Histological diagnosis of metastatic solid tumors treated as follows:",
            "Non small cell lung carcinoma (NSCLC) monotherapy: PD on 1st line anti PD-1.",
            "HR+ HER2 adenocarcinoma of the breast: PD on 1st line palbociclib.",
            "Castrate resistant adenocarcinoma of the prostate: PD on enzalutamide.",
        ],
    )
    assert set(read.codes) == {"NSCLC", "BRCA", "PRAD"}


def test_one_of_the_following_solid_tumours_without_a_registry_type_is_the_list() -> None:
    read = diagnosis_codes(
        [],
        statements=[
            "Histologically confirmed one of the following advanced solid tumours:",
            "Non small cell lung cancer",
            "Melanoma",
        ],
    )
    assert read.codes == ("NSCLC", "MEL")
    # any solid tumour stays any solid tumour
    read = diagnosis_codes([], statements=["Histologically confirmed advanced solid tumour"])
    assert read.codes == ("SOLID",)


def test_brain_neoplasms_of_a_brain_metastases_trial_name_no_cancer() -> None:
    line = "Histologically confirmed malignancy with one to four intraparenchymal brain metastases"
    read = diagnosis_codes(["Neoplasm Metastasis", "Brain Neoplasms"], statements=[line])
    assert read.codes == ()
    read = diagnosis_codes(
        ["Brain Neoplasms"], titles=["Radiosurgery for Brain Metastases From Breast Cancer"]
    )
    assert read.codes == ("BRCA",)
    # a glioma trial that rules brain metastases out keeps its brain tumour
    read = diagnosis_codes(
        ["Brain Neoplasms"], statements=["Primary brain tumour, no brain metastases"]
    )
    assert read.codes == ("CNS_BRAIN",)


def test_primary_cns_and_transformed_lymphomas_are_non_hodgkin() -> None:
    assert codes_in("Central Nervous System Lymphoma") == ("NHL",)
    assert codes_in("intraocular lymphoma") == ("NHL",)
    assert codes_in("transformed lymphoma") == ("NHL",)
    read = diagnosis_codes(
        ["central nervous system lymphoma", "intraocular lymphoma"],
        statements=["Relapsed, refractory CNS lymphoma, ocular lymphoma, lymphomatous meningitis"],
    )
    assert read.codes == ("NHL",)


def test_patients_with_a_type_name_state_the_diagnosis() -> None:
    read = diagnosis_codes(["Lymphoma"], statements=["Patients with NHL and multiple myeloma"])
    assert set(read.codes) == {"NHL", "MM"}
    # a line that opens with patients and no type states nothing
    read = diagnosis_codes(["Lymphoma"], statements=["Patients with adequate organ function"])
    assert read.codes == ("LYMPH",)


def test_retinoblastoma_protein_is_a_gene_not_the_eye_tumour() -> None:
    assert codes_in("retinoblastoma protein (Rb1) positive CNS tumors") == ("CNS_BRAIN",)
    assert codes_in("recurrent retinoblastoma") == ("RBL",)


def test_documentation_of_disease_states_only_as_a_heading() -> None:
    read = diagnosis_codes(
        ["Hematologic Malignancies"],
        statements=["Documentation of disease; one of the following: AML; ALL"],
    )
    assert set(read.codes) == {"AML", "ALL"}
    line = "Relapse shown by PET or surgical documentation of disease; one of the following: AML"
    read = diagnosis_codes(["Hematologic Malignancies"], statements=[line])
    assert read.codes == ("LYMPH", "MYELOID")


def test_lymphoblastic_lymphoma_is_the_acute_lymphoblastic_neoplasm() -> None:
    assert codes_in("T-lymphoblastic lymphoma") == ("ALL",)
    assert codes_in("acute lymphoid leukaemia") == ("ALL",)
    read = diagnosis_codes(
        ["Acute Lymphoblastic Leukemia"],
        statements=["Relapsed acute lymphoblastic leukaemia or lymphoblastic lymphoma"],
    )
    assert read.codes == ("ALL",)


def test_a_preceding_disorder_is_not_the_trials_disease() -> None:
    read = diagnosis_codes(
        ["Acute Myeloid Leukemia", "Myelodysplastic Syndromes", "Essential Thrombocythemia"],
        statements=["Relapsed or refractory AML"],
        inclusion=[
            "Relapsed or refractory AML",
            "Azacitidine given for a preceding MDS does not count as induction",
        ],
    )
    assert read.codes == ("AML",)


def test_nk_cell_lymphoma_and_bronchioloalveolar_carcinoma() -> None:
    assert codes_in("extranodal natural killer (NK) cell lymphoma") == ("TNKL",)
    assert codes_in("Adenocarcinoma, Bronchiolo-Alveolar") == ("LUAD",)


def test_non_resectable_disease_still_states_the_type() -> None:
    read = diagnosis_codes(
        ["Melanoma"],
        statements=["Confirmed cutaneous melanoma with non-resectable nodal disease"],
    )
    assert read.codes == ("SKCM",)


def test_conditions_listed_in_one_term_are_not_one_group() -> None:
    read = diagnosis_codes(
        ["Lung Neoplasms, Cervix Neoplasms, Kidney Neoplasms"],
        statements=[
            "Confirmed lung or cervical cancer after one standard regimen",
            "Confirmed renal cell carcinoma after sunitinib",
        ],
    )
    assert set(read.codes) == {"LUNG", "CERVIX", "RCC"}


def test_a_comma_inside_solid_malignant_tumour() -> None:
    assert codes_in("Cytologically proven solid, malignant tumour") == ("SOLID",)


def test_a_staging_body_named_after_lung_cancer_names_no_cancer() -> None:
    assert codes_in(
        "NSCLC staged by the International Association for the Study of Lung Cancer"
    ) == ("NSCLC",)
    read = diagnosis_codes(
        ["NSCLC"],
        statements=[
            "Patients with metastatic NSCLC, not fit for surgery and not for radical "
            "radiotherapy, staged by the International Association for the Study of Lung "
            "Cancer and the AJCC"
        ],
    )
    assert read.codes == ("NSCLC",)


def test_organ_nouns_joined_by_a_slash_share_the_cancer_word() -> None:
    assert condition_codes(["colon/rectum cancer"]) == ("COADREAD",)
    read = diagnosis_codes(
        ["Colorectal Cancer"], statements=["Confirmed KRAS-mutant colon/rectum cancer"]
    )
    assert read.codes == ("COADREAD",)


def test_no_available_therapy_does_not_rule_out_the_solid_tumour() -> None:
    read = diagnosis_codes(
        ["Tumors"],
        statements=[
            "Confirmed solid tumour that is not responsive to standard treatment or for which "
            "standard therapy is not available"
        ],
    )
    assert read.codes == ("SOLID",)


def test_the_subject_has_a_type_states_the_diagnosis() -> None:
    read = diagnosis_codes(
        ["Cancer"], statements=["The subject has a solid tumour. Age 18 or older."]
    )
    assert read.codes == ("SOLID",)


def test_a_subtype_left_out_does_not_narrow_the_registry_group() -> None:
    read = diagnosis_codes(
        ["Acute Leukemia"],
        statements=["Meets the diagnostic criteria of acute leukaemia (except APL)"],
    )
    assert set(read.codes) == {"ALL", "AML"}


def test_examples_of_blood_cancers_in_general_do_not_narrow_them() -> None:
    read = diagnosis_codes(
        ["Hematologic Malignancies"],
        statements=[
            "Patients with haematological malignancies (including MDS) planned for an "
            "allogeneic transplant"
        ],
    )
    assert set(read.codes) == {"LYMPH", "MYELOID"}
