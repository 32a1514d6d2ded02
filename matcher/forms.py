"""The questionnaire's forms: one per kind of step, and the clinician's one-page form.

Every form turns what was posted into answer updates in the JSON form of the API
(`to_updates()`); `None` for a key means "I'm not sure". Radio questions offer "I'm not sure"
as a choice; the others have an "I'm not sure" button (`unsure` in the posted data). The
engine validates the result again before anything is stored.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from matcher import engine
from matcher.engine import vocabulary
from matcher.engine.places import City
from matcher.questions import ECOG_HELP, QUESTIONS, Question, step_wording
from trials.models import Condition

QUESTION_BY_KEY: dict[str, Question] = {question.key: question for question in QUESTIONS}
UNSURE = "unsure"
UNSURE_LABEL = _("I'm not sure")
NONE_OF_THESE = "none"
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


def condition_choices() -> list[tuple[str, str]]:
    """Condition codes in tree order, each child indented under its parent."""
    chinese = (get_language() or "").startswith("zh")
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


class DateParts(forms.MultiWidget):
    """Day, month and year as three number boxes."""

    template_name = "matcher/widgets/date_parts.html"

    def __init__(self) -> None:
        super().__init__(
            {
                "day": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": 31}),
                "month": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": 12}),
                "year": forms.NumberInput(attrs={"inputmode": "numeric", "min": EARLIEST_YEAR}),
            }
        )

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DatePartsField(forms.MultiValueField):
    """A past date from day, month and year boxes; all empty means not given."""

    widget = DateParts

    def __init__(self, **kwargs: Any) -> None:
        day, month = _("Enter a day from 1 to 31."), _("Enter a month from 1 to 12.")
        year = _("Enter the year with 4 digits, for example 2025.")
        parts = (
            forms.IntegerField(min_value=1, max_value=31, error_messages=same_message(day)),
            forms.IntegerField(min_value=1, max_value=12, error_messages=same_message(month)),
            forms.IntegerField(
                min_value=EARLIEST_YEAR, max_value=9999, error_messages=same_message(year)
            ),
        )
        super().__init__(
            parts,
            require_all_fields=False,
            required=False,
            error_messages={"incomplete": _("Enter the day, the month and the year.")},
            **kwargs,
        )

    def compress(self, data_list: list[Any]) -> datetime.date | None:
        if not data_list or all(part in (None, "") for part in data_list):
            return None
        if any(part in (None, "") for part in data_list):
            raise forms.ValidationError(_("Enter the day, the month and the year."))
        day, month, year = data_list
        try:
            value = datetime.date(year, month, day)
        except ValueError:
            raise forms.ValidationError(_("That date does not exist; please check it.")) from None
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future; please check it."))
        return value


class DatesForm(StepForm):
    """The last date of each treatment that matters, or never; empty means not sure."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for category in self.step_spec.categories:
            label = term(vocabulary.TREATMENT_LABELS[category])
            self.fields[category] = DatePartsField(label=upper_first(label))
            self.fields[f"{category}_never"] = forms.BooleanField(
                label=_("Never had it"), required=False
            )

    def category_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[c], self[f"{c}_never"]) for c in self.step_spec.categories]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.unsure:
            return cleaned
        for category in self.step_spec.categories:
            if cleaned.get(category) and cleaned.get(f"{category}_never"):
                self.add_error(category, _("Give a date or tick Never had it, not both."))
        return cleaned

    def to_updates(self) -> dict[str, Any]:
        last: dict[str, str] = {}
        if not self.unsure:
            for category in self.step_spec.categories:
                if self.cleaned_data.get(f"{category}_never"):
                    last[category] = vocabulary.NEVER
                elif self.cleaned_data.get(category):
                    last[category] = self.cleaned_data[category].isoformat()
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
            initial: dict[str, Any] = {}
            for category, value in (answers.get("last_treatment") or {}).items():
                if value == vocabulary.NEVER:
                    initial[f"{category}_never"] = True
                else:
                    initial[category] = datetime.date.fromisoformat(value)
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


class ClinicianForm(forms.Form):
    """Every answer on one page, in clinical terms; an empty field means unknown."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        clinician = engine.Audience.CLINICIAN
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
            choices=[("", _("Unknown")), *condition_choices()],
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


class PlaceForm(forms.Form):
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
