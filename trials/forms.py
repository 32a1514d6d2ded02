"""The trial list's search and filter form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from matcher.engine.places import Point

from .models import (
    Condition,
    Trial,
    TrialQuerySet,
    published_summary,
)
from .places import locate, nearest_recruiting_sites

DISTANCES_KM = (50, 100, 200, 500, 1000)


class ConditionChoiceField(forms.ModelChoiceField[Condition]):
    def label_from_instance(self, obj: Condition) -> str:
        return obj.display_name


class TrialFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Search for up to 200 characters at a time.")},
        help_text=_("A drug, a condition, a sponsor or an NCT number."),
    )
    condition = ConditionChoiceField(
        label=_("Condition"),
        queryset=Condition.objects.none(),  # see __init__
        to_field_name="code",
        required=False,
        empty_label=_("Any condition"),
        error_messages={"invalid_choice": _("Choose a condition from the list.")},
    )
    phase = forms.ChoiceField(
        label=_("Phase"),
        choices=[("", _("Any phase")), *Trial.Phase.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose a phase from the list.")},
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status")), *Trial.Status.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose a status from the list.")},
    )

    country = forms.ChoiceField(
        label=_("Country or region of a site"),
        required=False,
        error_messages={"invalid_choice": _("Choose a country or region from the list.")},
    )
    near = forms.CharField(
        label=_("Near a city"),
        required=False,
        max_length=100,
        error_messages={"max_length": _("Give a shorter city name, up to 100 characters.")},
        help_text=_("In English or Chinese, for example Guangzhou or 广州."),
    )
    distance = forms.ChoiceField(
        label=_("Distance to a recruiting site"),
        error_messages={"invalid_choice": _("Choose one of the distances listed.")},
        choices=[
            ("", _("Any distance")),
            *((str(km), format_lazy(_("Up to {} km"), km)) for km in DISTANCES_KM),
        ],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The choices read from the catalogue, remembered per catalogue version: a join over
        # every published trial on each request would cost more than the rest of the page.
        self.catalogue = published_summary()
        self.fields["country"].choices = [  # type: ignore[attr-defined]
            ("", _("Any country or region")),
            *((name, name) for name in self.catalogue.countries),
        ]
        self.origin: Point | None = None
        field = self.fields["condition"]
        assert isinstance(field, ConditionChoiceField)
        field.queryset = Condition.objects.filter(pk__in=self.catalogue.condition_ids)

    def rendering_key(self, field: forms.BoundField) -> object | None:
        """What a field's HTML depends on besides the language, so that the site's form renderer
        (`config.forms.FormRenderer`) reuses it: the field and its value, and the catalogue
        version its condition and country choices come from. None while the form has errors:
        they are shown inside the fields."""
        if self.is_bound and self.errors:
            return None
        value = field.value()
        key = (type(self), self.prefix, self.auto_id, field.name, type(value), value)
        try:
            hash(key)
        except TypeError:
            return None
        return (*key, self.catalogue.version)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        near = (data.get("near") or "").strip()
        if near:
            city = locate(data.get("country") or "", near)
            if city is None:
                self.add_error(
                    "near",
                    gettext(
                        "We could not find this city in this country. Check the spelling, "
                        "or give a larger city nearby."
                    ),
                )
            else:
                self.origin = city.point
        elif data.get("distance"):
            self.add_error("near", gettext("Give a city to measure the distance from."))
        return data

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
        if data.get("country"):
            trials = trials.filter(sites__country=data["country"]).distinct()
        if self.origin is not None and data.get("distance"):
            reach = int(data["distance"])
            nearest = nearest_recruiting_sites(trials.values_list("pk", flat=True), self.origin)
            trials = trials.filter(
                pk__in=[pk for pk, found in nearest.items() if found.distance_km <= reach]
            )
        return trials
