"""The condition tree, and how a patient's diagnosis meets a trial's list of conditions.

A trial for a parent code accepts its descendants ("a trial for solid tumours takes
nasopharyngeal carcinoma"). A patient who gives only a broad code ("a solid tumour") may or may
not have the specific cancer a trial wants, so that is a question for the study team, never a
no. The same holds for exclusions: a patient with a broad code that contains an excluded
specific code might have that code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum


class DiagnosisMatch(StrEnum):
    LISTED = "listed"  # the code or an ancestor is listed, nothing excluded can apply
    EXCLUDED = "excluded"  # the code or an ancestor is excluded
    MAYBE_EXCLUDED = "maybe_excluded"  # listed, but a more specific excluded code is possible
    BROADER = "broader"  # the code is an ancestor of a listed code
    OTHER = "other"  # unrelated


class ConditionTree:
    """Condition codes and their parents; a code unknown to the tree stands alone."""

    __slots__ = ("_ancestor_sets", "_ancestors", "_children")

    def __init__(self, parents: Mapping[str, str | None]) -> None:
        nodes: dict[str, str | None] = dict(parents)
        for parent in parents.values():
            if parent is not None:
                nodes.setdefault(parent, None)
        ancestors: dict[str, tuple[str, ...]] = {}
        for code in nodes:
            chain = [code]
            parent = nodes[code]
            while parent is not None:
                if parent in chain:
                    raise ValueError(f"The condition tree has a cycle through {parent!r}.")
                if parent in ancestors:
                    chain.extend(ancestors[parent])
                    break
                chain.append(parent)
                parent = nodes[parent]
            ancestors[code] = tuple(chain)
        children: dict[str, list[str]] = {code: [] for code in nodes}
        for code, parent in nodes.items():
            if parent is not None:
                children[parent].append(code)
        self._ancestors = ancestors
        self._ancestor_sets = {code: frozenset(chain) for code, chain in ancestors.items()}
        self._children = {code: tuple(kids) for code, kids in children.items()}

    @property
    def codes(self) -> frozenset[str]:
        """Return every code of the tree."""
        return frozenset(self._ancestors)

    def is_known(self, code: str) -> bool:
        """Return whether the tree has this code."""
        return code in self._ancestors

    def ancestors(self, code: str) -> tuple[str, ...]:
        """Return the code and its ancestors, nearest first."""
        return self._ancestors.get(code, (code,))

    def ancestor_set(self, code: str) -> frozenset[str]:
        """Return the code and its ancestors as a set."""
        found = self._ancestor_sets.get(code)
        return frozenset((code,)) if found is None else found

    def descendants(self, code: str) -> frozenset[str]:
        """Return the codes below this one (not the code itself)."""
        found: set[str] = set()
        stack = list(self._children.get(code, ()))
        while stack:
            child = stack.pop()
            found.add(child)
            stack.extend(self._children[child])
        return frozenset(found)

    def match(
        self, code: str, codes: Iterable[str], exclude_codes: Iterable[str] = ()
    ) -> DiagnosisMatch:
        """Return how a patient's `code` meets a list of codes less its exclusions."""
        mine = self.ancestor_set(code)
        excluded = tuple(exclude_codes)
        if not mine.isdisjoint(excluded):
            return DiagnosisMatch.EXCLUDED
        listed = tuple(codes)
        if not mine.isdisjoint(listed):
            if any(code in self.ancestor_set(other) for other in excluded):
                return DiagnosisMatch.MAYBE_EXCLUDED
            return DiagnosisMatch.LISTED
        if any(code in self.ancestor_set(other) for other in listed):
            return DiagnosisMatch.BROADER
        return DiagnosisMatch.OTHER
