"""The questionnaire's forms: one per kind of step, and the clinician's one-page form.

Every form turns what was posted into answer updates in the JSON form of the API
(`to_updates()`); `None` for a key means "I'm not sure". Radio questions offer "I'm not sure"
as a choice; the others have an "I'm not sure" button (`unsure` in the posted data). The
engine validates the result again before anything is stored.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms.boundfield import BoundWidget
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from matcher import engine
from matcher.catalogue import PublishedCatalogue
from matcher.engine import vocabulary
from matcher.engine.places import City
from matcher.questions import ECOG_HELP, QUESTIONS, Question, step_wording, treatment_choice
from trials.models import Condition

QUESTION_BY_KEY: dict[str, Question] = {question.key: question for question in QUESTIONS}
UNSURE = "unsure"
UNSURE_LABEL = _("I'm not sure")
NONE_OF_THESE = "none"
# Questions some people would rather not answer: skipping is offered in those words.
GENTLE_KEYS = frozenset({"life_expectancy_months"})
GENTLE_UNSURE_LABEL = _("I don't know, or I'd rather not say")
EARLIEST_YEAR = 1900


# What to say when a number is not one, or out of range: per question, never Django's
# general "Enter a whole number."
NUMBER_ERRORS: dict[str, tuple[StrOrPromise, StrOrPromise]] = {
    "age": (
        _("Enter the age in whole years, for example 52."),
        _("Enter an age from %(min)s to %(max)s years."),
    ),
    "prior_systemic_lines": (
        _("Enter the number of treatment lines as a whole number, for example 2."),
        _("Enter a number of treatment lines from %(min)s to %(max)s."),
    ),
    "life_expectancy_months": (
        _("Enter the life expectancy in whole months, for example 6."),
        _("Enter a life expectancy from %(min)s to %(max)s months."),
    ),
}


def number_errors(question: Question) -> dict[str, str]:
    """The error messages of a number question's field."""
    not_a_number, out_of_range = NUMBER_ERRORS[question.key]
    limits = {"min": question.minimum, "max": question.maximum}
    return {
        "invalid": str(not_a_number),
        "min_value": str(out_of_range) % limits,
        "max_value": str(out_of_range) % limits,
    }


def same_message(message: StrOrPromise) -> dict[str, StrOrPromise]:
    """One message for a number that is not one or is out of range."""
    return {"invalid": message, "min_value": message, "max_value": message}


def choice_errors(message: StrOrPromise) -> dict[str, StrOrPromise]:
    """The error messages of a choice field, for a value that is not one of its choices."""
    return {"invalid_choice": message, "invalid_list": message}


def term(label: engine.Label, audience: engine.Audience = engine.Audience.PATIENT) -> str:
    """A vocabulary term in the active language, for the audience."""
    return label.render(audience, gettext)


def upper_first(text: str) -> str:
    """Capitalise the first letter only ("PD-1" stays "PD-1")."""
    return text[:1].upper() + text[1:]


def condition_choices(catalogue: PublishedCatalogue | None = None) -> list[tuple[str, str]]:
    """Condition codes in tree order, each child indented under its parent.

    Given the compiled catalogue, read once for it (any change to a condition moves the
    catalogue version on) rather than on every page.
    """
    chinese = (get_language() or "").startswith("zh")
    if catalogue is None:
        return _read_condition_choices(chinese)
    return list(
        catalogue.remember(("condition choices", chinese), lambda: _read_condition_choices(chinese))
    )


def _read_condition_choices(chinese: bool) -> list[tuple[str, str]]:
    children: dict[str | None, list[tuple[str, str]]] = {}
    for code, parent, name, name_zh in Condition.objects.values_list(
        "code", "parent__code", "name", "name_zh_hans"
    ):
        children.setdefault(parent, []).append((code, name_zh if chinese and name_zh else name))
    choices: list[tuple[str, str]] = []

    def walk(parent: str | None, depth: int) -> None:
        for code, label in sorted(children.get(parent, []), key=lambda row: row[1]):
            choices.append((code, "\u2003" * depth + label))
            walk(code, depth + 1)

    walk(None, 0)
    return choices


class StepForm(forms.Form):
    """One questionnaire screen."""

    step = forms.CharField(widget=forms.HiddenInput)
    has_unsure_button = True

    def __init__(self, *args: Any, step: engine.Step, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.step_spec = step
        self.fields["step"].initial = step.id
        self.question = QUESTION_BY_KEY.get(step.keys[0]) if step.keys else None

    @property
    def unsure(self) -> bool:
        return self.is_bound and UNSURE in self.data

    @property
    def unsure_label(self) -> str:
        """The words on the "I'm not sure" button."""
        if self.question is not None and self.question.key in GENTLE_KEYS:
            return str(GENTLE_UNSURE_LABEL)
        return str(UNSURE_LABEL)

    def to_updates(self) -> dict[str, Any]:
        """The answers this screen gives (call after is_valid())."""
        raise NotImplementedError


class SingleChoiceForm(StepForm):
    """A question answered by one radio choice; "I'm not sure" is one of the choices."""

    answer = forms.ChoiceField(widget=forms.RadioSelect)
    has_unsure_button = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["answer"]
        assert isinstance(field, forms.ChoiceField)
        field.label = self.question.label if self.question else ""
        field.choices = [*self.choices(), (UNSURE, UNSURE_LABEL)]
        field.error_messages["required"] = _("Choose an answer, or choose I'm not sure.")

    def choices(self) -> list[tuple[str, str]]:
        return [("yes", gettext("Yes")), ("no", gettext("No"))]

    def convert(self, value: str) -> object:
        return value == "yes"

    def to_updates(self) -> dict[str, Any]:
        value = self.cleaned_data["answer"]
        return {self.step_spec.keys[0]: None if value == UNSURE else self.convert(value)}


class EcogForm(SingleChoiceForm):
    def choices(self) -> list[tuple[str, str]]:
        return [(str(grade), str(text)) for grade, text in ECOG_HELP.items()]

    def convert(self, value: str) -> object:
        return int(value)


class SexForm(SingleChoiceForm):
    def choices(self) -> list[tuple[str, str]]:
        return [(sex, upper_first(term(vocabulary.SEX_LABELS[sex]))) for sex in vocabulary.SEXES]

    def convert(self, value: str) -> object:
        return value


class DiagnosisForm(StepForm):
    answer = forms.ChoiceField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["answer"]
        assert isinstance(field, forms.ChoiceField)
        field.label = _("Type of cancer")
        field.choices = [("", _("Choose one")), *condition_choices()]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.unsure and not cleaned.get("answer") and "answer" not in self.errors:
            self.add_error("answer", _("Choose a type of cancer, or choose I'm not sure."))
        return cleaned

    def to_updates(self) -> dict[str, Any]:
        return {"diagnosis": None if self.unsure else self.cleaned_data["answer"]}


class NumberForm(StepForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assert self.question is not None
        self.fields["answer"] = forms.IntegerField(
            label=self.question.label,
            required=False,
            min_value=self.question.minimum,
            max_value=self.question.maximum,
            error_messages=number_errors(self.question),
            widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-short"}),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.unsure:
            self.errors.pop("answer", None)
        elif cleaned.get("answer") is None and "answer" not in self.errors:
            if self.question is not None and self.question.key in GENTLE_KEYS:
                self.add_error(
                    "answer",
                    _("Enter a number of months, or choose I don't know, or I'd rather not say."),
                )
            else:
                self.add_error("answer", _("Enter a number, or choose I'm not sure."))
        return cleaned

    def to_updates(self) -> dict[str, Any]:
        return {self.step_spec.keys[0]: None if self.unsure else self.cleaned_data["answer"]}


class MultipleChoiceForm(StepForm):
    """Tick all that apply; "None of these" gives an empty list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        key = self.step_spec.keys[0]
        values, labels = (
            (vocabulary.DISEASE_STATUSES, vocabulary.DISEASE_STATUS_LABELS)
            if key == "disease_status"
            else (vocabulary.THERAPY_CODES, vocabulary.THERAPY_LABELS)
        )
        choices = [(value, upper_first(term(labels[value]))) for value in values]
        if key == "prior_therapies":
            choices.append((NONE_OF_THESE, gettext("None of these")))
        assert self.question is not None
        self.fields["answer"] = forms.MultipleChoiceField(
            label=self.question.label,
            required=False,
            choices=choices,
            widget=forms.CheckboxSelectMultiple,
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        ticked = cleaned.get("answer") or []
        if self.unsure:
            self.errors.pop("answer", None)
        elif not ticked and "answer" not in self.errors:
            self.add_error("answer", _("Tick at least one, or choose I'm not sure."))
        elif NONE_OF_THESE in ticked and len(ticked) > 1:
            self.add_error("answer", _("You ticked None of these and a treatment; please check."))
        return cleaned

    def to_updates(self) -> dict[str, Any]:
        key = self.step_spec.keys[0]
        if self.unsure:
            return {key: None}
        return {key: [value for value in self.cleaned_data["answer"] if value != NONE_OF_THESE]}


class ChecklistForm(StepForm):
    """Yes/no exclusions on one screen: what is ticked applies; the rest does not.

    "I'm not sure" keeps what is ticked and leaves the rest unknown.
    """

    none = forms.BooleanField(label=_("None of these apply to me"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answer"] = forms.MultipleChoiceField(
            label=_("Do any of these apply to you?"),
            required=False,
            choices=[
                (key, upper_first(term(vocabulary.FLAG_LABELS[key]))) for key in self.step_spec.keys
            ],
            widget=forms.CheckboxSelectMultiple,
        )
        self.order_fields(["step", "answer", "none"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        ticked = cleaned.get("answer") or []
        if self.unsure:
            return cleaned
        if ticked and cleaned.get("none"):
            self.add_error(
                "none",
                _("You ticked None of these apply to me and something above; please check."),
            )
        elif not ticked and not cleaned.get("none"):
            self.add_error(
                "answer", _("Tick what applies, or None of these apply to me, or I'm not sure.")
            )
        return cleaned

    def to_updates(self) -> dict[str, Any]:
        ticked = set(self.cleaned_data.get("answer") or [])
        otherwise = None if self.unsure else False
        return {key: True if key in ticked else otherwise for key in self.step_spec.keys}


def _latest_day(year: int, month: int, today: datetime.date) -> datetime.date:
    """The latest day of a month that is not after today: what a missing day stands for."""
    last = datetime.date(year, month, calendar.monthrange(year, month)[1])
    return min(last, today)


def _chinese() -> bool:
    return (get_language() or "").startswith("zh")


class MonthYearDay(forms.MultiWidget):
    """Month and year, and an optional day, in the order the active language writes dates.

    English: day, month, year; Chinese: 年, 月, 日. The posted names do not depend on the order
    (`<name>_day`, `<name>_month`, `<name>_year`), so a page in one language can be read in
    the other.
    """

    template_name = "matcher/widgets/date_parts.html"

    def __init__(self) -> None:
        numeric = {"inputmode": "numeric", "autocomplete": "off"}
        super().__init__(
            {
                "day": forms.TextInput(attrs={**numeric, "maxlength": 2, "class": "input-day"}),
                "month": forms.Select(),
                "year": forms.TextInput(attrs={**numeric, "maxlength": 4, "class": "input-year"}),
            }
        )

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        month = self.widgets[1]
        assert isinstance(month, forms.Select)
        if _chinese():
            month.choices = [("", "–"), *((str(n), f"{n}月") for n in range(1, 13))]
        else:
            month.choices = [("", "–"), *((str(n), str(MONTHS[n])) for n in range(1, 13))]
        context = super().get_context(name, value, attrs)
        day, month_widget, year = context["widget"]["subwidgets"]
        labels = {
            "day": gettext("Day (optional)"),
            "month": gettext("Month"),
            "year": gettext("Year"),
        }
        parts = [("day", day), ("month", month_widget), ("year", year)]
        if _chinese():
            parts.reverse()
        context["widget"]["parts"] = [
            {"part": part, "label": labels[part], "widget": widget} for part, widget in parts
        ]
        return context

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, datetime.date):
            # A day that only stands for a missing one is shown empty again.
            inferred = value == _latest_day(value.year, value.month, timezone.localdate())
            return [None if inferred else value.day, str(value.month), value.year]
        return [None, None, None]


class MonthYearDayField(forms.MultiValueField):
    """The date of a past treatment: month and year needed, the day optional.

    A missing day is read as the latest day it could be: the last day of that month, or today
    in the current month. A washout counted from it is never longer than the real one, so no
    one is told the waiting time is over when it may not be (the screen says so).
    """

    widget = MonthYearDay

    def __init__(self, **kwargs: Any) -> None:
        parts = (
            forms.IntegerField(
                required=False,
                min_value=1,
                max_value=31,
                error_messages={
                    "invalid": _("Enter the day as a number from 1 to 31, or leave it empty."),
                    "min_value": _("Enter the day as a number from 1 to 31, or leave it empty."),
                    "max_value": _("Enter the day as a number from 1 to 31, or leave it empty."),
                },
            ),
            forms.TypedChoiceField(
                required=False,
                coerce=int,
                empty_value=None,
                choices=[(str(n), str(n)) for n in range(1, 13)],
                error_messages={"invalid_choice": _("Choose the month from the list.")},
            ),
            forms.IntegerField(
                required=False,
                min_value=EARLIEST_YEAR,
                max_value=9999,
                error_messages={
                    "invalid": _("Enter the year as four digits, such as 2025."),
                    "min_value": _("Enter the year as four digits, such as 2025."),
                    "max_value": _("Enter the year as four digits, such as 2025."),
                },
            ),
        )
        super().__init__(parts, require_all_fields=False, required=False, **kwargs)

    def compress(self, data_list: list[Any]) -> datetime.date | None:
        if not data_list or all(part in (None, "") for part in data_list):
            return None
        day, month, year = data_list
        if month in (None, "") and year in (None, ""):
            raise forms.ValidationError(_("Choose the month and enter the year."))
        if month in (None, ""):
            raise forms.ValidationError(_("Choose the month."))
        if year in (None, ""):
            raise forms.ValidationError(_("Enter the year, such as 2025."))
        today = timezone.localdate()
        if day in (None, ""):
            if (year, month) > (today.year, today.month):
                raise forms.ValidationError(_("That month is in the future; please check it."))
            return _latest_day(year, month, today)
        try:
            value = datetime.date(year, month, day)
        except ValueError:
            raise forms.ValidationError(
                _("That month has no day %(day)s; please check the day."), params={"day": day}
            ) from None
        if value > today:
            raise forms.ValidationError(_("The date is in the future; please check it."))
        return value


@dataclass(frozen=True)
class TreatmentRow:
    """One treatment of the dates step: its tick box, its date and its "I don't remember"."""

    category: str
    had: BoundWidget
    examples: str
    when: forms.BoundField
    unknown: forms.BoundField


class DatesForm(StepForm):
    """Which treatments the person has had, then when they last had each one they ticked.

    One screen: every treatment is a tick box, and the date boxes of a treatment show only
    once it is ticked (CSS `:has`, no JavaScript; a browser without it shows them all).
    Unticked treatments are answered "never". A ticked one needs the month and year of the
    last time, or "I don't remember when" (left unknown). Dates posted for unticked
    treatments are ignored. "I'm not sure" keeps the ticked treatments' dates and leaves the
    rest unknown, like the checklist of conditions.

    A PD-1 or PD-L1 antibody is one row, immunotherapy. Protocols also count such antibodies
    as biological therapy, so the later of the two dates is given to the engine for
    `biologic` too, and an immunotherapy date that is not known leaves `biologic` unknown
    rather than "never": a washout for either is then never counted from the wrong day.
    """

    none = forms.BooleanField(label=_("I have had none of these"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories = self.step_spec.categories
        self.fields["had"] = forms.MultipleChoiceField(
            label=_("Tick each treatment you have ever had"),
            required=False,
            choices=[(c, treatment_choice(c)[0]) for c in categories],
            widget=forms.CheckboxSelectMultiple,
        )
        for category in categories:
            label = term(vocabulary.TREATMENT_LABELS[category])
            self.fields[category] = MonthYearDayField(
                label=gettext("When was your last %(treatment)s?") % {"treatment": label}
            )
            self.fields[f"{category}_unknown"] = forms.BooleanField(
                label=_("I don't remember when"), required=False
            )
        self.order_fields(["step", "had", "none"])

    def treatment_rows(self) -> list[TreatmentRow]:
        """The tick boxes in order, each with the date boxes it reveals."""
        return [
            TreatmentRow(
                category=widget.data["value"],
                had=widget,
                examples=treatment_choice(widget.data["value"])[1],
                when=self[widget.data["value"]],
                unknown=self[f"{widget.data['value']}_unknown"],
            )
            for widget in self["had"]
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        ticked = set(cleaned.get("had") or [])
        for category in self.step_spec.categories:
            unknown = cleaned.get(f"{category}_unknown")
            if category not in ticked or unknown or (self.unsure and category in self.errors):
                # Not asked (hidden), not remembered, or not sure: what is in the boxes is unused.
                self.errors.pop(category, None)
                cleaned.pop(category, None)
            elif self.unsure:
                continue
            elif cleaned.get(category) is None and category not in self.errors:
                label = term(vocabulary.TREATMENT_LABELS[category])
                self.add_error(
                    category,
                    gettext(
                        "Give the month and year of your last %(treatment)s, or tick "
                        "I don't remember when."
                    )
                    % {"treatment": label},
                )
        if self.unsure:
            self.errors.pop("had", None)
            return cleaned
        if ticked and cleaned.get("none"):
            self.add_error(
                "none", _("You ticked I have had none of these and a treatment; please check.")
            )
        elif not ticked and not cleaned.get("none") and "had" not in self.errors:
            self.add_error(
                "had",
                _(
                    "Tick the treatments you have had, or I have had none of these, "
                    "or I'm not sure."
                ),
            )
        return cleaned

    def to_updates(self) -> dict[str, Any]:
        ticked = set(self.cleaned_data.get("had") or [])
        last: dict[str, str] = {}
        for category in self.step_spec.categories:
            when = self.cleaned_data.get(category)
            if category in ticked:
                if when:
                    last[category] = when.isoformat()
            elif not self.unsure:
                last[category] = vocabulary.NEVER
        if "immunotherapy" in ticked and "biologic" in self.step_spec.categories:
            antibody = last.get("immunotherapy")
            own = last.get("biologic")
            if antibody is None:
                if own == vocabulary.NEVER:
                    del last["biologic"]
            elif own in (None, vocabulary.NEVER) or antibody > own:
                last["biologic"] = antibody
        return {"last_treatment": last or None}


SINGLE_FORMS: dict[str, type[StepForm]] = {
    "age": NumberForm,
    "prior_systemic_lines": NumberForm,
    "life_expectancy_months": NumberForm,
    "sex": SexForm,
    "ecog": EcogForm,
    "diagnosis": DiagnosisForm,
    "disease_status": MultipleChoiceForm,
    "prior_therapies": MultipleChoiceForm,
}


def step_form(
    step: engine.Step, data: Any = None, answers: dict[str, Any] | None = None
) -> StepForm:
    """The form for a step, bound to posted data or filled in with earlier answers."""
    match step.kind:
        case engine.StepKind.CHECKLIST:
            form_class: type[StepForm] = ChecklistForm
        case engine.StepKind.DATES:
            form_class = DatesForm
        case _:
            form_class = SINGLE_FORMS.get(step.keys[0], SingleChoiceForm)
    form = form_class(data, step=step, initial=initial_values(step, answers or {}))
    help_text = step_wording(step)[1]
    if help_text and "answer" in form.fields:
        # The field template numbers the hint so the answer's inputs are described by it.
        form.fields["answer"].help_text = help_text
    return form


def initial_values(step: engine.Step, answers: dict[str, Any]) -> dict[str, Any]:
    """What to show when a person goes Back to a step they answered."""
    match step.kind:
        case engine.StepKind.CHECKLIST:
            ticked = [key for key in step.keys if answers.get(key) is True]
            none = bool(step.keys) and all(answers.get(key) is False for key in step.keys)
            return {"answer": ticked, "none": none}
        case engine.StepKind.DATES:
            last = answers.get("last_treatment") or {}
            initial: dict[str, Any] = {}
            had = [c for c in step.categories if c in last and last[c] != vocabulary.NEVER]
            for category in had:
                initial[category] = datetime.date.fromisoformat(last[category])
            if "biologic" in had and last.get("biologic") == last.get("immunotherapy"):
                # Given for the immunotherapy row (see DatesForm), not ticked on its own.
                had.remove("biologic")
                initial.pop("biologic")
            initial["had"] = had
            initial["none"] = bool(step.categories) and all(
                last.get(c) == vocabulary.NEVER for c in step.categories
            )
            return initial
    value = answers.get(step.keys[0])
    match value:
        case None:
            return {}
        case bool():
            return {"answer": "yes" if value else "no"}
        case list():
            return {"answer": value or [NONE_OF_THESE]}
        case _:
            return {"answer": str(value) if step.keys[0] == "ecog" else value}


TRI_STATE = [("", _("Unknown")), ("yes", _("Yes")), ("no", _("No"))]
CLINICIAN_YES_NO = (
    "histology_confirmed",
    "measurable_disease",
    "organ_function_adequate",
    "tissue_sample_available",
    "contraception_willing",
)
CLINICIAN_NUMBERS = ("age", "prior_systemic_lines", "life_expectancy_months")


class KeptFieldsForm(forms.Form):
    """A form whose rendered fields are kept and reused (see config.forms.FormRenderer)."""

    def rendering_key(self, field: forms.BoundField) -> object | None:
        """What the field's HTML depends on besides the language: the form's layout, the field
        and its value, and its choices where they are not fixed (`choices_key`). None while
        the form has errors: they are shown inside the fields."""
        if self.is_bound and self.errors:
            return None
        value = field.value()
        if isinstance(value, list):
            value = tuple(value)
        choices = self.choices_key(field)
        key = (type(self), self.prefix, self.auto_id, field.name, type(value), value, choices)
        try:
            hash(key)
        except TypeError:
            return None
        return key

    def choices_key(self, field: forms.BoundField) -> object:
        """The field's choices where they vary (say, read from the database), else None."""
        return None


class ClinicianForm(KeptFieldsForm):
    """Every answer on one page, in clinical terms; an empty field means unknown."""

    def __init__(
        self, *args: Any, catalogue: PublishedCatalogue | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        clinician = engine.Audience.CLINICIAN
        self._conditions = tuple(condition_choices(catalogue))
        for key in CLINICIAN_NUMBERS:
            question = QUESTION_BY_KEY[key]
            self.fields[key] = forms.IntegerField(
                label=question.clinician_label,
                required=False,
                min_value=question.minimum,
                max_value=question.maximum,
                error_messages=number_errors(question),
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-short"}),
            )
        self.fields["sex"] = forms.ChoiceField(
            label=QUESTION_BY_KEY["sex"].clinician_label,
            required=False,
            error_messages=choice_errors(_("Choose the sex from the list, or Unknown.")),
            choices=[("", _("Unknown"))]
            + [
                (sex, upper_first(term(vocabulary.SEX_LABELS[sex], clinician)))
                for sex in vocabulary.SEXES
            ],
        )
        self.fields["diagnosis"] = forms.ChoiceField(
            label=QUESTION_BY_KEY["diagnosis"].clinician_label,
            required=False,
            error_messages=choice_errors(_("Choose the diagnosis from the list, or Unknown.")),
            choices=[("", _("Unknown")), *self._conditions],
        )
        self.fields["disease_status"] = forms.MultipleChoiceField(
            label=QUESTION_BY_KEY["disease_status"].clinician_label,
            required=False,
            error_messages=choice_errors(_("Tick only disease statuses from the list.")),
            choices=[
                (s, upper_first(term(vocabulary.DISEASE_STATUS_LABELS[s], clinician)))
                for s in vocabulary.DISEASE_STATUSES
            ],
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Leave all unticked if unknown."),
        )
        self.fields["prior_therapies"] = forms.MultipleChoiceField(
            label=QUESTION_BY_KEY["prior_therapies"].clinician_label,
            required=False,
            error_messages=choice_errors(_("Tick only prior therapies from the list.")),
            choices=[
                (t, upper_first(term(vocabulary.THERAPY_LABELS[t], clinician)))
                for t in vocabulary.THERAPY_CODES
            ]
            + [(NONE_OF_THESE, gettext("None of these"))],
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Leave all unticked if unknown."),
        )
        self.fields["ecog"] = forms.ChoiceField(
            label=QUESTION_BY_KEY["ecog"].clinician_label,
            required=False,
            error_messages=choice_errors(_("Choose an ECOG grade from 0 to 4, or Unknown.")),
            choices=[("", _("Unknown"))] + [(str(grade), str(grade)) for grade in range(5)],
        )
        yes_no_unknown = choice_errors(_("Choose yes, no or unknown."))
        for key in CLINICIAN_YES_NO:
            self.fields[key] = forms.ChoiceField(
                label=QUESTION_BY_KEY[key].clinician_label,
                required=False,
                choices=TRI_STATE,
                error_messages=yes_no_unknown,
            )
        for category in vocabulary.TREATMENT_CATEGORIES:
            label = term(vocabulary.TREATMENT_LABELS[category], clinician)
            self.fields[f"last_{category}"] = forms.DateField(
                label=upper_first(label),
                required=False,
                error_messages={
                    "invalid": _("Enter the date as year, month and day, like 2025-03-15.")
                },
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )
            self.fields[f"never_{category}"] = forms.BooleanField(label=_("Never"), required=False)
        self.fields["exclusions_present"] = forms.MultipleChoiceField(
            label=_("Exclusions present"),
            required=False,
            error_messages=choice_errors(_("Tick only exclusions from the list.")),
            choices=[
                (key, upper_first(term(vocabulary.FLAG_LABELS[key], clinician)))
                for key in vocabulary.FLAG_KEYS
            ],
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["exclusions_others_absent"] = forms.BooleanField(
            label=_("All other exclusions above have been assessed and are absent"),
            required=False,
        )
        for key in vocabulary.EXCEPTION_KEYS:
            self.fields[key] = forms.ChoiceField(
                label=QUESTION_BY_KEY[key].clinician_label,
                required=False,
                choices=TRI_STATE,
                error_messages=yes_no_unknown,
            )

    def choices_key(self, field: forms.BoundField) -> object:
        return self._conditions if field.name == "diagnosis" else None

    def exception_fields(self) -> list[forms.BoundField]:
        """The protocol exceptions to some exclusions, asked only when they apply."""
        return [self[key] for key in vocabulary.EXCEPTION_KEYS]

    def date_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"last_{c}"], self[f"never_{c}"]) for c in vocabulary.TREATMENT_CATEGORIES]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        today = timezone.localdate()
        for category in vocabulary.TREATMENT_CATEGORIES:
            last = cleaned.get(f"last_{category}")
            if last and cleaned.get(f"never_{category}"):
                self.add_error(f"last_{category}", _("Give a date or tick Never, not both."))
            elif last and last > today:
                self.add_error(f"last_{category}", _("The date is in the future; please check it."))
            elif last and last.year < EARLIEST_YEAR:
                self.add_error(f"last_{category}", _("That date is too long ago; please check it."))
        therapies = cleaned.get("prior_therapies") or []
        if NONE_OF_THESE in therapies and len(therapies) > 1:
            self.add_error(
                "prior_therapies", _("You ticked None of these and a treatment; please check.")
            )
        return cleaned

    def to_answers(self) -> dict[str, Any]:
        """The answers in the API's JSON form; unknown ones are left out."""
        data = self.cleaned_data
        answers: dict[str, Any] = {}
        for key in CLINICIAN_NUMBERS:
            if data.get(key) is not None:
                answers[key] = data[key]
        for key in ("sex", "diagnosis"):
            if data.get(key):
                answers[key] = data[key]
        if data.get("ecog") not in (None, ""):
            answers["ecog"] = int(data["ecog"])
        if data.get("disease_status"):
            answers["disease_status"] = list(data["disease_status"])
        if data.get("prior_therapies"):
            answers["prior_therapies"] = [t for t in data["prior_therapies"] if t != NONE_OF_THESE]
        for key in (*CLINICIAN_YES_NO, *vocabulary.EXCEPTION_KEYS):
            if data.get(key):
                answers[key] = data[key] == "yes"
        last: dict[str, str] = {}
        for category in vocabulary.TREATMENT_CATEGORIES:
            if data.get(f"never_{category}"):
                last[category] = vocabulary.NEVER
            elif data.get(f"last_{category}"):
                last[category] = data[f"last_{category}"].isoformat()
        if last:
            answers["last_treatment"] = last
        present = set(data.get("exclusions_present") or [])
        for key in vocabulary.FLAG_KEYS:
            if key in present:
                answers[key] = True
            elif data.get("exclusions_others_absent"):
                answers[key] = False
        return answers

    @staticmethod
    def initial_from(answers: dict[str, Any]) -> dict[str, Any]:
        """Fill the form from stored answers."""
        initial: dict[str, Any] = {}
        for key in (*CLINICIAN_NUMBERS, "sex", "diagnosis", "disease_status"):
            if key in answers:
                initial[key] = answers[key]
        if "prior_therapies" in answers:
            initial["prior_therapies"] = answers["prior_therapies"] or [NONE_OF_THESE]
        if "ecog" in answers:
            initial["ecog"] = str(answers["ecog"])
        for key in (*CLINICIAN_YES_NO, *vocabulary.EXCEPTION_KEYS):
            if key in answers:
                initial[key] = "yes" if answers[key] else "no"
        for category, value in (answers.get("last_treatment") or {}).items():
            if value == vocabulary.NEVER:
                initial[f"never_{category}"] = True
            else:
                initial[f"last_{category}"] = datetime.date.fromisoformat(value)
        initial["exclusions_present"] = [k for k in vocabulary.FLAG_KEYS if answers.get(k) is True]
        initial["exclusions_others_absent"] = any(
            answers.get(k) is False for k in vocabulary.FLAG_KEYS
        )
        return initial


DISTANCE_CHOICES = [
    ("", _("Any distance")),
    ("50", _("Up to 50 km")),
    ("100", _("Up to 100 km")),
    ("200", _("Up to 200 km")),
    ("500", _("Up to 500 km")),
    ("1000", _("Up to 1,000 km")),
]


class PlaceForm(KeptFieldsForm):
    """Where the person is (country and city) and how far they can travel."""

    country = forms.ChoiceField(
        label=_("Country or region"),
        required=False,
        error_messages={"invalid_choice": _("Choose a country or region from the list.")},
    )
    city = forms.CharField(
        label=_("City"),
        required=False,
        max_length=100,
        error_messages={"max_length": _("Give a shorter city name, up to 100 characters.")},
        help_text=_("In English or Chinese, for example Guangzhou or 广州."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "city-suggestions"}),
    )
    max_distance = forms.ChoiceField(
        label=_("How far can you travel for the study?"),
        choices=DISTANCE_CHOICES,
        required=False,
        error_messages={"invalid_choice": _("Choose one of the distances listed.")},
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from trials.places import countries

        self.fields["country"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose a country or region")),
            *countries().items(),
        ]
        self.found_city: City | None = None

    def clean(self) -> dict[str, Any]:
        from trials.places import locate

        data = super().clean() or {}
        country, city = data.get("country") or "", (data.get("city") or "").strip()
        if city and not country:
            self.add_error("country", gettext("Choose the country or region of this city."))
        elif city:
            self.found_city = locate(country, city)
            if self.found_city is None:
                self.add_error(
                    "city",
                    gettext(
                        "We could not find this city in this country. Check the spelling, "
                        "or give a larger city nearby."
                    ),
                )
        elif data.get("max_distance"):
            self.add_error("city", gettext("Give your city to limit the distance."))
        return data

    def to_place(self) -> Any:
        """The session's Place for the cleaned data."""
        from matcher.session import Place

        reach = self.cleaned_data.get("max_distance")
        city = self.found_city
        return Place(
            country=self.cleaned_data.get("country") or "",
            city=city.name if city else "",
            lat=city.point.lat if city else None,
            lon=city.point.lon if city else None,
            max_km=int(reach) if reach else None,
            asked=True,
        )
