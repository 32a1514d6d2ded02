"""Condition names as registries write them, mapped to codes of the catalogue's condition tree.

A small hand-kept table: a term maps to a code when it matches case-insensitively after
whitespace is collapsed and British spellings are made American ("tumour" -> "tumor"). A term
with a parenthesis ("Nasopharyngeal Carcinoma (NPC)") is also tried without it and as the
parenthesised abbreviation alone. Terms that do not match give no code: a curator adds it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

SYNONYMS: dict[str, tuple[str, ...]] = {
    "NPC": (
        "Nasopharyngeal Carcinoma",
        "Nasopharyngeal Cancer",
        "NPC",
        "Nasopharyngeal Neoplasms",
        "Carcinoma, Nasopharyngeal",
        "Nasopharynx Cancer",
        "Recurrent Nasopharyngeal Carcinoma",
        "Metastatic Nasopharyngeal Carcinoma",
        "鼻咽癌",
    ),
    "HNSC": (
        "Head and Neck Squamous Cell Carcinoma",
        "HNSCC",
        "SCCHN",
        "Squamous Cell Carcinoma of Head and Neck",
        "Squamous Cell Carcinoma of the Head and Neck",
        "Head and Neck Squamous Cell Cancer",
    ),
    "HEAD_NECK": ("Head and Neck Cancer", "Head and Neck Neoplasms", "Head and Neck Carcinoma"),
    "SOLID": (
        "Solid Tumor",
        "Solid Tumors",
        "Advanced Solid Tumor",
        "Advanced Solid Tumors",
        "Solid Tumor, Adult",
        "Metastatic Solid Tumor",
        "Metastatic Solid Tumors",
    ),
    "BREAST": ("Breast Cancer", "Breast Neoplasms", "Breast Carcinoma", "Metastatic Breast Cancer"),
    "LUNG": (
        "Non-small Cell Lung Cancer",
        "Non Small Cell Lung Cancer",
        "Carcinoma, Non-Small-Cell Lung",
        "NSCLC",
        "Lung Cancer",
        "Lung Neoplasms",
        "Small Cell Lung Cancer",
        "SCLC",
    ),
    "BOWEL": ("Colorectal Cancer", "Colorectal Carcinoma", "Colorectal Neoplasms", "Colon Cancer"),
    "PROSTATE": ("Prostate Cancer", "Prostatic Neoplasms", "Prostate Carcinoma"),
    "LYMPH": (
        "Lymphoma",
        "Non-Hodgkin Lymphoma",
        "Hodgkin Lymphoma",
        "Diffuse Large B-Cell Lymphoma",
        "Acute Lymphoblastic Leukemia",
        "Chronic Lymphocytic Leukemia",
    ),
    "MYELOID": (
        "Leukemia, Myeloid, Acute",
        "Acute Myeloid Leukemia",
        "AML",
        "Myelodysplastic Syndromes",
        "Chronic Myeloid Leukemia",
    ),
    "ESOPHAGUS_STOMACH": ("Gastric Cancer", "Stomach Neoplasms", "Esophageal Cancer"),
    "LIVER": ("Hepatocellular Carcinoma", "Liver Cancer", "Carcinoma, Hepatocellular"),
    "PANCREAS": ("Pancreatic Cancer", "Pancreatic Neoplasms", "Pancreatic Ductal Adenocarcinoma"),
    "OVARY": ("Ovarian Cancer", "Ovarian Neoplasms"),
    "CERVIX": ("Cervical Cancer", "Uterine Cervical Neoplasms"),
    "UTERUS": ("Endometrial Cancer", "Endometrial Neoplasms"),
    "KIDNEY": ("Renal Cell Carcinoma", "Kidney Cancer", "Carcinoma, Renal Cell"),
    "BLADDER": ("Bladder Cancer", "Urothelial Carcinoma", "Urinary Bladder Neoplasms"),
    "SKIN": ("Melanoma", "Cutaneous Melanoma"),
    "CNS_BRAIN": ("Glioblastoma", "Glioma", "Brain Tumor"),
    "THYROID": ("Thyroid Cancer", "Thyroid Neoplasms"),
}

_BRITISH = (("tumour", "tumor"), ("leukaemia", "leukemia"), ("oesophag", "esophag"))
_PARENTHESIS = re.compile(r"\s*\(([^()]*)\)\s*")


def normalise(term: str) -> str:
    """Lower case, single spaces, American spelling: the form the table is matched in."""
    text = " ".join(term.split()).casefold().strip(" .;,")
    for british, american in _BRITISH:
        text = text.replace(british, american)
    return text


_INDEX: dict[str, str] = {
    normalise(term): code for code, terms in SYNONYMS.items() for term in terms
}


def code_for(term: str) -> str | None:
    """The condition code one term names, if the table knows it."""
    candidates = [term]
    if match := _PARENTHESIS.search(term):
        candidates += [_PARENTHESIS.sub(" ", term), match.group(1)]
    for candidate in candidates:
        if code := _INDEX.get(normalise(candidate)):
            return code
    return None


def condition_codes(terms: Iterable[str]) -> tuple[str, ...]:
    """The codes the terms name, once each, in the order first named."""
    codes: dict[str, None] = {}
    for term in terms:
        if code := code_for(term):
            codes[code] = None
    return tuple(codes)
