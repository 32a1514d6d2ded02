"""`{% result_card card heading="h3" contact=True located=... %}`: one result card, the HTML of
`matcher/_result_card.html`, reused while the same trial reads the same (see `render_card`)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from matcher.results import TrialCard, render_card

register = template.Library()


@register.simple_tag
def result_card(
    card: TrialCard, *, heading: str, contact: bool = False, located: bool = False
) -> SafeString:
    return render_card(card, heading=heading, contact=contact, located=located)
