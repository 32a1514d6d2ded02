"""The reason shown next to each criterion: what the study asks, and what the person told us.

A patient reads two whole sentences: the rule ("This study is for people aged 18 or older.")
and their answer or what is missing ("Your answer: 45."). Nothing in a patient reason says
"fail"; the status beside it does that, and a washout says from when the person may qualify.
A clinician reads one compact line with terms and ISO dates. Every string here is a template
wrapped in `gettext_noop`.

Messages are immutable, so the builders whose arguments come from small finite domains (a flag
and its answer, an age and a range..., a washout never had or not dated) are memoized; washout
reasons that carry dates are not.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from matcher.engine.conditions import DiagnosisMatch
from matcher.engine.criteria import (
    CriterionType,
    DiagnosisParams,
    FlagParams,
    Kind,
    RangeParams,
    WashoutParams,
)
from matcher.engine.messages import Label, Message, Quote, gettext_noop
from matcher.engine.vocabulary import (
    DISEASE_STATUS_LABELS,
    FLAG_LABELS,
    NO,
    SEX_LABELS,
    THERAPY_LABELS,
    TREATMENT_LABELS,
    YES,
    recurrence_may_count,
)

RULE_AND_FACT = gettext_noop("%(rule)s %(fact)s")
YOUR_ANSWER = gettext_noop("Your answer: %(answer)s.")
NOT_GIVEN = Label(gettext_noop("not given"), gettext_noop("not given"))

STUDY_TEAM_CHECKS = Message(
    gettext_noop("The study team will check this."),
    gettext_noop("Not computable; for the study team to check."),
)


def _sentence(template: str, **params: object) -> Message:
    """A patient-only sentence, nested in a message (clinicians get their own line)."""
    return Message(template, template, params)


def _explained(rule: Message, fact: Message, clinician: str, **params: object) -> Message:
    return Message(RULE_AND_FACT, clinician, {"rule": rule, "fact": fact, **params})


# Range rules, by type, kind and which bounds are given: (min and max, min only, max only).
_RANGE_RULES: dict[tuple[CriterionType, Kind], tuple[str, str, str]] = {
    (CriterionType.AGE, Kind.INCLUSION): (
        gettext_noop("This study is for people aged %(min)s to %(max)s."),
        gettext_noop("This study is for people aged %(min)s or older."),
        gettext_noop("This study is for people aged %(max)s or younger."),
    ),
    (CriterionType.AGE, Kind.EXCLUSION): (
        gettext_noop("This study does not take people aged %(min)s to %(max)s."),
        gettext_noop("This study does not take people aged %(min)s or older."),
        gettext_noop("This study does not take people aged %(max)s or younger."),
    ),
    (CriterionType.PRIOR_LINES, Kind.INCLUSION): (
        gettext_noop(
            "This study is for people who have had %(min)s to %(max)s lines of drug treatment "
            "for advanced cancer."
        ),
        gettext_noop(
            "This study is for people who have had at least %(min)s lines of drug treatment "
            "for advanced cancer."
        ),
        gettext_noop(
            "This study is for people who have had at most %(max)s lines of drug treatment "
            "for advanced cancer."
        ),
    ),
    (CriterionType.PRIOR_LINES, Kind.EXCLUSION): (
        gettext_noop(
            "This study does not take people who have had %(min)s to %(max)s lines of drug "
            "treatment for advanced cancer."
        ),
        gettext_noop(
            "This study does not take people who have had %(min)s or more lines of drug "
            "treatment for advanced cancer."
        ),
        gettext_noop(
            "This study does not take people who have had %(max)s or fewer lines of drug "
            "treatment for advanced cancer."
        ),
    ),
    (CriterionType.ECOG, Kind.INCLUSION): (
        gettext_noop(
            "This study is for people whose ECOG score (0 means fully active) is %(min)s "
            "to %(max)s."
        ),
        gettext_noop(
            "This study is for people whose ECOG score (0 means fully active) is %(min)s or more."
        ),
        gettext_noop(
            "This study is for people whose ECOG score (0 means fully active) is %(max)s or less."
        ),
    ),
    (CriterionType.ECOG, Kind.EXCLUSION): (
        gettext_noop(
            "This study does not take people whose ECOG score (0 means fully active) is %(min)s "
            "to %(max)s."
        ),
        gettext_noop(
            "This study does not take people whose ECOG score (0 means fully active) is %(min)s "
            "or more."
        ),
        gettext_noop(
            "This study does not take people whose ECOG score (0 means fully active) is %(max)s "
            "or less."
        ),
    ),
}

_RANGE_UNKNOWN: dict[CriterionType, str] = {
    CriterionType.AGE: gettext_noop("Tell us your age and we can check this."),
    CriterionType.PRIOR_LINES: gettext_noop(
        "Tell us how many lines of drug treatment you have had and we can check this."
    ),
    CriterionType.ECOG: gettext_noop(
        "Tell us about your daily activity level and we can check this."
    ),
}

# Clinician lines, by type and kind: (answered, not answered).
_RANGE_CLINICIAN: dict[tuple[CriterionType, Kind], tuple[str, str]] = {
    (CriterionType.AGE, Kind.INCLUSION): (
        gettext_noop("Age %(answer)s; required %(range)s."),
        gettext_noop("Age not given; required %(range)s."),
    ),
    (CriterionType.AGE, Kind.EXCLUSION): (
        gettext_noop("Age %(answer)s; excluded if %(range)s."),
        gettext_noop("Age not given; excluded if %(range)s."),
    ),
    (CriterionType.PRIOR_LINES, Kind.INCLUSION): (
        gettext_noop("Prior systemic lines %(answer)s; required %(range)s."),
        gettext_noop("Prior systemic lines not given; required %(range)s."),
    ),
    (CriterionType.PRIOR_LINES, Kind.EXCLUSION): (
        gettext_noop("Prior systemic lines %(answer)s; excluded if %(range)s."),
        gettext_noop("Prior systemic lines not given; excluded if %(range)s."),
    ),
    (CriterionType.ECOG, Kind.INCLUSION): (
        gettext_noop("ECOG %(answer)s; required %(range)s."),
        gettext_noop("ECOG not given; required %(range)s."),
    ),
    (CriterionType.ECOG, Kind.EXCLUSION): (
        gettext_noop("ECOG %(answer)s; excluded if %(range)s."),
        gettext_noop("ECOG not given; excluded if %(range)s."),
    ),
}


def _range_symbol(params: RangeParams) -> str:
    if params.min is not None and params.max is not None:
        return f"{params.min}-{params.max}"
    if params.min is not None:
        return f">= {params.min}"
    return f"<= {params.max}"


@lru_cache(maxsize=4096)
def range_reason(
    type_: CriterionType, kind: Kind, params: RangeParams, answer: int | None
) -> Message:
    """Explain an `age`, `prior_lines` or `ecog` criterion."""
    both, only_min, only_max = _RANGE_RULES[type_, kind]
    if params.min is not None and params.max is not None:
        rule_template = both
    else:
        rule_template = only_min if params.min is not None else only_max
    rule = _sentence(rule_template, min=params.min, max=params.max)
    answered, unanswered = _RANGE_CLINICIAN[type_, kind]
    if answer is None:
        fact = _sentence(_RANGE_UNKNOWN[type_])
        return _explained(rule, fact, unanswered, range=_range_symbol(params))
    fact = _sentence(YOUR_ANSWER, answer=answer)
    return _explained(rule, fact, answered, answer=answer, range=_range_symbol(params))


@lru_cache(maxsize=4096)
def sex_reason(kind: Kind, allowed: tuple[str, ...], answer: str | None) -> Message:
    """Explain a `sex` criterion."""
    if kind == Kind.INCLUSION:
        if allowed == ("female",):
            rule_template = gettext_noop("This study is only for women.")
        elif allowed == ("male",):
            rule_template = gettext_noop("This study is only for men.")
        else:
            rule_template = gettext_noop("This study is for women and men.")
        clinician = gettext_noop("Sex %(answer)s; allowed: %(allowed)s.")
    else:
        if allowed == ("female",):
            rule_template = gettext_noop("This study does not take women.")
        elif allowed == ("male",):
            rule_template = gettext_noop("This study does not take men.")
        else:
            rule_template = gettext_noop("This study does not take women or men.")
        clinician = gettext_noop("Sex %(answer)s; excluded: %(allowed)s.")
    labels = tuple(SEX_LABELS[sex] for sex in allowed)
    rule = _sentence(rule_template)
    if answer is None:
        fact = _sentence(gettext_noop("Tell us your sex and we can check this."))
        return _explained(rule, fact, clinician, answer=NOT_GIVEN, allowed=labels)
    label = SEX_LABELS[answer]
    fact = _sentence(YOUR_ANSWER, answer=label)
    return _explained(rule, fact, clinician, answer=label, allowed=labels)


_DIAGNOSIS_PATIENT: dict[tuple[Kind, DiagnosisMatch], str] = {
    (Kind.INCLUSION, DiagnosisMatch.LISTED): gettext_noop(
        "This study is for the type of cancer you told us about."
    ),
    (Kind.INCLUSION, DiagnosisMatch.EXCLUDED): gettext_noop(
        "This study does not take the type of cancer you told us about."
    ),
    (Kind.INCLUSION, DiagnosisMatch.MAYBE_EXCLUDED): gettext_noop(
        "This study is for the type of cancer you told us about, but not for some kinds of it; "
        "the study team can check which kind you have."
    ),
    (Kind.INCLUSION, DiagnosisMatch.BROADER): gettext_noop(
        "This study is for a more specific type of cancer than the one you told us about; "
        "the study team can check whether yours is one of them."
    ),
    (Kind.INCLUSION, DiagnosisMatch.OTHER): gettext_noop(
        "This study is for a different type of cancer than the one you told us about."
    ),
    (Kind.EXCLUSION, DiagnosisMatch.LISTED): gettext_noop(
        "This study does not take the type of cancer you told us about."
    ),
    (Kind.EXCLUSION, DiagnosisMatch.EXCLUDED): gettext_noop(
        "This study rules out some types of cancer, but not the one you told us about."
    ),
    (Kind.EXCLUSION, DiagnosisMatch.MAYBE_EXCLUDED): gettext_noop(
        "This study rules out some kinds of the cancer you told us about; the study team can "
        "check which kind you have."
    ),
    (Kind.EXCLUSION, DiagnosisMatch.BROADER): gettext_noop(
        "This study rules out some kinds of the cancer you told us about; the study team can "
        "check which kind you have."
    ),
    (Kind.EXCLUSION, DiagnosisMatch.OTHER): gettext_noop(
        "This study rules out some types of cancer, but not the one you told us about."
    ),
}


@lru_cache(maxsize=4096)
def diagnosis_reason(
    kind: Kind, params: DiagnosisParams, answer: str | None, found: DiagnosisMatch | None
) -> Message:
    """Explain a `diagnosis` criterion; `found` is how the answer meets the codes."""
    if params.exclude_codes:
        codes: object = Message(
            gettext_noop("%(codes)s except %(exclude)s"),
            gettext_noop("%(codes)s except %(exclude)s"),
            {"codes": params.codes, "exclude": params.exclude_codes},
        )
    else:
        codes = params.codes
    if kind == Kind.INCLUSION:
        clinician = gettext_noop("Diagnosis %(answer)s; eligible: %(codes)s.")
    else:
        clinician = gettext_noop("Diagnosis %(answer)s; excluded: %(codes)s.")
    if answer is None or found is None:
        patient = gettext_noop("Tell us your type of cancer and we can check this.")
        return Message(patient, clinician, {"answer": NOT_GIVEN, "codes": codes})
    return Message(_DIAGNOSIS_PATIENT[kind, found], clinician, {"answer": answer, "codes": codes})


@lru_cache(maxsize=4096)
def disease_status_reason(
    kind: Kind, any_of: tuple[str, ...], answer: tuple[str, ...] | None
) -> Message:
    """Explain a `disease_status` criterion."""
    statuses = tuple(DISEASE_STATUS_LABELS[status] for status in any_of)
    if kind == Kind.INCLUSION:
        rule_template = gettext_noop(
            "This study is for people whose cancer has any of these: %(statuses)s."
        )
        clinician = gettext_noop("Disease status %(answer)s; required any of: %(statuses)s.")
    else:
        rule_template = gettext_noop(
            "This study does not take people whose cancer has any of these: %(statuses)s."
        )
        clinician = gettext_noop("Disease status %(answer)s; excluded: %(statuses)s.")
    rule = _sentence(rule_template, statuses=statuses)
    if answer is None:
        fact = _sentence(
            gettext_noop(
                "Tell us whether your cancer has come back or spread and we can check this."
            )
        )
        return _explained(rule, fact, clinician, answer=NOT_GIVEN, statuses=statuses)
    if not answer:
        fact = _sentence(gettext_noop("You told us none of these describe your cancer."))
        none = Label(gettext_noop("none of these"), gettext_noop("none"))
        return _explained(rule, fact, clinician, answer=none, statuses=statuses)
    given = tuple(DISEASE_STATUS_LABELS[status] for status in answer)
    if recurrence_may_count(answer, any_of):
        fact = _sentence(
            gettext_noop(
                "You told us your cancer has: %(answer)s. A cancer that has come back may count "
                "as advanced or spread; ask your doctor or the study team whether yours does."
            ),
            answer=given,
        )
        clinician = gettext_noop(
            "Disease status %(answer)s; required any of: %(statuses)s; "
            "check whether the recurrence is locally advanced or metastatic."
        )
        if kind == Kind.EXCLUSION:
            clinician = gettext_noop(
                "Disease status %(answer)s; excluded: %(statuses)s; "
                "check whether the recurrence is locally advanced or metastatic."
            )
        return _explained(rule, fact, clinician, answer=given, statuses=statuses)
    fact = _sentence(gettext_noop("You told us your cancer has: %(answer)s."), answer=given)
    return _explained(rule, fact, clinician, answer=given, statuses=statuses)


@lru_cache(maxsize=4096)
def prior_therapy_reason(kind: Kind, therapy: str, had: bool | None) -> Message:
    """Explain a `prior_therapy` criterion; `had` is whether the person had the therapy."""
    label = THERAPY_LABELS[therapy]
    if kind == Kind.INCLUSION:
        rule_template = gettext_noop("This study is for people who have already had %(therapy)s.")
        clinician = gettext_noop("Prior %(therapy)s: %(answer)s; required.")
    else:
        rule_template = gettext_noop("This study does not take people who have had %(therapy)s.")
        clinician = gettext_noop("Prior %(therapy)s: %(answer)s; excluded.")
    rule = _sentence(rule_template, therapy=label)
    if had is None:
        fact = _sentence(
            gettext_noop("Tell us which treatments you have had and we can check this.")
        )
        return _explained(rule, fact, clinician, therapy=label, answer=NOT_GIVEN)
    if had:
        fact = _sentence(gettext_noop("You told us you have had it."))
    else:
        fact = _sentence(gettext_noop("You told us you have not had it."))
    return _explained(rule, fact, clinician, therapy=label, answer=YES if had else NO)


@lru_cache(maxsize=4096)
def washout_unknown_reason(category: str, days: int) -> Message:
    """Explain a washout whose last treatment date we do not know."""
    return Message(
        gettext_noop(
            "This study asks for at least %(days)s days since your last %(treatment)s. "
            "Tell us when you last had it, or that you never had it, and we can check this."
        ),
        gettext_noop("Last %(treatment)s not given; washout %(days)s d required."),
        {"treatment": TREATMENT_LABELS[category], "days": days},
    )


@lru_cache(maxsize=4096)
def washout_never_reason(category: str, days: int) -> Message:
    """Explain a washout for a treatment the person never had."""
    return Message(
        gettext_noop(
            "This study asks for at least %(days)s days since any %(treatment)s; "
            "you told us you have never had it."
        ),
        gettext_noop("No prior %(treatment)s; washout %(days)s d not applicable."),
        {"treatment": TREATMENT_LABELS[category], "days": days},
    )


def washout_future_reason(category: str, days: int, last: date, as_of: date) -> Message:
    """Explain a washout whose last treatment date is after the assessment date."""
    return Message(
        gettext_noop(
            "The date you gave for your last %(treatment)s, %(last)s, is after today "
            "(%(as_of)s). Please check the date."
        ),
        gettext_noop(
            "Last %(treatment)s %(last)s is after the assessment date %(as_of)s; check the date."
        ),
        {"treatment": TREATMENT_LABELS[category], "days": days, "last": last, "as_of": as_of},
    )


def washout_passed_reason(category: str, days: int, last: date) -> Message:
    """Explain a washout that has been long enough."""
    return Message(
        gettext_noop(
            "You told us your last %(treatment)s was on %(last)s; this study asks for at least "
            "%(days)s days since then, and that time has passed."
        ),
        gettext_noop("Last %(treatment)s %(last)s; washout %(days)s d met."),
        {"treatment": TREATMENT_LABELS[category], "days": days, "last": last},
    )


def washout_waiting_reason(category: str, days: int, last: date, eligible_from: date) -> Message:
    """Explain a washout that is not long enough yet."""
    return Message(
        gettext_noop(
            "You told us your last %(treatment)s was on %(last)s; this study asks for at least "
            "%(days)s days since then, so you may become eligible from %(eligible_from)s."
        ),
        gettext_noop(
            "Last %(treatment)s %(last)s; washout %(days)s d required; "
            "eligible from %(eligible_from)s."
        ),
        {
            "treatment": TREATMENT_LABELS[category],
            "days": days,
            "last": last,
            "eligible_from": eligible_from,
        },
    )


@lru_cache(maxsize=4096)
def life_expectancy_reason(kind: Kind, min_months: int, answer: int | None) -> Message:
    """Explain a `life_expectancy` criterion, gently."""
    if kind == Kind.INCLUSION:
        rule_template = gettext_noop(
            "This study asks that your doctor expects you to be well enough to take part for "
            "at least %(months)s months."
        )
        clinician = gettext_noop("Life expectancy (months): %(answer)s; required >= %(months)s.")
    else:
        rule_template = gettext_noop(
            "This study does not take people whose doctor expects them to live %(months)s "
            "months or more."
        )
        clinician = gettext_noop("Life expectancy (months): %(answer)s; excluded if >= %(months)s.")
    rule = _sentence(rule_template, months=min_months)
    if answer is None:
        fact = _sentence(gettext_noop("Your doctor can answer this; the study team will check."))
        return _explained(rule, fact, clinician, answer=NOT_GIVEN, months=min_months)
    fact = _sentence(gettext_noop("Your answer: %(answer)s months."), answer=answer)
    return _explained(rule, fact, clinician, answer=answer, months=min_months)


@lru_cache(maxsize=4096)
def flag_reason(kind: Kind, question: str, answer: bool | None) -> Message:
    """Explain a yes/no criterion (`flag` or `measurable_disease`) with the answer's label."""
    label = FLAG_LABELS[question]
    if kind == Kind.INCLUSION:
        rule_template = gettext_noop("This study asks for %(label)s.")
        clinician = gettext_noop("Required: %(label)s; answer: %(answer)s.")
    else:
        rule_template = gettext_noop("This study does not take people with %(label)s.")
        clinician = gettext_noop("Exclusion: %(label)s; answer: %(answer)s.")
    rule = _sentence(rule_template, label=label)
    if answer is None:
        fact = _sentence(
            gettext_noop("If you are not sure, the study team can check this with you.")
        )
        return _explained(rule, fact, clinician, label=label, answer=NOT_GIVEN)
    if answer:
        fact = _sentence(gettext_noop("You answered yes."))
    else:
        fact = _sentence(gettext_noop("You answered no."))
    return _explained(rule, fact, clinician, label=label, answer=YES if answer else NO)


@lru_cache(maxsize=4096)
def unmapped_diagnosis_reason(kind: Kind, params: DiagnosisParams, excluded: bool) -> Message:
    """Explain a diagnosis known only by the source's words (no condition code yet)."""
    terms = params.terms
    if excluded:
        return Message(
            gettext_noop("This study does not take the type of cancer you told us about."),
            gettext_noop("Diagnosis excluded: %(codes)s."),
            {"codes": params.exclude_codes},
        )
    if kind == Kind.INCLUSION:
        return Message(
            gettext_noop(
                "This trial is for %(terms)s; the study team will check whether your cancer fits."
            ),
            gettext_noop("Eligible conditions not mapped to a code: %(terms)s; to be checked."),
            {"terms": _quoted(terms)},
        )
    return Message(
        gettext_noop(
            "This trial does not take people with %(terms)s; the study team will check whether "
            "that includes your cancer."
        ),
        gettext_noop("Excluded conditions not mapped to a code: %(terms)s; to be checked."),
        {"terms": _quoted(terms)},
    )


def _months_rule(kind: Kind, params: RangeParams) -> Message:
    low, high = params.min_months, params.max_months
    if kind == Kind.INCLUSION:
        if low is not None and high is not None:
            template = gettext_noop("This study is for people aged %(min)s to %(max)s months.")
        elif low is not None:
            template = gettext_noop("This study is for people at least %(min)s months old.")
        else:
            template = gettext_noop("This study is for people at most %(max)s months old.")
    elif low is not None and high is not None:
        template = gettext_noop("This study does not take people aged %(min)s to %(max)s months.")
    elif low is not None:
        template = gettext_noop("This study does not take people %(min)s months old or older.")
    else:
        template = gettext_noop("This study does not take people %(max)s months old or younger.")
    return _sentence(template, min=low, max=high)


def _months_symbol(params: RangeParams) -> str:
    parts = []
    if params.min is not None or params.max is not None:
        parts.append(_range_symbol(params) + " y")
    if params.min_months is not None and params.max_months is not None:
        parts.append(f"{params.min_months}-{params.max_months} mo")
    elif params.min_months is not None:
        parts.append(f">= {params.min_months} mo")
    elif params.max_months is not None:
        parts.append(f"<= {params.max_months} mo")
    return ", ".join(parts)


@lru_cache(maxsize=4096)
def age_months_reason(
    kind: Kind, params: RangeParams, answer: int | None, straddles: bool
) -> Message:
    """Explain an age criterion with limits in months; `straddles`: the year spans a limit."""
    rule = _months_rule(kind, params)
    if params.min is not None or params.max is not None:
        rule = Message(
            RULE_AND_FACT,
            RULE_AND_FACT,
            {
                "rule": range_reason(CriterionType.AGE, kind, params, None).params["rule"],
                "fact": rule,
            },
        )
    answered, unanswered = _RANGE_CLINICIAN[CriterionType.AGE, kind]
    symbol = _months_symbol(params)
    if answer is None:
        fact = _sentence(_RANGE_UNKNOWN[CriterionType.AGE])
        return _explained(rule, fact, unanswered, range=symbol)
    if straddles:
        fact = _sentence(
            gettext_noop(
                "Your answer: %(answer)s. Your age in months decides this; the study team "
                "will check."
            ),
            answer=answer,
        )
    else:
        fact = _sentence(YOUR_ANSWER, answer=answer)
    return _explained(rule, fact, answered, answer=answer, range=symbol)


def _quoted(words: tuple[str, ...]) -> tuple[Quote, ...]:
    return tuple(Quote(word) for word in words)


def _exception_labels(keys: tuple[str, ...], words: tuple[str, ...]) -> tuple[object, ...]:
    return (*(FLAG_LABELS[key] for key in keys), *_quoted(words))


@lru_cache(maxsize=4096)
def flag_exception_reason(
    kind: Kind,
    params: FlagParams,
    answer: bool | None,
    excepted: tuple[bool | None, ...] | None,
) -> Message:
    """Explain a yes/no criterion with exceptions; `excepted` is given when the answer rules
    the person out unless an exception applies (the answers to `except_if`, in order)."""
    plain = flag_reason(kind, params.question, answer)
    if excepted is None:
        return plain
    label = FLAG_LABELS[params.question]
    rule = plain.params["rule"]
    assert isinstance(rule, Message)
    shown = YES if answer else NO
    if True in excepted:
        applies = tuple(
            FLAG_LABELS[key] for key, given in zip(params.except_if, excepted, strict=True) if given
        )
        fact = _sentence(
            gettext_noop(
                "Your answer: %(answer)s, but the study makes an exception for %(exceptions)s, "
                "and you told us that applies to you."
            ),
            answer=shown,
            exceptions=applies,
        )
        clinician = gettext_noop(
            "Exclusion: %(label)s; answer: %(answer)s; exception applies: %(exceptions)s."
        )
        if kind == Kind.INCLUSION:
            clinician = gettext_noop(
                "Required: %(label)s; answer: %(answer)s; exception applies: %(exceptions)s."
            )
        return _explained(rule, fact, clinician, label=label, answer=shown, exceptions=applies)
    open_keys = tuple(
        key for key, given in zip(params.except_if, excepted, strict=True) if given is None
    )
    if open_keys:
        exceptions = _exception_labels(open_keys, params.exceptions)
        fact = _sentence(
            gettext_noop(
                "Your answer: %(answer)s. The study makes an exception for %(exceptions)s; "
                "tell us whether that applies to you, or the study team can check."
            ),
            answer=shown,
            exceptions=exceptions,
        )
        clinician = gettext_noop("%(label)s: %(answer)s; exception not assessed: %(exceptions)s.")
    elif params.exceptions:
        exceptions = _quoted(params.exceptions)
        fact = _sentence(
            gettext_noop(
                "Your answer: %(answer)s. The study makes an exception for %(exceptions)s; "
                "the study team can check whether that applies to you."
            ),
            answer=shown,
            exceptions=exceptions,
        )
        clinician = gettext_noop(
            "%(label)s: %(answer)s; possible exception for the study team: %(exceptions)s."
        )
    else:
        exceptions = _exception_labels(params.except_if, ())
        fact = _sentence(
            gettext_noop(
                "Your answer: %(answer)s, and you told us the exception (%(exceptions)s) does "
                "not apply to you."
            ),
            answer=shown,
            exceptions=exceptions,
        )
        clinician = gettext_noop("%(label)s: %(answer)s; no exception applies (%(exceptions)s).")
    return _explained(rule, fact, clinician, label=label, answer=shown, exceptions=exceptions)


def washout_qualified_reason(reason: Message, params: WashoutParams, waiting: bool) -> Message:
    """Add a washout's exceptions and, when the days are only an upper bound, say so."""
    notes: list[Message] = []
    if params.bound == "at_most" and waiting:
        notes.append(
            Message(
                gettext_noop(
                    "The protocol allows a shorter gap for some medicines (5 half-lives, "
                    "whichever is shorter), so the study team may find you can start sooner."
                ),
                gettext_noop("Upper bound: shorter if 5 half-lives is shorter."),
            )
        )
    if params.exceptions:
        notes.append(
            Message(
                gettext_noop("This does not apply to: %(exceptions)s."),
                gettext_noop("Exceptions: %(exceptions)s."),
                {"exceptions": _quoted(params.exceptions)},
            )
        )
    for note in notes:
        reason = Message(RULE_AND_FACT, RULE_AND_FACT, {"rule": reason, "fact": note})
    return reason


def scoped_reason(reason: Message, scope: str) -> Message:
    """A fail that applies to one part of the study only: for the study team to check."""
    note = Message(
        gettext_noop(
            "This applies only to %(scope)s of the study; the study team will check which part "
            "you would join."
        ),
        gettext_noop("Applies only to: %(scope)s; not ruled out."),
        {"scope": Quote(scope)},
    )
    return Message(RULE_AND_FACT, RULE_AND_FACT, {"rule": reason, "fact": note})


MEMOIZED = (
    range_reason,
    sex_reason,
    diagnosis_reason,
    disease_status_reason,
    prior_therapy_reason,
    life_expectancy_reason,
    flag_reason,
    unmapped_diagnosis_reason,
    age_months_reason,
    flag_exception_reason,
    washout_unknown_reason,
    washout_never_reason,
)
