"""How every form on the site renders: one accessible field template for all of them.

`templates/_field.html` numbers each field's hint and error block as Django's `BoundField`
refers to them in `aria-describedby` (`<id>_helptext`, `<id>_error`), so a screen reader
reads a field's hint and its errors with it, whichever form it belongs to.

A widget's HTML depends only on its context (plain values: name, value, attributes, choices)
and on the active language and time zone, so each rendering is kept and reused: the country
list alone is some 250 options, each an included template, on every results page. A form may
also have whole fields kept (`rendering_key`), as the clinician form does.
"""

from __future__ import annotations

import datetime
import decimal
import pickle
from typing import Any

from django.forms import BoundField
from django.forms.renderers import TemplatesSetting
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.functional import Promise


class AccessibleBoundField(BoundField):
    @property
    def summary_target(self) -> str:
        """The id an error summary links to: the field, or the first input of a group."""
        if self.is_hidden or not self.auto_id:
            return ""
        if self.use_fieldset:
            return f"{self.auto_id}_0"
        return self.id_for_label


class FormRenderer(TemplatesSetting):
    """Renders forms from the project's templates, with the site's field template."""

    field_template_name = "_field.html"
    bound_field_class = AccessibleBoundField

    def render(
        self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None
    ) -> str:
        """Render, or reuse the HTML of an earlier rendering of the same plain context."""
        if request is not None or not _CACHE_RENDERINGS:
            return super().render(template_name, context, request)
        frozen: object
        if type(context) is dict and context.keys() == {"field"}:
            # A whole field (label, hint, widget): reused only for a form that says what its
            # fields' HTML depends on (`rendering_key`, None when it cannot).
            field = context["field"]
            key_of = getattr(getattr(field, "form", None), "rendering_key", None)
            frozen = key_of(field) if key_of is not None else None
            if frozen is None:
                return super().render(template_name, context, request)
        elif type(context) is dict and context.keys() == {"widget"}:
            # A widget's context is plain data; its pickle is a faithful key, written in C
            # (a lazy translation pickles as its message, which the language key completes).
            try:
                frozen = pickle.dumps(context["widget"], pickle.HIGHEST_PROTOCOL)
            except Exception:
                return super().render(template_name, context, request)
        else:
            try:
                frozen = _frozen(context)
            except _Unfrozen:  # a form, a bound field, a file...: rendered every time
                return super().render(template_name, context, request)
        key = (
            template_name,
            translation.get_language() or "",
            timezone.get_current_timezone_name(),
            frozen,
        )
        html = _RENDERINGS.get(key)
        if html is None:
            if len(_RENDERINGS) >= _RENDERINGS_MAX:
                _RENDERINGS.clear()
            html = _RENDERINGS[key] = super().render(template_name, context, request)
        return html


_CACHE_RENDERINGS = True  # tests turn it off to compare
_RENDERINGS: dict[tuple[object, ...], str] = {}
_RENDERINGS_MAX = 2000
_PLAIN = frozenset(
    {str, int, float, bool, type(None), datetime.date, datetime.datetime, decimal.Decimal}
)


class _Unfrozen(Exception):
    """A context value that is not plain data: its rendering is not reused."""


def _frozen(value: object) -> object:
    """A hashable copy of plain data that tells apart what renders differently: the type of
    each value is kept (True and 1, or a safe string and a plain one), and the order of a
    dict's items (attributes render in that order)."""
    kind = type(value)
    if kind is dict:
        # Most values are plain: handled here rather than in a call each (a country list is
        # some 250 option dicts of eight items).
        return tuple(
            (key, (type(item), item) if type(item) in _PLAIN else _frozen(item))
            for key, item in value.items()  # type: ignore[attr-defined]
        )
    if kind in _PLAIN or (isinstance(value, str) and hasattr(value, "__html__")):
        return kind, value
    if kind is list or kind is tuple:
        return kind, tuple(_frozen(item) for item in value)  # type: ignore[attr-defined]
    if isinstance(value, Promise):  # a lazy translation: as the active language words it
        return Promise, hasattr(value, "__html__"), str(value)
    raise _Unfrozen
