"""The closed vocabularies of the patient profile and their labels.

Every choice an answer or a criterion parameter may take is listed here once; labels give each
a patient wording (plain words, kind to someone who is ill) and a clinician wording (terms).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from matcher.engine.messages import Label, gettext_noop

NEVER: Final = "never"

SEXES: tuple[str, ...] = ("female", "male")

DISEASE_STATUSES: tuple[str, ...] = ("recurrent", "metastatic", "locally_advanced", "localized")
# What protocols call "advanced" disease; a recurrence may be either.
ADVANCED_STATUSES: frozenset[str] = frozenset({"locally_advanced", "metastatic"})


def recurrence_may_count(given: tuple[str, ...], any_of: tuple[str, ...]) -> bool:
    """Whether a recurrence, with none of `any_of` given, may be the advanced disease asked."""
    return (
        "recurrent" in given
        and set(given).isdisjoint(any_of)
        and not ADVANCED_STATUSES.isdisjoint(any_of)
    )


# The first five are the contract; the rest help describe ADC and later-line trials.
THERAPY_CODES: tuple[str, ...] = (
    "platinum_chemotherapy",
    "pd1_pdl1_inhibitor",
    "taxane",
    "anti_egfr",
    "investigational",
    "anti_pdl1_adc",
    "topoisomerase_inhibitor_adc",
    "gemcitabine",
    "capecitabine",
)

TREATMENT_CATEGORIES: tuple[str, ...] = (
    "chemotherapy",
    "immunotherapy",
    "biologic",
    "radiotherapy",
    "major_surgery",
    "minor_surgery",
    "hormonal",
    "targeted_small_molecule",
    "tcm_antitumor",
    "investigational",
)

FLAG_KEYS: tuple[str, ...] = (
    "cns_metastases_active",
    "other_malignancy_within_2y",
    "prior_grade3_irae",
    "uncontrolled_effusion",
    "major_vessel_invasion",
    "ild_or_pneumonitis",
    "uncontrolled_cardiovascular",
    "transplant",
    "active_infection_iv_antibiotics",
    "strong_cyp_modulators",
    "systemic_steroids",
    "autoimmune_active",
    "live_vaccine_recent",
    "hypersensitivity_biologics",
    "tuberculosis_active",
    "immunodeficiency_hiv",
    "hbv_hcv_active",
    "pregnant_or_breastfeeding",
    "curative_local_therapy_candidate",
)

# Follow-up questions, each naming an exception a protocol makes to one flag ("except
# radically treated early-stage malignancies"): yes means the exception applies. Each is asked
# only after a yes to its flag.
EXCEPTION_KEYS: Mapping[str, str] = MappingProxyType(
    {
        "other_malignancy_curatively_treated": "other_malignancy_within_2y",
        "steroids_low_dose_or_local_only": "systemic_steroids",
        "autoimmune_thyroid_or_diabetes_controlled": "autoimmune_active",
    }
)

# Every yes/no answer: a `flag` criterion may ask any of them.
BOOL_KEYS: tuple[str, ...] = (
    "histology_confirmed",
    "measurable_disease",
    "organ_function_adequate",
    "tissue_sample_available",
    "contraception_willing",
    *FLAG_KEYS,
    *EXCEPTION_KEYS,
)


def _labels(table: dict[str, tuple[str, str]]) -> Mapping[str, Label]:
    return MappingProxyType({key: Label(*wordings) for key, wordings in table.items()})


SEX_LABELS = _labels(
    {
        "female": (gettext_noop("female"), gettext_noop("female")),
        "male": (gettext_noop("male"), gettext_noop("male")),
    }
)

DISEASE_STATUS_LABELS = _labels(
    {
        "recurrent": (
            gettext_noop("come back after treatment (recurrent)"),
            gettext_noop("recurrent"),
        ),
        "metastatic": (
            gettext_noop("spread to other parts of the body (metastatic)"),
            gettext_noop("metastatic"),
        ),
        "locally_advanced": (
            gettext_noop("grown into nearby tissue (locally advanced)"),
            gettext_noop("locally advanced"),
        ),
        "localized": (
            gettext_noop("only where it started (localized)"),
            gettext_noop("localized"),
        ),
    }
)

THERAPY_LABELS = _labels(
    {
        "platinum_chemotherapy": (
            gettext_noop("chemotherapy with a platinum drug (such as cisplatin or carboplatin)"),
            gettext_noop("platinum-based chemotherapy"),
        ),
        "pd1_pdl1_inhibitor": (
            gettext_noop("immunotherapy with a PD-1 or PD-L1 drug (such as toripalimab)"),
            gettext_noop("PD-1/PD-L1 inhibitor"),
        ),
        "taxane": (
            gettext_noop("a taxane (such as docetaxel or paclitaxel)"),
            gettext_noop("taxane"),
        ),
        "anti_egfr": (
            gettext_noop("an anti-EGFR drug (such as cetuximab or nimotuzumab)"),
            gettext_noop("anti-EGFR therapy"),
        ),
        "investigational": (
            gettext_noop("a drug tested in another clinical trial"),
            gettext_noop("investigational agent"),
        ),
        "anti_pdl1_adc": (
            gettext_noop("an antibody-drug conjugate aimed at PD-L1"),
            gettext_noop("anti-PD-L1 ADC"),
        ),
        "topoisomerase_inhibitor_adc": (
            gettext_noop("an antibody-drug conjugate carrying a topoisomerase inhibitor"),
            gettext_noop("topoisomerase-inhibitor ADC"),
        ),
        "gemcitabine": (gettext_noop("gemcitabine"), gettext_noop("gemcitabine")),
        "capecitabine": (gettext_noop("capecitabine"), gettext_noop("capecitabine")),
    }
)

# Worded to follow "your last ..." and "since any ...".
TREATMENT_LABELS = _labels(
    {
        "chemotherapy": (gettext_noop("chemotherapy"), gettext_noop("chemotherapy")),
        "immunotherapy": (gettext_noop("immunotherapy"), gettext_noop("immunotherapy")),
        "biologic": (
            gettext_noop("biological (antibody) treatment"),
            gettext_noop("biological therapy"),
        ),
        "radiotherapy": (gettext_noop("radiotherapy"), gettext_noop("radiotherapy")),
        "major_surgery": (gettext_noop("major surgery"), gettext_noop("major surgery")),
        "minor_surgery": (gettext_noop("minor surgery"), gettext_noop("minor surgery")),
        "hormonal": (gettext_noop("hormone therapy"), gettext_noop("hormonal therapy")),
        "targeted_small_molecule": (
            gettext_noop("targeted therapy (tablets)"),
            gettext_noop("small-molecule targeted therapy"),
        ),
        "tcm_antitumor": (
            gettext_noop("traditional Chinese medicine taken against cancer"),
            gettext_noop("TCM with anti-tumour indication"),
        ),
        "investigational": (
            gettext_noop("treatment in another clinical trial"),
            gettext_noop("investigational agent"),
        ),
    }
)

# One label per yes/no answer, worded so that "with ..." reads naturally.
FLAG_LABELS = _labels(
    {
        "histology_confirmed": (
            gettext_noop("a cancer diagnosis confirmed by a biopsy or cell test"),
            gettext_noop("histological or cytological confirmation"),
        ),
        "measurable_disease": (
            gettext_noop("a tumour that can be measured on scans"),
            gettext_noop("measurable disease (RECIST 1.1)"),
        ),
        "organ_function_adequate": (
            gettext_noop("blood tests showing the liver, kidneys and bone marrow work well enough"),
            gettext_noop("adequate organ function"),
        ),
        "tissue_sample_available": (
            gettext_noop("a tumour tissue sample the study can test"),
            gettext_noop("tumour tissue available"),
        ),
        "contraception_willing": (
            gettext_noop("willingness to use effective contraception"),
            gettext_noop("willing to use effective contraception"),
        ),
        "cns_metastases_active": (
            gettext_noop("cancer in the brain or spinal cord that is growing or causing symptoms"),
            gettext_noop("active or symptomatic CNS metastases"),
        ),
        "other_malignancy_within_2y": (
            gettext_noop("another cancer in the last 2 years"),
            gettext_noop("other malignancy within 2 years"),
        ),
        "prior_grade3_irae": (
            gettext_noop("a severe side effect from immunotherapy in the past"),
            gettext_noop("prior grade >= 3 immune-related adverse event"),
        ),
        "uncontrolled_effusion": (
            gettext_noop(
                "fluid around the lungs or heart, or in the belly, that needs draining often"
            ),
            gettext_noop("uncontrolled effusion requiring repeated drainage"),
        ),
        "major_vessel_invasion": (
            gettext_noop("a tumour growing into or around a large blood vessel"),
            gettext_noop("major vessel invasion or encasement"),
        ),
        "ild_or_pneumonitis": (
            gettext_noop("inflammation or scarring of the lungs (pneumonitis or ILD)"),
            gettext_noop("ILD or pneumonitis"),
        ),
        "uncontrolled_cardiovascular": (
            gettext_noop("a heart, blood vessel or stroke condition that is not well controlled"),
            gettext_noop("uncontrolled cardiovascular or cerebrovascular disease"),
        ),
        "transplant": (
            gettext_noop("an organ or bone marrow transplant, past or planned"),
            gettext_noop("prior or planned organ or marrow transplant"),
        ),
        "active_infection_iv_antibiotics": (
            gettext_noop("an infection that needs antibiotics through a drip"),
            gettext_noop("active infection requiring IV antibiotics"),
        ),
        "strong_cyp_modulators": (
            gettext_noop("medicines that strongly change how the liver handles other drugs"),
            gettext_noop("strong CYP inhibitors or inducers"),
        ),
        "systemic_steroids": (
            gettext_noop("steroid tablets or injections, or medicines that calm the immune system"),
            gettext_noop("systemic corticosteroids or immunosuppressants"),
        ),
        "autoimmune_active": (
            gettext_noop("an active autoimmune disease"),
            gettext_noop("active autoimmune disease"),
        ),
        "live_vaccine_recent": (
            gettext_noop("a live vaccine recently"),
            gettext_noop("recent live or attenuated vaccine"),
        ),
        "hypersensitivity_biologics": (
            gettext_noop("a severe allergy to antibody medicines"),
            gettext_noop("severe hypersensitivity to biologics"),
        ),
        "tuberculosis_active": (
            gettext_noop("active tuberculosis"),
            gettext_noop("active tuberculosis"),
        ),
        "immunodeficiency_hiv": (
            gettext_noop("HIV or another condition that weakens the immune system"),
            gettext_noop("HIV or other immunodeficiency"),
        ),
        "hbv_hcv_active": (
            gettext_noop("active hepatitis B or C"),
            gettext_noop("active HBV or HCV infection"),
        ),
        "pregnant_or_breastfeeding": (
            gettext_noop("a pregnancy or breastfeeding"),
            gettext_noop("pregnant or breastfeeding"),
        ),
        "curative_local_therapy_candidate": (
            gettext_noop("a cancer that could still be cured with surgery or radiotherapy"),
            gettext_noop("candidate for curative local therapy"),
        ),
        "other_malignancy_curatively_treated": (
            gettext_noop("another cancer found at an early stage and treated to cure it"),
            gettext_noop("other malignancy early-stage and radically treated"),
        ),
        "steroids_low_dose_or_local_only": (
            gettext_noop(
                "steroids only at a low dose (10 mg of prednisone a day or less), only as "
                "creams, eye or nose drops, inhalers or joint injections, or only briefly "
                "before a scan, and no other medicines that calm the immune system"
            ),
            gettext_noop(
                "steroids only <= 10 mg/day prednisone equivalent, topical/ocular/"
                "intra-articular/nasal/inhaled, or contrast prophylaxis; no other "
                "immunosuppressants"
            ),
        ),
        "autoimmune_thyroid_or_diabetes_controlled": (
            gettext_noop(
                "only an underactive thyroid treated with thyroid hormone, or type 1 diabetes "
                "controlled with insulin"
            ),
            gettext_noop(
                "autoimmune disease limited to hypothyroidism on replacement or controlled "
                "type 1 diabetes on insulin"
            ),
        ),
    }
)

YES = Label(gettext_noop("yes"), gettext_noop("yes"))
NO = Label(gettext_noop("no"), gettext_noop("no"))
