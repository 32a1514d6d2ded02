"""The trial catalogue: trials, the condition tree, sites, eligibility criteria and FAQ entries."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Case, OuterRef, Q, StringAgg, Subquery, Value, When
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from parler.models import TranslatableModelMixin, TranslatedFields

from matcher import engine
from trials.importers.synonyms import code_for

if TYPE_CHECKING:
    from collections.abc import Iterable


def _is_chinese() -> bool:
    return (get_language() or "").lower().startswith("zh")


# The one language the catalogue's own texts are translated into. Registries publish in English:
# the English fields are the source, the importers write only them, and a translation lives in a
# table of its own (django-parler), so no import or sync can overwrite or clear it.
TRANSLATION_LANGUAGE = "zh-hans"
TRANSLATION_HTML_LANG = "zh-Hans"


class Local(str):
    """A text in the language it is shown in: `lang` is its HTML language ("en", "zh-Hans")."""

    lang: str

    def __new__(cls, text: str, lang: str) -> Local:
        local = super().__new__(cls, text)
        local.lang = lang
        return local


def translated_prefetches(*lookups: str) -> list[str]:
    """The prefetch lookups for translations (`"translations"`, `"criteria__translations"`...)
    when the page is Chinese; none on an English page, which never reads them."""
    return list(lookups) if _is_chinese() else []


def _translation(obj: models.Model) -> Any:
    """The object's Chinese translation row when the page is Chinese, else None.

    Reads prefetched `translations` when the view prefetched them (one query for a whole list).
    """
    if not _is_chinese():
        return None
    for translation in obj.translations.all():  # type: ignore[attr-defined]
        if translation.language_code == TRANSLATION_LANGUAGE:
            return translation
    return None


def _local(translation: Any, name: str, english: str) -> Local:
    text = getattr(translation, name, "") if translation is not None else ""
    if text:
        return Local(text, TRANSLATION_HTML_LANG)
    return Local(english, "en")


class Condition(models.Model):
    """A node of the condition tree: OncoTree tissue codes under SOLID, plus the liquid ones."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_zh_hans = models.CharField(_("name (Simplified Chinese)"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")

    def __str__(self) -> str:
        return f"{self.display_name} ({self.code})"

    @property
    def display_name(self) -> str:
        """The name in the active language."""
        if _is_chinese() and self.name_zh_hans:
            return self.name_zh_hans
        return self.name


SEARCH_CONFIG = "english"


def recruitment_rank() -> Case:
    """0 for a recruiting trial, 1 for one not yet recruiting, 2 for the rest.

    `Trial.recruitment_rank` stores it; the statuses are spelled out because it is declared
    inside `Trial`, before `Trial.Status` exists.
    """
    return Case(
        When(overall_status="RECRUITING", then=Value(0)),
        When(overall_status="NOT_YET_RECRUITING", then=Value(1)),
        default=Value(2),
        output_field=models.IntegerField(),
    )


class TrialQuerySet(models.QuerySet["Trial"]):
    def published(self) -> TrialQuerySet:
        return self.filter(published=True)

    def recruiting_first(self) -> TrialQuerySet:
        """Recruiting trials first, then those not yet recruiting, then the rest; each by title.

        Keeps an ordering the queryset already has (a search's) after the recruitment rank.
        The rank is a stored generated column, and the published trials in this order are an
        index (`trial_recruiting_first`): a page of the list reads its twenty rows instead of
        sorting the whole catalogue.
        """
        ordering = [*self.query.order_by] or [*(Trial._meta.ordering or ())]
        return self.order_by("recruitment_rank", *ordering, "pk")

    def search(self, text: str) -> TrialQuerySet:
        """Trials whose titles, NCT ID, sponsor, summary or conditions mention every word.

        On PostgreSQL, English words go through full-text search on the stored, GIN-indexed
        `search_document` (stemmed: "tumours" finds "tumour"); text in other scripts, and
        every search on SQLite, compares substrings.
        """
        words = text.split()[:10]
        if connection.vendor == "postgresql" and " ".join(words).isascii():
            query = SearchQuery(" ".join(words), config=SEARCH_CONFIG, search_type="plain")
            return self.filter(search_document=query)
        qs = self
        through = Trial.conditions.through.objects
        for word in words:
            # Conditions through a subquery, not a join: no duplicate rows to DISTINCT away.
            conditions = through.filter(
                Q(condition__name__icontains=word)
                | Q(condition__name_zh_hans__icontains=word)
                | Q(condition__code__iexact=word)
            )
            qs = qs.filter(
                Q(brief_title__icontains=word)
                | Q(official_title__icontains=word)
                | Q(nct_id__icontains=word)
                | Q(sponsor__icontains=word)
                | Q(brief_summary__icontains=word)
                | Q(pk__in=conditions.values("trial_id"))
            )
        return qs

    def refresh_search_documents(self) -> int:
        """Recompute the stored search document of these trials (PostgreSQL only)."""
        if connection.vendor != "postgresql":
            return 0
        through = Trial.conditions.through
        condition_words = Subquery(
            through.objects.filter(trial_id=OuterRef("pk"))
            .order_by()
            .values("trial_id")
            .annotate(
                words=StringAgg(
                    Concat(
                        "condition__code",
                        Value(" "),
                        "condition__name",
                        Value(" "),
                        "condition__name_zh_hans",
                    ),
                    delimiter=Value(" "),
                )
            )
            .values("words")  # type: ignore[misc]  # an annotation the stubs do not see
        )
        return self.update(
            search_document=SearchVector("brief_title", weight="A", config=SEARCH_CONFIG)
            + SearchVector(
                "nct_id",
                "official_title",
                "sponsor",
                "brief_summary",
                condition_words,
                weight="B",
                config=SEARCH_CONFIG,
            )
        )

    def for_condition(self, condition: Condition) -> TrialQuerySet:
        """Trials for this condition, its descendants or its ancestors (SOLID covers NPC)."""
        codes = set(condition_tree().ancestors(condition.code))
        codes |= condition_descendants(condition.code)
        return self.filter(conditions__code__in=codes).distinct()


class Trial(TranslatableModelMixin, models.Model):
    """A clinical trial as the catalogue shows it."""

    class Phase(models.TextChoices):
        EARLY_PHASE1 = "EARLY_PHASE1", _("Early phase 1")
        PHASE1 = "PHASE1", _("Phase 1")
        PHASE1_PHASE2 = "PHASE1_PHASE2", _("Phase 1/2")
        PHASE2 = "PHASE2", _("Phase 2")
        PHASE2_PHASE3 = "PHASE2_PHASE3", _("Phase 2/3")
        PHASE3 = "PHASE3", _("Phase 3")
        PHASE4 = "PHASE4", _("Phase 4")
        NA = "NA", _("Not applicable")

    class Status(models.TextChoices):
        NOT_YET_RECRUITING = "NOT_YET_RECRUITING", _("Not yet recruiting")
        RECRUITING = "RECRUITING", _("Recruiting")
        ENROLLING_BY_INVITATION = "ENROLLING_BY_INVITATION", _("Enrolling by invitation")
        ACTIVE_NOT_RECRUITING = "ACTIVE_NOT_RECRUITING", _("Active, not recruiting")
        SUSPENDED = "SUSPENDED", _("Suspended")
        TERMINATED = "TERMINATED", _("Terminated")
        COMPLETED = "COMPLETED", _("Completed")
        WITHDRAWN = "WITHDRAWN", _("Withdrawn")
        UNKNOWN = "UNKNOWN", _("Recruitment status not stated")

    class Sex(models.TextChoices):
        ALL = "ALL", _("All")
        FEMALE = "FEMALE", _("Female")
        MALE = "MALE", _("Male")

    class Coverage(models.TextChoices):
        FULL = "full", _("Full inclusion and exclusion criteria")
        SUMMARY = "summary", _("Summary only (full criteria not published)")

    nct_id = models.CharField(
        _("NCT ID"),
        max_length=11,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The ClinicalTrials.gov identifier, e.g. NCT06839066."),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    brief_title = models.CharField(_("brief title"), max_length=500)
    official_title = models.TextField(_("official title"), blank=True)
    phase = models.CharField(_("phase"), max_length=16, choices=Phase, default=Phase.NA)
    overall_status = models.CharField(
        _("overall status"), max_length=32, choices=Status, default=Status.UNKNOWN
    )
    sponsor = models.CharField(_("sponsor"), max_length=300, blank=True)
    brief_summary = models.TextField(_("brief summary"), blank=True)
    detailed_description = models.TextField(_("detailed description"), blank=True)
    eligibility_text = models.TextField(
        _("eligibility text"),
        blank=True,
        help_text=_("The eligibility criteria as the source gives them."),
    )
    eligibility_coverage = models.CharField(
        _("eligibility coverage"),
        max_length=8,
        choices=Coverage,
        default=Coverage.FULL,
        help_text=_(
            "Summary: only a summary of the eligibility is known; such a trial is shown as "
            "at most possibly eligible."
        ),
    )
    minimum_age_years = models.PositiveSmallIntegerField(
        _("minimum age (years)"), null=True, blank=True
    )
    maximum_age_years = models.PositiveSmallIntegerField(
        _("maximum age (years)"), null=True, blank=True
    )
    sex = models.CharField(_("sex"), max_length=8, choices=Sex, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    completion_date = models.DateField(_("primary completion date"), null=True, blank=True)
    conditions = models.ManyToManyField(
        Condition, related_name="trials", blank=True, verbose_name=_("conditions")
    )
    condition_terms = models.JSONField(
        _("condition terms"),
        default=list,
        blank=True,
        help_text=_("The conditions as the source names them."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    published = models.BooleanField(_("published"), default=False)
    held_back = models.BooleanField(
        _("held back"),
        default=False,
        help_text=_("Never published by an import or a registry sync until a curator clears this."),
    )
    closed_on = models.DateField(
        _("closed on"),
        null=True,
        blank=True,
        help_text=_(
            "When a registry sync found the study closed (the registry's last update date); "
            "it was unpublished then."
        ),
    )
    registry_updated_on = models.DateField(
        _("registry last update"),
        null=True,
        blank=True,
        help_text=_("The registry's last update date of the record the catalogue holds."),
    )
    registry_hash = models.CharField(
        _("registry content hash"), max_length=64, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    search_document = SearchVectorField(null=True, blank=True, editable=False)
    # Kept by the database from the status, so that the list's order has an index.
    recruitment_rank = models.GeneratedField(
        expression=recruitment_rank(),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )

    # The site's own translation of the registry's texts; the English fields stay the source.
    translations = TranslatedFields(
        translated_title=models.CharField(_("brief title, translated"), max_length=500, blank=True),
        translated_official_title=models.TextField(_("official title, translated"), blank=True),
        translated_summary=models.TextField(_("brief summary, translated"), blank=True),
        translated_description=models.TextField(_("detailed description, translated"), blank=True),
        meta={"verbose_name": _("trial translation")},
    )

    objects = TrialQuerySet.as_manager()

    class Meta:
        ordering = ["brief_title"]
        verbose_name = _("trial")
        verbose_name_plural = _("trials")
        indexes = [
            models.Index(fields=["published", "brief_title"], name="trial_list_order"),
            models.Index(fields=["published", "overall_status"], name="trial_published_status"),
            # The list's order (`TrialQuerySet.recruiting_first`) over published trials.
            models.Index(
                fields=["published", "recruitment_rank", "brief_title", "id"],
                name="trial_recruiting_first",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum_age_years__isnull=True)
                | Q(maximum_age_years__isnull=True)
                | Q(minimum_age_years__lte=models.F("maximum_age_years")),
                name="trial_age_range_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.nct_id} {self.brief_title}" if self.nct_id else self.brief_title

    def get_absolute_url(self) -> str:
        return reverse("trials:trial_detail", args=[self.slug])

    @property
    def key(self) -> str:
        """The public identifier: the NCT ID when registered, else the slug."""
        return self.nct_id or self.slug

    @property
    def is_recruiting(self) -> bool:
        return self.overall_status in {self.Status.RECRUITING, self.Status.NOT_YET_RECRUITING}

    @property
    def is_closed(self) -> bool:
        """Closed upstream: the registry lists it as completed, withdrawn, suspended or ended."""
        return self.overall_status in CLOSED_STATUSES

    @property
    def source_language(self) -> str:
        """The language of the trial's own texts (titles, summaries, protocol lines).

        Registries publish in English; pages mark these texts with this language so screen
        readers pronounce them correctly inside a Chinese page.
        """
        return "en"

    @property
    def translated(self) -> bool:
        """Whether the page's language is Chinese and a curator's translation of it exists."""
        translation = _translation(self)
        return translation is not None and bool(translation.translated_title)

    @property
    def needs_translation(self) -> bool:
        """A Chinese page of a trial nobody has translated yet (the page says so)."""
        return _is_chinese() and not self.translated

    @property
    def local_title(self) -> Local:
        """The brief title in the page's language when translated, else the English."""
        return _local(_translation(self), "translated_title", self.brief_title)

    @property
    def local_official_title(self) -> Local:
        return _local(_translation(self), "translated_official_title", self.official_title)

    @property
    def local_summary(self) -> Local:
        return _local(_translation(self), "translated_summary", self.brief_summary)

    @property
    def local_description(self) -> Local:
        return _local(_translation(self), "translated_description", self.detailed_description)

    @property
    def registry_url(self) -> str:
        return f"https://clinicaltrials.gov/study/{self.nct_id}" if self.nct_id else ""

    def contact_sites(self) -> list[Site]:
        """The sites that take messages: the recruiting ones, else the central study team.

        The central team answers for a trial that lists no recruiting site, whatever its status.
        """
        sites = [site for site in self.sites.all() if site.is_recruiting]
        return sites or [site for site in self.sites.all() if site.is_central_contact]

    @property
    def summary_only(self) -> bool:
        """Whether only a summary of the eligibility is known (not the protocol's lists)."""
        return self.eligibility_coverage == self.Coverage.SUMMARY

    @property
    def read_automatically(self) -> bool:
        """Whether some computable criterion was read from the text and not yet reviewed."""
        return any(
            not criterion.reviewed and criterion.type != EligibilityCriterion.Type.TEXT
            for criterion in self.criteria.all()
        )

    def unmapped_condition_terms(self) -> list[str]:
        """The source's condition names the synonym table does not know (kept as text only)."""
        return [str(term) for term in self.condition_terms or [] if code_for(str(term)) is None]

    def eligibility_lines(self) -> dict[str, list[Local]]:
        """The protocol's inclusion and exclusion lines, each once, in protocol order.

        Several typed criteria may come from one protocol line; the page shows the line once,
        in Chinese on a Chinese page when any criterion of the line carries a translation.
        """
        lines: dict[str, list[Local]] = {"inclusion": [], "exclusion": []}
        positions: dict[tuple[str, int], int] = {}
        for criterion in self.criteria.all():
            text = criterion.local_text
            if criterion.line is not None:
                key = (criterion.kind, criterion.line)
                if key in positions:
                    index = positions[key]
                    if lines[criterion.kind][index].lang == "en" and text.lang != "en":
                        lines[criterion.kind][index] = text
                    continue
                positions[key] = len(lines[criterion.kind])
            lines[criterion.kind].append(text)
        return lines

    def to_engine(self) -> engine.TrialSpec:
        """This trial's criteria as the engine's immutable specification."""
        return engine.TrialSpec(
            key=self.key,
            criteria=tuple(c.to_engine() for c in self.criteria.all()),
            coverage=engine.Coverage(self.eligibility_coverage),
            recruiting=self.overall_status == self.Status.RECRUITING,
        )


# Statuses that end recruitment for good or for now: a registry sync unpublishes these trials.
CLOSED_STATUSES = frozenset(
    {
        Trial.Status.COMPLETED,
        Trial.Status.WITHDRAWN,
        Trial.Status.SUSPENDED,
        Trial.Status.TERMINATED,
    }
)


INTERVENTION_TYPES = {
    "DRUG": _("drug"),
    "BIOLOGICAL": _("biological"),
    "DEVICE": _("device"),
    "PROCEDURE": _("procedure"),
    "RADIATION": _("radiation"),
    "BEHAVIORAL": _("behavioural"),
    "GENETIC": _("genetic"),
    "DIETARY_SUPPLEMENT": _("dietary supplement"),
    "COMBINATION_PRODUCT": _("combination product"),
    "DIAGNOSTIC_TEST": _("diagnostic test"),
    "OTHER": _("other"),
}


class Intervention(models.Model):
    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="interventions")
    type = models.CharField(_("type"), max_length=40, blank=True)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["trial", "order", "pk"]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")

    def __str__(self) -> str:
        return f"{self.type}: {self.name}" if self.type else self.name

    @property
    def type_display(self) -> str:
        """The registry's intervention type in the active language."""
        return str(INTERVENTION_TYPES.get(self.type.upper(), self.type.lower()))


class Outcome(models.Model):
    class Kind(models.TextChoices):
        PRIMARY = "primary", _("Primary")
        SECONDARY = "secondary", _("Secondary")

    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    measure = models.TextField(_("measure"))
    description = models.TextField(_("description"), blank=True)
    time_frame = models.TextField(_("time frame"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["trial", "kind", "order", "pk"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self) -> str:
        return self.measure[:80]


class Site(TranslatableModelMixin, models.Model):
    """A place running the trial; its coordinators review the contact requests sent to it."""

    class Status(models.TextChoices):
        RECRUITING = "RECRUITING", _("Recruiting")
        NOT_YET_RECRUITING = "NOT_YET_RECRUITING", _("Not yet recruiting")
        ACTIVE_NOT_RECRUITING = "ACTIVE_NOT_RECRUITING", _("Active, not recruiting")
        ENROLLING_BY_INVITATION = "ENROLLING_BY_INVITATION", _("Enrolling by invitation")
        SUSPENDED = "SUSPENDED", _("Suspended")
        TERMINATED = "TERMINATED", _("Terminated")
        COMPLETED = "COMPLETED", _("Completed")
        WITHDRAWN = "WITHDRAWN", _("Withdrawn")
        UNKNOWN = "UNKNOWN", _("Recruitment status not stated")

    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="sites")
    facility = models.CharField(_("facility"), max_length=300)
    city = models.CharField(_("city"), max_length=120, blank=True)
    state = models.CharField(_("state or province"), max_length=120, blank=True)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    country = models.CharField(_("country"), max_length=120, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    contacts = models.JSONField(
        _("contacts"),
        default=list,
        blank=True,
        help_text=_("Every contact the registry lists for the site (name, role, email, phone)."),
    )
    status = models.CharField(
        _("recruitment status"), max_length=32, choices=Status, default=Status.RECRUITING
    )
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    is_central_contact = models.BooleanField(
        _("central study team"),
        default=False,
        help_text=_("Stands in for the study team until real sites are added."),
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="coordinated_sites",
        blank=True,
        verbose_name=_("coordinators"),
    )
    translations = TranslatedFields(
        translated_facility=models.CharField(_("facility, translated"), max_length=300, blank=True),
        meta={"verbose_name": _("site translation")},
    )

    class Meta:
        ordering = ["trial", "country", "city", "facility"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        constraints = [
            models.UniqueConstraint(
                fields=["trial", "facility", "city"], name="site_unique_per_trial"
            )
        ]

    def __str__(self) -> str:
        place = ", ".join(part for part in (self.city, self.country) if part)
        return f"{self.facility} ({place})" if place else self.facility

    @property
    def is_recruiting(self) -> bool:
        return self.status in {self.Status.RECRUITING, self.Status.NOT_YET_RECRUITING}

    @property
    def local_facility(self) -> Local:
        """The facility's name in the page's language when translated, else as registered."""
        return _local(_translation(self), "translated_facility", self.facility)


KIND_LABELS = {engine.Kind.INCLUSION: _("Inclusion"), engine.Kind.EXCLUSION: _("Exclusion")}
TYPE_LABELS = {
    engine.CriterionType.AGE: _("Age"),
    engine.CriterionType.SEX: _("Sex"),
    engine.CriterionType.DIAGNOSIS: _("Diagnosis"),
    engine.CriterionType.DISEASE_STATUS: _("Disease status"),
    engine.CriterionType.PRIOR_LINES: _("Prior lines of therapy"),
    engine.CriterionType.PRIOR_THERAPY: _("Prior therapy"),
    engine.CriterionType.ECOG: _("ECOG performance status"),
    engine.CriterionType.WASHOUT: _("Washout since last treatment"),
    engine.CriterionType.LIFE_EXPECTANCY: _("Life expectancy"),
    engine.CriterionType.MEASURABLE_DISEASE: _("Measurable disease"),
    engine.CriterionType.FLAG: _("Yes/no question"),
    engine.CriterionType.TEXT: _("Checked by the study team"),
}
# Built from the engine's enums: a type the engine adds without a label fails here, at import.
KIND_CHOICES = [(kind.value, KIND_LABELS[kind]) for kind in engine.Kind]
TYPE_CHOICES = [(type_.value, TYPE_LABELS[type_]) for type_ in engine.CriterionType]


class EligibilityCriterion(TranslatableModelMixin, models.Model):
    """One protocol line, typed for the engine where it can be computed, else `text`."""

    # The engine owns the kinds and types; the model only adds their translated labels.
    Kind = engine.Kind
    Type = engine.CriterionType

    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="criteria")
    kind = models.CharField(_("kind"), max_length=10, choices=KIND_CHOICES)
    type = models.CharField(
        _("type"), max_length=20, choices=TYPE_CHOICES, default=engine.CriterionType.TEXT.value
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    text = models.TextField(_("protocol text"), help_text=_("The sentence from the protocol."))
    line = models.PositiveSmallIntegerField(
        _("protocol line"),
        null=True,
        blank=True,
        help_text=_(
            "The number of the protocol line it comes from; one line may give several criteria."
        ),
    )
    scope = models.CharField(
        _("applies to"),
        max_length=200,
        blank=True,
        help_text=_(
            "Empty for everyone; otherwise the cohort, part or arm of the study this line "
            "applies to."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    reviewed = models.BooleanField(
        _("reviewed"), default=False, help_text=_("A curator has checked the type and parameters.")
    )
    text_changed = models.BooleanField(
        _("protocol text changed"),
        default=False,
        help_text=_(
            "A re-import found new wording for this protocol line (or new registry age or sex "
            "limits): check the type and parameters again."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    translations = TranslatedFields(
        translated_text=models.TextField(
            _("protocol text, translated"),
            blank=True,
            help_text=_("The site's translation of the sentence; the protocol's English rules."),
        ),
        meta={"verbose_name": _("criterion translation")},
    )

    class Meta:
        ordering = ["trial", "kind", "order", "pk"]
        verbose_name = _("eligibility criterion")
        verbose_name_plural = _("eligibility criteria")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.order}: {self.text[:60]}"

    @property
    def local_text(self) -> Local:
        """The protocol sentence in the page's language when translated, else the English.

        A line whose wording a re-import changed shows the English until a curator checks it:
        its translation was made from the old wording.
        """
        if self.text_changed:
            return Local(self.text, "en")
        return _local(_translation(self), "translated_text", self.text)

    def clean(self) -> None:
        """Validate type and params through the engine's one parser."""
        try:
            self.to_engine()
        except engine.CriterionError as error:
            raise ValidationError(criterion_error_messages(error)) from error

    def to_engine(self) -> engine.Criterion:
        return engine.parse_criterion(
            self.kind,
            self.type,
            self.params,
            self.text,
            id=self.pk,
            scope=self.scope,
            reviewed=self.reviewed,
        )


def translation_of(obj: Any) -> Any:
    """The object's Chinese translation row, or None (one query)."""
    return obj.translations.filter(language_code=TRANSLATION_LANGUAGE).first()


def set_translation(obj: Any, **values: str) -> None:
    """Write the object's Chinese translation (a curator's edit): creates the row if needed."""
    translation = translation_of(obj) or obj.translations.model(
        master=obj, language_code=TRANSLATION_LANGUAGE
    )
    for name, value in values.items():
        setattr(translation, name, value.strip())
    translation.save()


def translated_texts(
    trial_ids: Iterable[int], criterion_ids: Iterable[int]
) -> tuple[dict[int, str], dict[int, str]]:
    """The Chinese titles of these trials and texts of these criteria, by row id (two queries).

    Empty on a page that is not Chinese; a trial or criterion with no translation is left out.
    """
    if not _is_chinese():
        return {}, {}
    trial_model = Trial.translations.rel.related_model
    criterion_model = EligibilityCriterion.translations.rel.related_model
    titles = dict(
        trial_model.objects.filter(
            master_id__in=list(trial_ids), language_code=TRANSLATION_LANGUAGE
        )
        .exclude(translated_title="")
        .values_list("master_id", "translated_title")
    )
    texts = dict(
        criterion_model.objects.filter(
            master_id__in=list(criterion_ids), language_code=TRANSLATION_LANGUAGE
        )
        .exclude(translated_text="")
        .exclude(master__text_changed=True)  # made from wording a re-import replaced
        .values_list("master_id", "translated_text")
    )
    return titles, texts


def criterion_error_messages(error: engine.CriterionError) -> dict[str, list[str]]:
    """Map the parser's error keys onto the model's fields ("params.min" -> "params")."""
    messages: dict[str, list[str]] = {}
    for key, items in error.errors.items():
        field = key.split(".", 1)[0]
        if field not in {"kind", "type", "params"}:
            field = "params"
        prefix = f"{key.split('.', 1)[1]}: " if "." in key else ""
        messages.setdefault(field, []).extend(prefix + item for item in items)
    return messages


class FAQ(models.Model):
    """A question and answer shown on trial pages; general when no trial is set."""

    trial = models.ForeignKey(
        Trial,
        on_delete=models.CASCADE,
        related_name="faqs",
        null=True,
        blank=True,
        help_text=_("Leave empty for a question shown on every trial page."),
    )
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer"))
    question_zh_hans = models.CharField(
        _("question (Simplified Chinese)"), max_length=300, blank=True
    )
    answer_zh_hans = models.TextField(_("answer (Simplified Chinese)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")

    def __str__(self) -> str:
        return self.question

    @property
    def display_question(self) -> str:
        return self.question_zh_hans if _is_chinese() and self.question_zh_hans else self.question

    @property
    def display_answer(self) -> str:
        return self.answer_zh_hans if _is_chinese() and self.answer_zh_hans else self.answer


class PublishedSummary(NamedTuple):
    """What the trial list reads of the whole catalogue, kept until the catalogue changes."""

    version: int
    condition_ids: frozenset[int]
    countries: tuple[str, ...]  # of the sites of published trials, sorted
    counts: dict[object, int]  # the number of trials each search finds, by search


_published = PublishedSummary(-1, frozenset(), (), {})


def published_summary() -> PublishedSummary:
    """The catalogue version, with the conditions and site countries of its published trials
    (for the list's filters) and room for the counts of searches in it.

    Recomputed only when the catalogue changes (trials, their conditions and sites bump the
    version): each is a scan over every published trial, dearer than the rest of the page.
    """
    global _published
    version = CatalogueVersion.current()
    if _published.version != version:
        ids = frozenset(
            Trial.conditions.through.objects.filter(trial__published=True)
            .values_list("condition_id", flat=True)
            .distinct()
        )
        countries = tuple(
            Site.objects.filter(trial__published=True)
            .exclude(country="")
            .values_list("country", flat=True)
            .distinct()
            .order_by("country")
        )
        _published = PublishedSummary(version, ids, countries, {})
    return _published


def forget_published_conditions() -> None:
    """Drop the remembered summary (tests roll the version counter back)."""
    global _published
    _published = PublishedSummary(-1, frozenset(), (), {})


def condition_tree() -> engine.ConditionTree:
    """The condition tree as the engine reads it (one small query)."""
    rows: Iterable[tuple[str, str | None]] = Condition.objects.values_list("code", "parent__code")
    return engine.ConditionTree(dict(rows))


def condition_descendants(code: str) -> set[str]:
    """The codes below `code` in the tree, itself included."""
    children: dict[str | None, list[str]] = {}
    for child, parent in Condition.objects.values_list("code", "parent__code"):
        children.setdefault(parent, []).append(child)
    found, stack = set(), [code]
    while stack:
        current = stack.pop()
        found.add(current)
        stack.extend(children.get(current, []))
    return found


class CatalogueVersion(models.Model):
    """One row whose number changes whenever something that matching reads changes.

    Trials (publishing, ages, texts), their criteria and conditions, and the condition tree bump
    it in the same transaction as the change (see `trials.signals`), so anything that caches
    the compiled catalogue, or remembers what it matched against, compares one integer.
    """

    version = models.PositiveBigIntegerField(default=0)
    # What only the pages show (FAQs, treatments, outcomes, translations) moves this one: a
    # page cached under both numbers is current while neither has moved.
    pages = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("catalogue version")

    def __str__(self) -> str:
        return str(self.version)

    @classmethod
    def current(cls) -> int:
        """The version now (0 before the first change).

        Every request that matches asks this first: one plain statement, without building an
        ORM query each time (a tenth of the time).
        """
        return cls.page_stamp()[0]

    @classmethod
    def page_stamp(cls) -> tuple[int, int]:
        """The version and the pages' own number, in one plain statement ((0, 0) at first)."""
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote('version')}, {quote('pages')} FROM {quote(cls._meta.db_table)} "
                f"WHERE {quote('id')} = %s",
                [1],
            )
            row = cursor.fetchone()
        return (int(row[0] or 0), int(row[1] or 0)) if row else (0, 0)

    @classmethod
    def bump(cls) -> None:
        """Move the version on, atomically, inside the caller's transaction."""
        if not cls.objects.filter(pk=1).update(version=models.F("version") + 1):
            cls.objects.get_or_create(pk=1, defaults={"version": 1})

    @classmethod
    def bump_pages(cls) -> None:
        """Move the pages' number on: something a trial's page shows, and matching does not
        read, changed (inside the caller's transaction)."""
        if not cls.objects.filter(pk=1).update(pages=models.F("pages") + 1):
            cls.objects.get_or_create(pk=1, defaults={"pages": 1})


class SyncRun(models.Model):
    """One run of `sync_ctgov`: what it asked, what it did, and what failed (NCT ID -> reason)."""

    class Outcome(models.TextChoices):
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome, default=Outcome.RUNNING
    )
    full = models.BooleanField(_("full sync"), default=False)
    since = models.DateField(_("updated since"), null=True, blank=True)
    resumed = models.BooleanField(
        _("resumed"), default=False, help_text=_("Went on from where an interrupted run stopped.")
    )
    pages = models.PositiveIntegerField(_("pages"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    closed = models.PositiveIntegerField(_("closed"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    failures = models.JSONField(
        _("failures"), default=dict, blank=True, help_text=_("NCT ID -> why it was not imported.")
    )
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("registry sync run")
        verbose_name_plural = _("registry sync runs")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.get_outcome_display()}"

    def summary(self) -> dict[str, int]:
        """The counts `sync_ctgov` prints."""
        return {
            "pages": self.pages,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "closed": self.closed,
            "failed": self.failed,
        }


class SyncState(models.Model):
    """The registry sync's memory, one row: the high-water mark and where a run stopped.

    `high_water` is the latest registry update date a successful run saw; the next incremental
    run asks for studies updated on or after it. `cursor` is the position of an unfinished run
    (its query, stage and next page token), so the next run resumes there; it is empty after a
    run that finished.
    """

    high_water = models.DateField(_("high-water mark"), null=True, blank=True)
    cursor = models.JSONField(_("resume position"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("registry sync state")

    def __str__(self) -> str:
        return str(self.high_water or "-")

    @classmethod
    def load(cls) -> SyncState:
        """The one row, created on first use."""
        state, _created = cls.objects.get_or_create(pk=1)
        return state
