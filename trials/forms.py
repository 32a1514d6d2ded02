"""The trial list's search and filter form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Condition, Trial, TrialQuerySet, published_condition_ids


class ConditionChoiceField(forms.ModelChoiceField[Condition]):
    def label_from_instance(self, obj: Condition) -> str:
        return obj.display_name


class TrialFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("A drug, a condition, a sponsor or an NCT number."),
    )
    condition = ConditionChoiceField(
        label=_("Condition"),
        queryset=Condition.objects.none(),  # see __init__
        to_field_name="code",
        required=False,
        empty_label=_("Any condition"),
    )
    phase = forms.ChoiceField(
        label=_("Phase"), choices=[("", _("Any phase")), *Trial.Phase.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status")), *Trial.Status.choices],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The conditions of published trials, remembered per catalogue version: a join over
        # every trial on each request would cost more than the rest of the page.
        field = self.fields["condition"]
        assert isinstance(field, ConditionChoiceField)
        field.queryset = Condition.objects.filter(pk__in=published_condition_ids())

    def apply(self, trials: TrialQuerySet) -> TrialQuerySet:
        """Narrow the trials by what the form holds; call only when it is valid."""
        data = self.cleaned_data
        if data["q"]:
            trials = trials.search(data["q"])
        if data["condition"]:
            trials = trials.for_condition(data["condition"])
        if data["phase"]:
            trials = trials.filter(phase=data["phase"])
        if data["status"]:
            trials = trials.filter(overall_status=data["status"])
        return trials
