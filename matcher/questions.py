"""The question catalogue: every answer key of the patient profile, worded for people.

The engine owns the keys and their vocabularies; this module gives each key a question, help
text and choice labels in the active language. The questionnaire and the JSON API both read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from matcher import engine
from matcher.engine import vocabulary
from trials.models import Condition


class QuestionType:
    INTEGER = "integer"
    CHOICE = "choice"
    MULTIPLE_CHOICE = "multiple_choice"
    BOOLEAN = "boolean"
    CONDITION = "condition"
    DATES = "dates_by_category"


@dataclass(frozen=True, slots=True)
class Question:
    key: str
    type: str
    label: StrOrPromise
    help: StrOrPromise = ""
    clinician_label: StrOrPromise = ""
    minimum: int | None = None
    maximum: int | None = None


ECOG_HELP = {
    0: _("Fully active; able to carry on all your usual activities without restriction."),
    1: _(
        "Restricted in strenuous activity but up and about and able to do light work, "
        "such as house or office work."
    ),
    2: _(
        "Up and about more than half of the waking day and able to look after yourself, "
        "but unable to work."
    ),
    3: _("Able to look after yourself only partly; in bed or a chair more than half the day."),
    4: _("Completely disabled; cannot look after yourself and spend all day in bed or a chair."),
}

QUESTIONS: tuple[Question, ...] = (
    Question(
        "age",
        QuestionType.INTEGER,
        _("How old are you?"),
        _("In whole years."),
        _("Age (years)"),
        minimum=engine.ANSWER_RANGES["age"][0],
        maximum=engine.ANSWER_RANGES["age"][1],
    ),
    Question(
        "sex",
        QuestionType.CHOICE,
        _("What sex were you assigned at birth?"),
        _("Some studies are for one sex only."),
        _("Sex"),
    ),
    Question(
        "diagnosis",
        QuestionType.CONDITION,
        _("What kind of cancer do you have?"),
        _(
            "If you are not sure of the exact type, choose the broader group, such as head "
            "and neck or solid tumour."
        ),
        _("Diagnosis"),
    ),
    Question(
        "histology_confirmed",
        QuestionType.BOOLEAN,
        _("Has the diagnosis been confirmed by a biopsy or a cell test?"),
        _("A doctor looked at tissue or cells from the tumour under a microscope."),
        _("Histologically or cytologically confirmed"),
    ),
    Question(
        "disease_status",
        QuestionType.MULTIPLE_CHOICE,
        _("Where is the cancer now?"),
        _(
            "Tick all that apply. A cancer that has come back after treatment can also have "
            "spread or grown nearby: if your doctor has called it advanced, metastatic or "
            "recurrent, tick each of those. Studies for advanced cancer often take people "
            "whose cancer has come back; if you are not sure, tick what you know."
        ),
        _("Disease status"),
    ),
    Question(
        "prior_systemic_lines",
        QuestionType.INTEGER,
        _(
            "How many lines of treatment for advanced cancer have you had that stopped "
            "working or that you could not tolerate?"
        ),
        _(
            "A line of therapy is one treatment plan, such as a course of chemotherapy, given "
            "until it stopped working or had to be stopped. Count only treatments for cancer "
            "that came back or spread."
        ),
        _("Prior systemic lines for advanced disease"),
        minimum=engine.ANSWER_RANGES["prior_systemic_lines"][0],
        maximum=engine.ANSWER_RANGES["prior_systemic_lines"][1],
    ),
    Question(
        "prior_therapies",
        QuestionType.MULTIPLE_CHOICE,
        _("Which of these treatments have you had?"),
        _("Choose all that apply, at any time."),
        _("Prior therapies"),
    ),
    Question(
        "ecog",
        QuestionType.CHOICE,
        _("Which of these best describes how you manage day to day?"),
        _("Doctors call this the ECOG performance status."),
        _("ECOG performance status"),
        minimum=engine.ANSWER_RANGES["ecog"][0],
        maximum=engine.ANSWER_RANGES["ecog"][1],
    ),
    Question(
        "last_treatment",
        QuestionType.DATES,
        _("Which of these treatments have you had, and when did you last have them?"),
        _(
            "Studies ask for a gap, called a washout, between your last treatment and the "
            "study treatment. Tick each treatment you have ever had, then give the month and "
            "year you last had it. The day is optional: without it we count from the end of "
            "that month, so that the gap is never counted longer than it was."
        ),
        _("Date of last treatment by category"),
    ),
    Question(
        "measurable_disease",
        QuestionType.BOOLEAN,
        _("Has your doctor said a tumour can be measured on your scans?"),
        _(
            "Measurable disease means at least one tumour is large enough to be measured on a "
            "CT or MRI scan (RECIST 1.1)."
        ),
        _("Measurable disease per RECIST 1.1"),
    ),
    Question(
        "life_expectancy_months",
        QuestionType.INTEGER,
        _(
            "Optional: has your doctor talked with you about how long you are likely to be "
            "well enough to take part? If so, about how many months did they mention?"
        ),
        _(
            "Only if you wish. Many people have not had this talk, or would rather not think "
            "about it, and that is fine: choose I don't know, or I'd rather not say, and the "
            "study team will discuss it with your doctor."
        ),
        _("Life expectancy (months)"),
        minimum=engine.ANSWER_RANGES["life_expectancy_months"][0],
        maximum=engine.ANSWER_RANGES["life_expectancy_months"][1],
    ),
    Question(
        "organ_function_adequate",
        QuestionType.BOOLEAN,
        _("Have recent blood tests shown your liver, kidneys and bone marrow work well enough?"),
        _("Your doctor can tell you."),
        _("Adequate organ function"),
    ),
    Question(
        "tissue_sample_available",
        QuestionType.BOOLEAN,
        _("Is a sample of your tumour available, or would you agree to a new biopsy?"),
        "",
        _("Tumour tissue available"),
    ),
    Question(
        "contraception_willing",
        QuestionType.BOOLEAN,
        _(
            "If you or your partner could become pregnant, would you use effective "
            "contraception during the study?"
        ),
        "",
        _("Willing to use effective contraception"),
    ),
    *(
        Question(
            key,
            QuestionType.BOOLEAN,
            _("Does this apply to you: %(condition)s?"),
            "",
            _("Present: %(condition)s"),
        )
        for key in vocabulary.FLAG_KEYS
    ),
    # Follow-ups: asked only after a yes to the flag they make an exception to.
    Question(
        "other_malignancy_curatively_treated",
        QuestionType.BOOLEAN,
        _("Was that other cancer found at an early stage and treated with the aim of curing it?"),
        _(
            "For example an early skin, cervix or thyroid cancer that was removed completely. "
            "Some studies make an exception for these."
        ),
        _("Other malignancy early-stage and radically treated"),
    ),
    Question(
        "steroids_low_dose_or_local_only",
        QuestionType.BOOLEAN,
        _(
            "Do you take steroids only at a low dose (10 mg of prednisone a day or less), only "
            "as creams, eye or nose drops, inhalers or joint injections, or only for a short "
            "time before a scan?"
        ),
        _(
            "Answer no if you also take other medicines that calm the immune system. Some "
            "studies make an exception for these uses of steroids."
        ),
        _(
            "Steroids only <= 10 mg/day prednisone equivalent, topical, ocular, intra-articular, "
            "nasal or inhaled, or contrast prophylaxis; no other immunosuppressants"
        ),
    ),
    Question(
        "autoimmune_thyroid_or_diabetes_controlled",
        QuestionType.BOOLEAN,
        _(
            "Is the autoimmune disease only an underactive thyroid treated with thyroid hormone, "
            "or type 1 diabetes kept under control with insulin?"
        ),
        _("Some studies make an exception for these two conditions."),
        _(
            "Autoimmune disease limited to hypothyroidism on replacement or controlled type 1 "
            "diabetes on insulin"
        ),
    ),
)


def _choices(key: str, question: Question) -> list[dict[str, Any]]:
    match question.type:
        case QuestionType.CONDITION:
            return [
                {
                    "value": c.code,
                    "label": c.display_name,
                    "parent": c.parent.code if c.parent else None,
                }
                for c in Condition.objects.select_related("parent").order_by("code")
            ]
        case QuestionType.BOOLEAN:
            return [
                {"value": True, "label": gettext("Yes")},
                {"value": False, "label": gettext("No")},
            ]
    tables: dict[str, tuple[tuple[str, ...], Any]] = {
        "sex": (vocabulary.SEXES, vocabulary.SEX_LABELS),
        "disease_status": (vocabulary.DISEASE_STATUSES, vocabulary.DISEASE_STATUS_LABELS),
        "prior_therapies": (vocabulary.THERAPY_CODES, vocabulary.THERAPY_LABELS),
        "last_treatment": (vocabulary.TREATMENT_CATEGORIES, vocabulary.TREATMENT_LABELS),
    }
    if key == "ecog":
        return [{"value": grade, "label": str(text)} for grade, text in ECOG_HELP.items()]
    if key in tables:
        values, labels = tables[key]
        return [
            {
                "value": value,
                "label": labels[value].render(engine.Audience.PATIENT, gettext),
                "clinician_label": labels[value].render(engine.Audience.CLINICIAN, gettext),
            }
            for value in values
        ]
    return []


def worded(text: StrOrPromise, key: str, audience: engine.Audience) -> str:
    """The text in the active language; a flag's question names its condition."""
    if key not in vocabulary.FLAG_KEYS:
        return str(text)
    return str(text) % {"condition": vocabulary.FLAG_LABELS[key].render(audience, gettext)}


def question_catalogue() -> list[dict[str, Any]]:
    """Every question, worded in the active language."""
    catalogue = []
    for question in QUESTIONS:
        entry: dict[str, Any] = {
            "key": question.key,
            "type": question.type,
            "label": worded(question.label, question.key, engine.Audience.PATIENT),
            "clinician_label": worded(
                question.clinician_label, question.key, engine.Audience.CLINICIAN
            ),
            "help": str(question.help),
            "choices": _choices(question.key, question),
        }
        if question.minimum is not None:
            entry["min"] = question.minimum
            entry["max"] = question.maximum
        catalogue.append(entry)
    return catalogue


def step_wording(step: engine.Step) -> tuple[str, str]:
    """The question and its help text for a questionnaire screen, in the active language."""
    if step.kind == engine.StepKind.CHECKLIST:
        return gettext("Do any of these apply to you?"), gettext(
            "Tick everything that applies. Studies leave out people for whom the treatment may "
            "not be safe; if you are not sure about some, tick the others and choose I'm not sure."
        )
    question = next(q for q in QUESTIONS if q.key == step.keys[0])
    return worded(question.label, question.key, engine.Audience.PATIENT), str(question.help)


# The dates step's tick boxes: each treatment in plain words, with examples that place every
# common medicine in exactly one row (a PD-1 antibody is immunotherapy, not "another antibody").
TREATMENT_CHOICES: dict[str, tuple[StrOrPromise, StrOrPromise]] = {
    "chemotherapy": (
        _("Chemotherapy"),
        _("For example cisplatin, carboplatin, gemcitabine, docetaxel or capecitabine."),
    ),
    "immunotherapy": (
        _("Immunotherapy"),
        _(
            "For example a PD-1 or PD-L1 antibody such as pembrolizumab, nivolumab, "
            "toripalimab, camrelizumab or tislelizumab. Count these here only, not as another "
            "antibody below."
        ),
    ),
    "biologic": (
        _("Another antibody treatment (biological therapy)"),
        _(
            "For example cetuximab, nimotuzumab or bevacizumab. Not a PD-1 or PD-L1 antibody: "
            "tick Immunotherapy for those."
        ),
    ),
    "radiotherapy": (
        _("Radiotherapy"),
        _("Radiation treatment. If you had it together with chemotherapy, tick both."),
    ),
    "major_surgery": (
        _("A major operation"),
        _("For example an operation under general anaesthetic with a stay in hospital."),
    ),
    "minor_surgery": (
        _("A minor procedure"),
        _("For example a biopsy, or having a port or central line put in."),
    ),
    "hormonal": (_("Hormone therapy"), _("Medicines that block or lower hormones.")),
    "targeted_small_molecule": (
        _("Targeted therapy taken as tablets or capsules"),
        _("For example anlotinib, apatinib or gefitinib."),
    ),
    "tcm_antitumor": (
        _("Traditional Chinese medicine taken against the cancer"),
        _("Herbal or patent medicines prescribed to treat the tumour."),
    ),
    "investigational": (
        _("A medicine in another clinical trial"),
        _("A treatment you were given as part of a study."),
    ),
}


def treatment_choice(category: str) -> tuple[str, str]:
    """The dates step's label and examples for a treatment category, in the active language."""
    label, examples = TREATMENT_CHOICES[category]
    return str(label), str(examples)
