"""The curator's review screen: a trial's original eligibility text beside its proposed criteria.

At /admin/trials/trial/<id>/review/ a curator accepts, edits (type and params, checked by the
engine's one parser) or rejects each proposed criterion (or accepts every remaining `text`
line at once), and publishes the trial once every criterion is reviewed. Rejecting keeps the
protocol line: the criterion is removed when another criterion still carries the line, else
it becomes a reviewed `text` criterion ("the study team will check this"). Everything is a
plain form POST followed by a redirect, so the screen works without JavaScript. Only staff
who may change trials and eligibility criteria use it.

The publishing rule holds on the trial's change page too (`TrialAdminForm`): a trial is not
published while any of its criteria is unreviewed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from matcher import engine

from .models import (
    TYPE_CHOICES,
    CatalogueVersion,
    EligibilityCriterion,
    Trial,
    criterion_error_messages,
)

if TYPE_CHECKING:
    from collections.abc import Callable

CRITERION_PERMISSION = "trials.change_eligibilitycriterion"


class CriterionEditForm(forms.Form):
    """A curator's type and params for one criterion, checked by the engine's parser."""

    type = forms.ChoiceField(label=_("Type"), choices=TYPE_CHOICES)
    params = forms.CharField(
        label=_("Parameters (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 40}),
        help_text=_('For example {"min": 0, "max": 1} for ECOG 0-1; {} for none.'),
    )

    def __init__(self, *args: Any, criterion: EligibilityCriterion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criterion = criterion
        self.parsed_params: dict[str, Any] = {}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        raw = (cleaned.get("params") or "").strip() or "{}"
        try:
            params = json.loads(raw)
        except json.JSONDecodeError as error:
            self.add_error(
                "params",
                gettext("The parameters are not valid JSON: %(error)s") % {"error": error.msg},
            )
            return cleaned
        if not isinstance(params, dict):
            self.add_error("params", gettext('Give the parameters as a JSON object: {"min": 18}.'))
            return cleaned
        try:
            engine.parse_criterion(
                self.criterion.kind, cleaned.get("type"), params, self.criterion.text
            )
        except engine.CriterionError as error:
            for name, errors in criterion_error_messages(error).items():
                self.add_error(name if name in {"type", "params"} else "params", errors)
            return cleaned
        self.parsed_params = params
        return cleaned


class TrialAdminForm(forms.ModelForm[Trial]):
    """The trial change form, refusing to publish while criteria await review."""

    class Meta:
        model = Trial
        fields = ["published"]  # the admin's fieldsets add the others

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("published") and not self.initial.get("published"):
            waiting = self.unreviewed_after_save()
            if waiting:
                self.add_error(
                    "published",
                    ngettext(
                        "This trial cannot be published: %(count)d criterion is not reviewed "
                        "yet. Review it on the review screen first.",
                        "This trial cannot be published: %(count)d criteria are not reviewed "
                        "yet. Review them on the review screen first.",
                        waiting,
                    )
                    % {"count": waiting},
                )
        return cleaned

    def unreviewed_after_save(self) -> int:
        """Unreviewed criteria the trial would have, counting the inline criteria posted."""
        data = self.data
        try:
            total = int(data.get("criteria-TOTAL_FORMS", ""))
        except ValueError:
            pk = self.instance.pk
            return (
                EligibilityCriterion.objects.filter(trial_id=pk, reviewed=False).count()
                if pk
                else 0
            )
        count = 0
        for index in range(total):
            prefix = f"criteria-{index}-"
            if data.get(prefix + "DELETE") or not (
                data.get(prefix + "id") or data.get(prefix + "text")
            ):
                continue
            count += not data.get(prefix + "reviewed")
        return count


@dataclass
class ProtocolLine:
    """One protocol line and the criteria proposed from it."""

    kind: str
    line: int | None
    text: str
    # Each criterion with its edit form and its params as JSON.
    criteria: list[tuple[EligibilityCriterion, CriterionEditForm, str]] = field(
        default_factory=list
    )

    @property
    def text_changed(self) -> bool:
        return any(criterion.text_changed for criterion, _form, _params in self.criteria)

    @property
    def waiting(self) -> int:
        return sum(not criterion.reviewed for criterion, _form, _params in self.criteria)


def review_urls(model_admin: admin.ModelAdmin[Trial]) -> list[URLPattern]:
    """The review screen's URL, for `TrialAdmin.get_urls`."""

    def view(request: HttpRequest, object_id: str) -> HttpResponse:
        return review_trial(request, object_id, model_admin=model_admin)

    wrapped: Callable[..., HttpResponse] = model_admin.admin_site.admin_view(view)
    return [path("<path:object_id>/review/", wrapped, name="trials_trial_review")]


def review_url(trial: Trial) -> str:
    return reverse("admin:trials_trial_review", args=[trial.pk])


def review_trial(
    request: HttpRequest, object_id: str, *, model_admin: admin.ModelAdmin[Trial]
) -> HttpResponse:
    """Show the review screen, or apply one POSTed action and redirect back to it."""
    trial = model_admin.get_object(request, unquote(object_id))
    if trial is None:
        raise Http404
    if not (
        model_admin.has_change_permission(request, trial)
        and request.user.has_perm(CRITERION_PERMISSION)
    ):
        raise PermissionDenied
    edit_form: CriterionEditForm | None = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "publish":
            return _publish(request, trial)
        if action == "accept_text":
            count = trial.criteria.filter(
                type=EligibilityCriterion.Type.TEXT, reviewed=False
            ).update(reviewed=True, text_changed=False)
            CatalogueVersion.bump()  # a bulk update sends no signal
            messages.success(
                request,
                ngettext(
                    "%(count)d line checked by the study team accepted.",
                    "%(count)d lines checked by the study team accepted.",
                    count,
                )
                % {"count": count},
            )
            return HttpResponseRedirect(review_url(trial))
        criterion = trial.criteria.filter(pk=request.POST.get("criterion") or 0).first()
        if criterion is None:
            messages.error(request, gettext("That criterion is not one of this trial's."))
            return HttpResponseRedirect(review_url(trial))
        match action:
            case "accept":
                _accept(criterion)
                messages.success(request, gettext("Criterion accepted."))
            case "reject":
                kept = _reject(criterion)
                messages.success(
                    request,
                    gettext("Proposal rejected; the protocol line is kept as text.")
                    if kept
                    else gettext("Proposal rejected."),
                )
            case "edit":
                edit_form = CriterionEditForm(
                    request.POST, criterion=criterion, auto_id=f"id_criterion_{criterion.pk}_%s"
                )
                if edit_form.is_valid():
                    criterion.type = edit_form.cleaned_data["type"]
                    criterion.params = edit_form.parsed_params
                    _accept(criterion)
                    messages.success(request, gettext("Criterion saved and marked reviewed."))
                else:
                    messages.error(request, gettext("The criterion was not saved: see below."))
                    return _render(request, model_admin, trial, edit_form, status=400)
            case _:
                messages.error(request, gettext("Unknown action."))
        return HttpResponseRedirect(f"{review_url(trial)}#criterion-{criterion.pk}")
    return _render(request, model_admin, trial, edit_form)


def _accept(criterion: EligibilityCriterion) -> None:
    criterion.reviewed = True
    criterion.text_changed = False
    criterion.save(update_fields=["type", "params", "reviewed", "text_changed", "updated_at"])


@transaction.atomic
def _reject(criterion: EligibilityCriterion) -> bool:
    """Drop a proposal; the line's last criterion becomes reviewed text. True if kept as text."""
    siblings = EligibilityCriterion.objects.filter(
        trial_id=criterion.trial_id, kind=criterion.kind, line=criterion.line, text=criterion.text
    ).exclude(pk=criterion.pk)
    if siblings.exists():
        criterion.delete()
        return False
    criterion.type = EligibilityCriterion.Type.TEXT
    criterion.params = {}
    _accept(criterion)
    return True


def _publish(request: HttpRequest, trial: Trial) -> HttpResponse:
    waiting = trial.criteria.filter(reviewed=False).count()
    if waiting:
        messages.error(
            request,
            ngettext(
                "Not published: %(count)d criterion is not reviewed yet.",
                "Not published: %(count)d criteria are not reviewed yet.",
                waiting,
            )
            % {"count": waiting},
        )
    elif trial.published:
        messages.info(request, gettext("The trial is already published."))
    else:
        trial.published = True
        trial.save(update_fields=["published", "updated_at"])
        messages.success(request, gettext("The trial is published."))
    return HttpResponseRedirect(review_url(trial))


def _render(
    request: HttpRequest,
    model_admin: admin.ModelAdmin[Trial],
    trial: Trial,
    edit_form: CriterionEditForm | None,
    *,
    status: int = 200,
) -> HttpResponse:
    lines: list[ProtocolLine] = []
    for criterion in trial.criteria.all():
        if not lines or (lines[-1].kind, lines[-1].line, lines[-1].text) != (
            criterion.kind,
            criterion.line,
            criterion.text,
        ):
            lines.append(ProtocolLine(criterion.kind, criterion.line, criterion.text))
        form = (
            edit_form
            if edit_form is not None and edit_form.criterion.pk == criterion.pk
            else CriterionEditForm(
                initial={"type": criterion.type, "params": json.dumps(criterion.params)},
                criterion=criterion,
                auto_id=f"id_criterion_{criterion.pk}_%s",
            )
        )
        lines[-1].criteria.append((criterion, form, json.dumps(criterion.params)))
    total = sum(len(line.criteria) for line in lines)
    waiting = sum(line.waiting for line in lines)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": gettext("Review criteria: %(trial)s") % {"trial": trial},
        "opts": Trial._meta,
        "trial": trial,
        "lines": lines,
        "total": total,
        "waiting": waiting,
        "changed": sum(line.text_changed for line in lines),
        "can_publish": waiting == 0 and not trial.published,
        "text_waiting": trial.criteria.filter(
            type=EligibilityCriterion.Type.TEXT, reviewed=False
        ).count(),
        "unmapped_terms": trial.unmapped_condition_terms(),
    }
    return TemplateResponse(request, "admin/trials/trial/review.html", context, status=status)
