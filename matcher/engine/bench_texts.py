"""Protocol-like wording for the synthetic catalogue's criteria.

Real eligibility lines are long (about 135 bytes on average, median about 95) and nearly all
differ from one trial to the next; the synthetic catalogue words its criteria the same way, so
that page and response sizes, memory and caches are measured against realistic text. Each
criterion type has a few sentence templates filled with the criterion's own parameters and with
varied details (numbers, drugs, units, clauses) drawn from a random generator of the trial's own:
the parameters and the choice of criteria never depend on the wording.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping

_CONDITION_NAMES: Mapping[str, str] = {
    "SOLID": "solid tumour",
    "HEAD_NECK": "head and neck cancer",
    "NPC": "nasopharyngeal carcinoma",
    "HNSC": "head and neck squamous cell carcinoma",
    "SGC": "salivary gland carcinoma",
    "LUNG": "lung cancer",
    "NSCLC": "non-small cell lung cancer",
    "LUAD": "lung adenocarcinoma",
    "LUSC": "squamous non-small cell lung cancer",
    "SCLC": "small cell lung cancer",
    "BREAST": "breast cancer",
    "BRCA": "invasive breast carcinoma",
    "IDC": "invasive ductal carcinoma of the breast",
    "ILC": "invasive lobular carcinoma of the breast",
    "GI": "gastrointestinal cancer",
    "COADREAD": "colorectal adenocarcinoma",
    "STAD": "gastric adenocarcinoma",
    "ESCA": "oesophageal carcinoma",
    "PAAD": "pancreatic ductal adenocarcinoma",
    "LIHC": "hepatocellular carcinoma",
    "GU": "genitourinary cancer",
    "PRAD": "prostate adenocarcinoma",
    "BLCA": "urothelial carcinoma",
    "RCC": "renal cell carcinoma",
    "GYN": "gynaecological cancer",
    "OV": "epithelial ovarian cancer",
    "UCEC": "endometrial carcinoma",
    "CESC": "cervical carcinoma",
    "SKIN": "skin cancer",
    "MEL": "cutaneous melanoma",
}

_STATUS_NAMES: Mapping[str, str] = {
    "recurrent": "recurrent",
    "metastatic": "metastatic",
    "locally_advanced": "locally advanced unresectable",
}

_THERAPY_NAMES: Mapping[str, tuple[str, ...]] = {
    "platinum_chemotherapy": (
        "platinum-based chemotherapy (cisplatin, carboplatin or nedaplatin)",
        "at least one platinum-containing regimen",
        "cisplatin- or carboplatin-based doublet chemotherapy",
    ),
    "pd1_pdl1_inhibitor": (
        "an anti-PD-1 or anti-PD-L1 antibody",
        "immune checkpoint inhibitor therapy targeting PD-1 or PD-L1",
        "a PD-1/PD-L1 inhibitor given alone or in combination",
    ),
    "anti_pdl1_adc": (
        "an antibody-drug conjugate directed against PD-L1",
        "any PD-L1-targeted antibody-drug conjugate",
    ),
    "topoisomerase_inhibitor_adc": (
        "an antibody-drug conjugate with a topoisomerase I inhibitor payload",
        "a topoisomerase I inhibitor-based ADC such as trastuzumab deruxtecan",
    ),
    "taxane": ("a taxane (paclitaxel, docetaxel or nab-paclitaxel)", "taxane-based therapy"),
    "anti_egfr": (
        "an anti-EGFR monoclonal antibody such as cetuximab or nimotuzumab",
        "EGFR-directed antibody therapy",
    ),
}

_CATEGORY_NAMES: Mapping[str, tuple[str, ...]] = {
    "chemotherapy": ("cytotoxic chemotherapy", "systemic chemotherapy"),
    "immunotherapy": ("immunotherapy", "immune checkpoint inhibitors or other immunotherapy"),
    "biologic": ("biological therapy", "monoclonal antibodies or other biologics"),
    "radiotherapy": ("radiotherapy", "radiation therapy", "palliative radiotherapy to bone"),
    "major_surgery": ("major surgery", "a major surgical procedure"),
    "minor_surgery": ("minor surgery", "a minor surgical procedure (biopsy excluded)"),
    "hormonal": ("endocrine therapy", "hormonal anticancer therapy"),
    "targeted_small_molecule": ("a small-molecule targeted agent", "tyrosine kinase inhibitors"),
    "tcm_antitumor": (
        "traditional Chinese medicine with an antitumour indication",
        "proprietary Chinese medicines approved for cancer",
    ),
    "investigational": ("an investigational drug or device", "any investigational agent"),
}

_FLAG_SENTENCES: Mapping[str, tuple[str, ...]] = {
    "histology_confirmed": (
        "Histologically or cytologically confirmed diagnosis documented in the pathology report",
        "Pathological confirmation of the diagnosis on a biopsy or resection specimen",
    ),
    "organ_function_adequate": (
        "Adequate organ function: absolute neutrophil count >= {anc} x 10^9/L, platelets >= "
        "{plt} x 10^9/L, haemoglobin >= {hb} g/dL",
        "Adequate hepatic and renal function: total bilirubin <= {bili} x ULN, ALT and AST <= "
        "{alt} x ULN, creatinine clearance >= {crcl} mL/min",
    ),
    "tissue_sample_available": (
        "Archival tumour tissue (at least {blocks} unstained slides) or willingness to undergo a "
        "fresh biopsy",
        "Available formalin-fixed paraffin-embedded tumour tissue obtained within {months} months",
    ),
    "contraception_willing": (
        "Participants of childbearing potential must agree to use highly effective contraception "
        "for {days} days after the last dose",
        "Agreement to use effective contraception during treatment and for {months} months after",
    ),
    "cns_metastases_active": (
        "Symptomatic or untreated central nervous system metastases or leptomeningeal disease",
        "Active brain metastases; treated lesions stable for {weeks} weeks are allowed",
    ),
    "other_malignancy_within_2y": (
        "Another malignancy within {years} years before enrolment",
        "History of a second primary cancer diagnosed or treated within the past {years} years",
    ),
    "prior_grade3_irae": (
        "Grade 3 or higher immune-related adverse event during prior immunotherapy",
        "Prior immune-related toxicity of grade >= 3 or any that led to permanent discontinuation",
    ),
    "uncontrolled_effusion": (
        "Pleural, pericardial or peritoneal effusion needing drainage more than once in {weeks} "
        "weeks",
        "Uncontrolled serous effusion requiring repeated drainage",
    ),
    "major_vessel_invasion": (
        "Tumour invading or encasing major blood vessels, with a risk of bleeding",
        "Radiological evidence of tumour involvement of the carotid artery or other major vessels",
    ),
    "ild_or_pneumonitis": (
        "History of interstitial lung disease or non-infectious pneumonitis requiring steroids",
        "Current or prior pneumonitis or interstitial lung disease of any grade",
    ),
    "uncontrolled_cardiovascular": (
        "Clinically significant cardiovascular disease: myocardial infarction within {months} "
        "months, NYHA class III-IV heart failure or QTcF > {qtc} ms",
        "Uncontrolled hypertension (systolic > {sbp} mmHg) or unstable angina",
    ),
    "transplant": (
        "Prior allogeneic stem cell or solid organ transplantation",
        "History of organ transplant requiring immunosuppressive therapy",
    ),
    "active_infection_iv_antibiotics": (
        "Active infection requiring intravenous antibiotics within {days} days before first dose",
        "Severe infection needing systemic anti-infective treatment within {weeks} weeks",
    ),
    "strong_cyp_modulators": (
        "Use of strong CYP3A4 inhibitors or inducers within {days} days before the first dose",
        "Concomitant medicines that strongly inhibit or induce CYP3A that cannot be stopped",
    ),
    "systemic_steroids": (
        "Systemic corticosteroids above {pred} mg prednisone daily or equivalent within {days} "
        "days",
        "Chronic systemic immunosuppressive therapy, including steroids, within {weeks} weeks",
    ),
    "autoimmune_active": (
        "Active autoimmune disease that has required systemic treatment in the past {years} years",
        "History of autoimmune disease (such as lupus, colitis or rheumatoid arthritis) under "
        "treatment",
    ),
    "live_vaccine_recent": (
        "Live or live-attenuated vaccine within {days} days before the first dose",
        "Receipt of a live vaccine within {weeks} weeks of starting study treatment",
    ),
    "hypersensitivity_biologics": (
        "Known severe hypersensitivity to monoclonal antibodies or any excipient of {drug}",
        "History of severe allergic reaction to {drug} or another humanised antibody",
    ),
    "tuberculosis_active": (
        "Active tuberculosis, or tuberculosis treated within the past {years} years",
        "Known active Mycobacterium tuberculosis infection",
    ),
    "immunodeficiency_hiv": (
        "Known human immunodeficiency virus infection or other immunodeficiency",
        "Positive HIV test or known acquired or congenital immunodeficiency disease",
    ),
    "hbv_hcv_active": (
        "Active hepatitis B (HBV DNA > {hbv} IU/mL) or hepatitis C (detectable HCV RNA)",
        "Untreated chronic hepatitis B or active hepatitis C infection",
    ),
    "pregnant_or_breastfeeding": (
        "Pregnant or breastfeeding, or a positive pregnancy test within {days} days of enrolment",
        "Women who are pregnant, lactating or planning pregnancy during the study",
    ),
    "curative_local_therapy_candidate": (
        "Disease amenable to curative surgery or radical chemoradiotherapy",
        "Candidates for local treatment with curative intent, as judged by the investigator",
    ),
}

_DRUGS = (
    "tislelizumab",
    "camrelizumab",
    "toripalimab",
    "sintilimab",
    "penpulimab",
    "cetuximab",
    "nimotuzumab",
    "docetaxel",
    "gemcitabine",
    "capecitabine",
    "the study drug",
    "the investigational product",
)

# Clauses protocols add to a line; each may be appended, so lines vary in length and wording.
_CLAUSES = (
    "as assessed by the investigator",
    "confirmed by the central laboratory within {days} days before randomisation",
    "according to RECIST version 1.1",
    "documented in the medical records",
    "at the screening visit (day -{days} to day -1)",
    "unless discussed with and approved by the sponsor's medical monitor",
    "including participants enrolled in cohort {cohort} of the expansion part",
    "per local institutional guidelines",
    "with supporting imaging obtained no more than {weeks} weeks before the first dose of {drug}",
    "and able to comply with the scheduled visits, treatment plan and laboratory tests",
    "as defined in section {section} of the protocol",
    "in the opinion of the treating physician",
)

# Short qualifiers most lines carry, with numbers over a wide range: what makes real lines differ.
_QUALIFIERS = (
    "within {n} days",
    "on study day -{n}",
    "at visit {v}",
    "(amendment {v})",
    "by week {v}",
    "in cohort {cohort}{v}",
    "(see {section})",
    "before cycle {v}",
)

_Details = dict[str, object]


def _details(words: random.Random) -> _Details:
    """Numbers and names a sentence may use; drawn fresh for every line."""
    return {
        "anc": words.choice((1.0, 1.5, 1.5, 2.0)),
        "plt": words.choice((75, 90, 100, 100)),
        "hb": words.choice((8.0, 9.0, 9.0, 10.0)),
        "bili": words.choice((1.5, 1.5, 2.0, 3.0)),
        "alt": words.choice((2.5, 3.0, 5.0)),
        "crcl": words.choice((30, 45, 50, 60)),
        "blocks": words.choice((5, 10, 15, 20)),
        "months": words.choice((3, 4, 6, 6, 9, 12, 18, 24)),
        "weeks": words.randint(2, 12),
        "days": words.choice((7, 10, 14, 14, 21, 28, 28, 30, 42, 56, 60, 90, 120, 180)),
        "years": words.choice((1, 2, 3, 3, 5, 5)),
        "qtc": words.choice((450, 470, 480)),
        "sbp": words.choice((150, 160)),
        "pred": words.choice((10, 10, 15)),
        "hbv": words.choice((500, 1000, 2000)),
        "cohort": words.choice("ABCDEF"),
        "section": f"{words.randint(4, 9)}.{words.randint(1, 12)}",
        "drug": words.choice(_DRUGS),
        "n": words.randint(3, 120),
        "v": words.randint(1, 40),
    }


def _clauses(words: random.Random, details: _Details) -> str:
    """A short qualifier on most lines, then zero to three longer clauses, fewer more often."""
    text = ""
    if words.random() < 0.85:
        text = f" {words.choice(_QUALIFIERS).format(**details)}"
    count = words.choices((0, 1, 2, 3), weights=(70, 8, 8, 14))[0]
    picked = words.sample(_CLAUSES, count)
    return text + "".join(f", {clause.format(**details)}" for clause in picked)


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def _diagnosis(params: Mapping[str, object], words: random.Random, d: _Details) -> str:
    codes = [str(code) for code in params.get("codes", [])]  # type: ignore[attr-defined]
    names = _join([_CONDITION_NAMES.get(code, code) for code in codes])
    sentence = words.choice(
        (
            "Histologically or cytologically confirmed {names}",
            "Participants with a documented diagnosis of {names}",
            "Pathologically confirmed {names} not amenable to curative treatment",
        )
    ).format(names=names)
    excluded = [str(code) for code in params.get("exclude_codes", [])]  # type: ignore[attr-defined]
    if excluded:
        sentence += f" (excluding {_join([_CONDITION_NAMES.get(c, c) for c in excluded])})"
    return sentence


def _age(params: Mapping[str, object], words: random.Random, d: _Details) -> str:
    low, high = params.get("min"), params.get("max")
    if high is None:
        return words.choice(
            (
                f"Aged {low} years or older on the day of signing informed consent",
                f"Male or female participants at least {low} years of age",
                f"Age >= {low} years at the time of screening",
            )
        )
    return words.choice(
        (
            f"Aged {low} to {high} years (inclusive) when the informed consent form is signed",
            f"Age between {low} and {high} years, either sex unless stated otherwise",
        )
    )


def _sex(params: Mapping[str, object], words: random.Random, d: _Details) -> str:
    allowed = params.get("allowed") or ["female"]
    sex = str(allowed[0])  # type: ignore[index]
    return words.choice(
        (
            f"Only {sex} participants are eligible for this study",
            f"Restricted to {sex} patients because of the disease site under study",
        )
    )


def _disease_status(params: Mapping[str, object], words: random.Random, d: _Details) -> str:
    statuses = [_STATUS_NAMES.get(str(s), str(s)) for s in params.get("any_of", [])]  # type: ignore[attr-defined]
    return words.choice(
        (
            "{s} disease not suitable for local therapy with curative intent",
            "Documented {s} disease at study entry",
            "Patients with {s} disease for whom no standard treatment is available",
        )
    ).format(s=_join(statuses))


def _prior_lines(params: Mapping[str, object], words: random.Random, d: _Details) -> str:
    low, high = params.get("min"), params.get("max")
    if high is None:
        return words.choice(
            (
                f"Received at least {low} prior line(s) of systemic therapy for advanced disease",
                f"Disease progression after {low} or more previous systemic regimens",
            )
        )
    return words.choice(
        (
            f"Between {low} and {high} prior lines of systemic treatment in the recurrent or "
            "metastatic setting",
            f"No more than {high} and at least {low} previous systemic regimens for advanced "
            "disease",
        )
    )


def _prior_therapy(params: Mapping[str, object], words: random.Random, d: _Details) -> str:
    therapy = words.choice(_THERAPY_NAMES.get(str(params.get("therapy")), ("the named therapy",)))
    return words.choice(
        (
            f"Previously treated with {therapy}",
            f"Prior treatment with {therapy}",
            f"Disease progression during or after {therapy}",
        )
    )


def _ecog(params: Mapping[str, object], words: random.Random, d: _Details) -> str:
    low, high = params.get("min"), params.get("max")
    return words.choice(
        (
            f"Eastern Cooperative Oncology Group performance status of {low} to {high}",
            f"ECOG performance status {low}-{high} within {d['days']} days before the first dose",
            f"ECOG PS <= {high} at screening",
        )
    )


def _washout(params: Mapping[str, object], words: random.Random, d: _Details) -> str:
    what = words.choice(_CATEGORY_NAMES.get(str(params.get("category")), ("treatment",)))
    days = params.get("days")
    return words.choice(
        (
            f"Received {what} within {days} days before the first dose of study treatment",
            f"At least {days} days since the last dose of {what}",
            f"{what[0].upper()}{what[1:]} completed at least {days} days before enrolment",
        )
    )


def _life_expectancy(params: Mapping[str, object], words: random.Random, d: _Details) -> str:
    months = params.get("min_months")
    return words.choice(
        (
            f"Life expectancy of at least {months} months",
            f"Expected survival of {months} months or more",
        )
    )


def _measurable(params: Mapping[str, object], words: random.Random, d: _Details) -> str:
    return words.choice(
        (
            "At least one measurable lesion per RECIST 1.1 not previously irradiated",
            "Measurable disease with a lesion of at least {mm} mm in the longest diameter on CT",
        )
    ).format(mm=words.choice((10, 15, 20)))


def _flag(params: Mapping[str, object], words: random.Random, d: _Details) -> str:
    question = str(params.get("question"))
    sentences = _FLAG_SENTENCES.get(question, (question.replace("_", " ").capitalize(),))
    return words.choice(sentences).format(**d)


def _text(params: Mapping[str, object], words: random.Random, d: _Details) -> str:
    return words.choice(
        (
            "Able to swallow tablets and without a condition that impairs absorption of {drug}",
            "Willing and able to provide written informed consent and to follow the protocol",
            "No participation in another interventional study within {days} days",
            "Baseline thyroid function within normal limits or controlled by replacement therapy",
            "Adequate coagulation: INR <= {inr} and aPTT <= {inr} x ULN unless on anticoagulants",
        )
    ).format(inr=words.choice((1.5, 2.0)), **d)


_SENTENCES: Mapping[str, Callable[[Mapping[str, object], random.Random, _Details], str]] = {
    "diagnosis": _diagnosis,
    "age": _age,
    "sex": _sex,
    "disease_status": _disease_status,
    "prior_lines": _prior_lines,
    "prior_therapy": _prior_therapy,
    "ecog": _ecog,
    "washout": _washout,
    "life_expectancy": _life_expectancy,
    "measurable_disease": _measurable,
    "flag": _flag,
    "text": _text,
}


def criterion_text(type_: str, params: Mapping[str, object], words: random.Random) -> str:
    """A protocol-like line for one criterion: its own values, varied details and clauses."""
    details = _details(words)
    sentence = _SENTENCES[type_](params, words, details)
    sentence = f"{sentence[0].upper()}{sentence[1:]}"
    return f"{sentence}{_clauses(words, details)}."
