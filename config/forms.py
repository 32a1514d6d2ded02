"""How every form on the site renders: one accessible field template for all of them.

`templates/_field.html` numbers each field's hint and error block as Django's `BoundField`
refers to them in `aria-describedby` (`<id>_helptext`, `<id>_error`), so a screen reader
reads a field's hint and its errors with it, whichever form it belongs to.
"""

from __future__ import annotations

from django.forms import BoundField
from django.forms.renderers import TemplatesSetting


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
