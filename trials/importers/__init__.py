"""Importers: seed text documents, ClinicalTrials.gov API v2 JSON and structured seed files.

Readers turn files into Django-free `TrialRecord`s (`read_paths`); `store.save_records` writes
them in one transaction. See README.md in this folder for the formats and the rules.
"""

from __future__ import annotations

from trials.importers.files import expand_paths, read_paths
from trials.importers.records import (
    CriterionRecord,
    FAQRecord,
    ImportProblem,
    InterventionRecord,
    OutcomeRecord,
    SiteRecord,
    TrialRecord,
)

__all__ = [
    "CriterionRecord",
    "FAQRecord",
    "ImportProblem",
    "InterventionRecord",
    "OutcomeRecord",
    "SiteRecord",
    "TrialRecord",
    "expand_paths",
    "read_paths",
]
