"""The matching engine: criterion types, answers, evaluation, scoring, ranking and planning.

Pure Python, standard library only: no Django, no request, no settings. The Django side turns
catalogue rows into `TrialSpec`s (criteria built with `parse_criterion`), validates answers
with `validate_answers`, asks the questionnaire's steps in the order `plan_questions` gives,
and renders each reason's `Message` for its audience and language.
"""

from __future__ import annotations

from matcher.engine.answers import (
    ANSWER_KEYS,
    ANSWER_RANGES,
    AnswerError,
    Answers,
    validate_answers,
)
from matcher.engine.catalogue import Catalogue, rank_trials
from matcher.engine.conditions import ConditionTree, DiagnosisMatch
from matcher.engine.criteria import (
    Criterion,
    CriterionError,
    CriterionType,
    DiagnosisParams,
    DiseaseStatusParams,
    FlagParams,
    Kind,
    LifeExpectancyParams,
    NoParams,
    Params,
    PriorTherapyParams,
    RangeParams,
    SexParams,
    WashoutParams,
    parse_criterion,
)
from matcher.engine.evaluation import (
    VERDICT_ORDER,
    CriterionResult,
    Status,
    TrialResult,
    TrialSpec,
    Verdict,
    criterion_status,
    evaluate_criterion,
    evaluate_trial,
)
from matcher.engine.messages import Audience, Label, Message, gettext_noop
from matcher.engine.planning import (
    Plan,
    Step,
    StepKind,
    plan_questions,
    unanswered_keys,
    warm_plans,
)
from matcher.engine.vocabulary import (
    BOOL_KEYS,
    DISEASE_STATUS_LABELS,
    DISEASE_STATUSES,
    FLAG_KEYS,
    FLAG_LABELS,
    NEVER,
    SEX_LABELS,
    SEXES,
    THERAPY_CODES,
    THERAPY_LABELS,
    TREATMENT_CATEGORIES,
    TREATMENT_LABELS,
)

__all__ = [
    "ANSWER_KEYS",
    "ANSWER_RANGES",
    "BOOL_KEYS",
    "DISEASE_STATUSES",
    "DISEASE_STATUS_LABELS",
    "FLAG_KEYS",
    "FLAG_LABELS",
    "NEVER",
    "SEXES",
    "SEX_LABELS",
    "THERAPY_CODES",
    "THERAPY_LABELS",
    "TREATMENT_CATEGORIES",
    "TREATMENT_LABELS",
    "VERDICT_ORDER",
    "AnswerError",
    "Answers",
    "Audience",
    "Catalogue",
    "ConditionTree",
    "Criterion",
    "CriterionError",
    "CriterionResult",
    "CriterionType",
    "DiagnosisMatch",
    "DiagnosisParams",
    "DiseaseStatusParams",
    "FlagParams",
    "Kind",
    "Label",
    "LifeExpectancyParams",
    "Message",
    "NoParams",
    "Params",
    "Plan",
    "PriorTherapyParams",
    "RangeParams",
    "SexParams",
    "Status",
    "Step",
    "StepKind",
    "TrialResult",
    "TrialSpec",
    "Verdict",
    "WashoutParams",
    "criterion_status",
    "evaluate_criterion",
    "evaluate_trial",
    "gettext_noop",
    "parse_criterion",
    "plan_questions",
    "rank_trials",
    "unanswered_keys",
    "validate_answers",
    "warm_plans",
]
