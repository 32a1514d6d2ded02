"""The catalogue version counter, and the compiled catalogue each worker keeps."""

from __future__ import annotations

import datetime
import threading
import zlib
from collections.abc import Callable
from dataclasses import replace

import pytest
from django.core.signals import request_finished
from django.db import transaction

from matcher import engine
from matcher.catalogue import CatalogueCache, PublishedCatalogue, build_catalogue
from trials.models import CatalogueVersion, Condition, EligibilityCriterion, Trial

pytestmark = pytest.mark.django_db


def make_trial(slug: str = "version-trial", published: bool = True) -> Trial:
    return Trial.objects.create(slug=slug, brief_title=f"Trial {slug}", published=published)


def bumps(change: Callable[[], object]) -> int:
    """How far `change` moves the version."""
    before = CatalogueVersion.current()
    change()
    return CatalogueVersion.current() - before


def test_current_and_bump_count_changes():
    start = CatalogueVersion.current()
    CatalogueVersion.bump()
    CatalogueVersion.bump()
    assert CatalogueVersion.current() == start + 2
    assert CatalogueVersion.objects.count() == 1


def test_bump_creates_the_row_when_it_is_missing():
    CatalogueVersion.objects.all().delete()
    assert CatalogueVersion.current() == 0
    CatalogueVersion.bump()
    assert CatalogueVersion.current() == 1


def test_trial_publish_unpublish_and_edit_each_bump():
    trial = make_trial(published=False)
    trial.published = True
    assert bumps(trial.save) >= 1
    trial.published = False
    assert bumps(trial.save) >= 1
    trial.brief_title = "A new title"
    assert bumps(trial.save) >= 1
    assert bumps(trial.delete) >= 1


def test_criteria_add_change_and_delete_each_bump():
    trial = make_trial()

    def add() -> EligibilityCriterion:
        return EligibilityCriterion.objects.create(
            trial=trial, kind="inclusion", type="age", params={"min": 18}, text="Adults"
        )

    assert bumps(add) == 1
    criterion = trial.criteria.get()
    criterion.params = {"min": 21}
    assert bumps(criterion.save) == 1
    assert bumps(criterion.delete) == 1


def test_condition_tree_changes_bump():
    solid = Condition.objects.get(code="SOLID")
    new = Condition(code="NEWX", name="New", parent=solid)
    assert bumps(new.save) == 1
    new.parent = Condition.objects.get(code="HNSC")  # moved in the tree
    assert bumps(new.save) == 1
    assert bumps(new.delete) == 1


def test_trial_condition_links_bump_from_either_side():
    trial = make_trial()
    npc = Condition.objects.get(code="NPC")
    assert bumps(lambda: trial.conditions.add(npc)) == 1
    assert bumps(lambda: trial.conditions.remove(npc)) == 1
    trial.conditions.add(npc)
    assert bumps(trial.conditions.clear) == 1
    assert bumps(lambda: npc.trials.add(trial)) == 1
    assert bumps(lambda: npc.trials.clear()) == 1


def test_a_rolled_back_change_rolls_its_bump_back():
    before = CatalogueVersion.current()

    def change_then_fail() -> None:
        with transaction.atomic():
            make_trial()
            assert CatalogueVersion.current() == before + 1
            raise RuntimeError

    with pytest.raises(RuntimeError):
        change_then_fail()
    assert CatalogueVersion.current() == before


def test_the_built_catalogue_matches_the_models(seeded_catalogue):
    built = build_catalogue(CatalogueVersion.current())
    trials = Trial.objects.published().prefetch_related("criteria")
    assert set(built.trials) == {trial.key for trial in trials}
    by_key = {spec.key: spec for spec in built.engine.trials}
    for trial in trials:
        expected = trial.to_engine()
        # The same criteria in the same order; the row ids and texts are kept beside them.
        assert by_key[trial.key].criteria == tuple(
            replace(criterion, id=None, text="") for criterion in expected.criteria
        )
        summary = built.trials[trial.key]
        assert list(summary.criterion_ids) == [criterion.id for criterion in expected.criteria]
        assert summary.criterion_texts() == tuple(c.text for c in expected.criteria)
        assert any(summary.criterion_texts())
        assert (summary.slug, summary.brief_title) == (trial.slug, trial.brief_title)
        assert summary.get_absolute_url() == trial.get_absolute_url()
        assert summary.get_overall_status_display() == trial.get_overall_status_display()


def test_a_rebuild_takes_over_what_did_not_change(seeded_catalogue):
    from matcher.synthetic import publish_synthetic_trials

    publish_synthetic_trials(30)
    first = build_catalogue(CatalogueVersion.current())
    edited = Trial.objects.get(slug="synthetic-000003")
    edited.brief_title = "A new title"
    edited.save()
    criterion = Trial.objects.get(slug="synthetic-000004").criteria.get(type="age")
    criterion.params = {"min": 30, "max": 70}
    criterion.save()
    Trial.objects.filter(slug="synthetic-000005").update(published=False)
    reworded = Trial.objects.get(slug="synthetic-000006").criteria.order_by("pk").first()
    assert reworded is not None
    reworded.text = "Reworded: aged 18 or over."
    reworded.save()
    rebuilt = build_catalogue(CatalogueVersion.current(), first)
    fresh = build_catalogue(CatalogueVersion.current())
    # The same catalogue as one built from nothing...
    assert set(rebuilt.trials) == set(fresh.trials) == set(first.trials) - {"synthetic-000005"}
    assert rebuilt.engine.trials == fresh.engine.trials
    for key, summary in fresh.trials.items():
        # (Compressed with the first build's dictionary: the same texts, other bytes.)
        unpacked = {"packed_texts": b"", "texts_dictionary": b""}
        assert replace(rebuilt.trials[key], **unpacked) == replace(summary, **unpacked)
        assert rebuilt.trials[key].criterion_texts() == summary.criterion_texts()
        assert list(rebuilt.trials[key].criterion_ids) == list(summary.criterion_ids)
    assert rebuilt.trials["synthetic-000003"].brief_title == "A new title"
    assert "Reworded: aged 18 or over." in rebuilt.trials["synthetic-000006"].criterion_texts()
    answers = engine.validate_answers({"age": 25, "diagnosis": "NPC", "ecog": 1})
    day = datetime.date(2026, 12, 1)
    ranked = [(r.trial.key, r.verdict, r.score) for r in rebuilt.engine.rank(answers, as_of=day)]
    assert ranked == [
        (r.trial.key, r.verdict, r.score) for r in fresh.engine.rank(answers, as_of=day)
    ]
    # ... holding once what did not change.
    assert rebuilt.texts_dictionary is first.texts_dictionary
    assert first.texts_dictionary
    old_specs = {spec.key: spec for spec in first.engine.trials}
    new_specs = {spec.key: spec for spec in rebuilt.engine.trials}
    assert rebuilt.trials["synthetic-000001"] is first.trials["synthetic-000001"]
    assert new_specs["synthetic-000001"] is old_specs["synthetic-000001"]
    assert rebuilt.trials["synthetic-000003"] is not first.trials["synthetic-000003"]
    # Texts read the same are not packed again; reworded ones are.
    assert (
        rebuilt.trials["synthetic-000003"].packed_texts
        is first.trials["synthetic-000003"].packed_texts
    )
    assert (
        rebuilt.trials["synthetic-000006"].packed_texts
        != first.trials["synthetic-000006"].packed_texts
    )
    # Rules read before are not parsed again.
    assert all(
        rebuilt.rules[rule] is first.rules[rule] for rule in set(first.rules) & set(rebuilt.rules)
    )
    assert new_specs["synthetic-000004"] is not old_specs["synthetic-000004"]
    assert new_specs["synthetic-000004"].criteria != old_specs["synthetic-000004"].criteria
    shared = {id(c) for spec in old_specs.values() for c in spec.criteria}
    assert all(
        id(c) in shared
        for c in new_specs["synthetic-000004"].criteria
        if c.type != engine.CriterionType.AGE
    )


def test_a_failure_while_compiling_criteria_fails_the_build(seeded_catalogue, monkeypatch):
    from matcher import catalogue

    def broken(*args, **kwargs):
        raise ValueError("unreadable params")

    monkeypatch.setattr(catalogue.engine, "parse_criterion", broken)
    # Raised where the build was asked for (the criteria are compiled in a thread of their
    # own), not left hanging.
    with pytest.raises(ValueError, match="unreadable params"):
        build_catalogue(CatalogueVersion.current())


def test_a_build_parses_each_rule_once_and_keeps_every_wording():
    wordings = {
        "wording-a": "Aged 18 years or older at consent.",
        "wording-b": "At least 18 years of age at screening.",
        "wording-c": "Aged 18 years or older at consent.",
    }
    for slug, text in wordings.items():
        trial = make_trial(slug)
        for kind, type_, params, line in (
            ("inclusion", "age", {"min": 18}, text),
            ("inclusion", "age", {"min": 21}, text),  # the same words, another rule
            ("exclusion", "text", {}, f"Not enrolled elsewhere ({slug})."),
            ("exclusion", "age", {"min": 18}, "Adults."),  # the same params, another kind
        ):
            EligibilityCriterion.objects.create(
                trial=trial, kind=kind, type=type_, params=params, text=line
            )
    catalogue = build_catalogue(CatalogueVersion.current())
    specs = {spec.key: spec for spec in catalogue.engine.trials}
    for slug in wordings:
        criteria = specs[slug].criteria
        # In the engine's order (by kind, then as written), each with its trial's own wording.
        assert catalogue.trials[slug].criterion_texts() == (
            f"Not enrolled elsewhere ({slug}).",
            "Adults.",
            wordings[slug],
            wordings[slug],
        )
        assert [x.type for x in criteria] == ["text", "age", "age", "age"]
        assert [x.params_dict().get("min") for x in criteria] == [None, 18, 18, 21]
        # The compiled criteria hold no text: the summary does.
        assert {x.text for x in criteria} == {""}
    a, b, c = (specs[slug].criteria for slug in wordings)
    # One criterion per rule, however it is worded.
    assert all(b[i] is a[i] and c[i] is a[i] for i in range(4))
    # Another kind with the same params: a criterion of its own, one params object.
    assert a[1] is not a[2]
    assert a[1].params is a[2].params
    assert a[3].params is not a[2].params


def test_texts_are_packed_and_read_back_the_same():
    from matcher.catalogue import pack_texts, unpack_texts

    texts = ["Aged 18 or over.", "", "Métastases cérébrales\nnon traitées", "患者年龄≥18岁", "\x00"]
    assert unpack_texts(pack_texts(texts)) == tuple(texts)
    assert pack_texts([]) == b""
    assert unpack_texts(b"") == ()
    # With a dictionary of common wording: fewer bytes, read back only with the same one.
    dictionary = b'"Aged 18 or over at screening.""No untreated brain metastases."'
    packed = pack_texts(texts, dictionary)
    assert unpack_texts(packed, dictionary) == tuple(texts)
    assert len(packed) < len(pack_texts(texts))
    with pytest.raises(zlib.error):
        unpack_texts(packed)
    # The compressor primed with one dictionary is not reused for another.
    other = b'"Measurable disease per RECIST 1.1."'
    assert unpack_texts(pack_texts(texts, other), other) == tuple(texts)
    assert pack_texts(texts, dictionary) == packed


@pytest.mark.parametrize(
    "ids",
    [[], [7], [5, 6, 7], [14, 15, 3, 4, 12], [1000, 1, 70000 + 1], [90000, 90000 + 300, 90001]],
)
def test_row_ids_are_held_compactly_and_read_back_the_same(ids):
    from matcher.catalogue import RowIds, _compact_ids

    held = _compact_ids(list(ids))
    assert list(held) == ids
    assert len(held) == len(ids)
    assert [held[index] for index in range(len(ids))] == ids
    assert held[1:] == ids[1:] or list(held[1:]) == ids[1:]
    if len(ids) == 5:
        assert isinstance(held, RowIds)
        assert held == _compact_ids(list(ids))


def test_criterion_ids_written_together_are_held_as_a_range(seeded_catalogue):
    built = build_catalogue(CatalogueVersion.current())
    kinds = {type(summary.criterion_ids) for summary in built.trials.values()}
    assert range in kinds


def test_a_request_after_a_change_sees_it_when_building_in_the_request(seeded_catalogue, client):
    from matcher.catalogue import published_catalogue

    first = published_catalogue()
    assert published_catalogue() is first  # nothing changed: the same object
    trial = Trial.objects.get(slug="ibb0979-advanced-solid-tumours")
    trial.published = False
    trial.save()
    second = published_catalogue()
    assert second is not first
    assert trial.key not in second.trials


class SlowBuild:
    """A build that waits for the test to let it finish, counting its calls."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.started = threading.Event()
        self.calls: list[int] = []
        self.fail = False

    def __call__(self, version: int, previous: PublishedCatalogue | None) -> PublishedCatalogue:
        self.calls.append(version)
        if len(self.calls) > 1:  # the first build (at start-up) may block; later ones wait here
            self.started.set()
            assert self.release.wait(10)
            if self.fail:
                raise RuntimeError("the database went away")
        return PublishedCatalogue(
            version=version, engine=engine.Catalogue([], engine.ConditionTree({})), trials={}
        )


@pytest.mark.django_db(transaction=True)
def test_a_stale_worker_keeps_serving_while_it_rebuilds():
    build = SlowBuild()
    cache = CatalogueCache(build)
    first = cache.get(wait=False)
    assert build.calls == [CatalogueVersion.current()]
    CatalogueVersion.bump()
    # The rebuild starts in the background once the response has gone out; every request
    # meanwhile gets the old catalogue.
    assert cache.get(wait=False) is first
    assert not build.started.is_set()
    request_finished.send(sender=None)
    assert build.started.wait(0.8)  # sooner than the one-second fallback
    assert cache.get(wait=False) is first
    assert cache.get(wait=False) is first
    assert len(build.calls) == 2  # one rebuild at a time, however many requests come
    build.release.set()
    cache.wait_for_rebuild(10)
    newer = cache.get(wait=False)
    assert newer is not first
    assert newer.version == CatalogueVersion.current()


@pytest.mark.django_db(transaction=True)
def test_a_failed_rebuild_keeps_the_previous_catalogue():
    build = SlowBuild()
    build.fail = True
    cache = CatalogueCache(build)
    first = cache.get(wait=False)
    CatalogueVersion.bump()
    assert cache.get(wait=False) is first
    build.release.set()
    cache.wait_for_rebuild(10)
    assert cache.get(wait=False) is first  # still served; the next request tries again
    cache.wait_for_rebuild(10)
    assert len(build.calls) == 3
