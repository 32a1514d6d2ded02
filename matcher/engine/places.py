"""Places and distances: great-circle distances, the nearest site, and forgiving city look-ups.

Distances are great-circle distances on a sphere of the Earth's mean radius (6,371.0088 km)
by the haversine formula: within 0.5% of the ellipsoid, plenty for "how far would I travel".
Nothing here calls a geocoding service: `CityIndex` searches a gazetteer given to it (the
project loads GeoNames' cities of 15,000 people or more, with their English and Chinese names).

A city look-up compares names folded to lower case without accents, spaces or punctuation
("Hong Kong" = "hongkong", "Zürich" = "zurich"); it accepts any of a city's alternate names
(广州, 廣州, Canton) and, failing an exact name, the closest name within a few typos
("Guangzho", "Guangzou"); among equal matches the most populous city wins.
"""

from __future__ import annotations

import difflib
import math
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True, slots=True)
class Point:
    """A place on the globe, in decimal degrees."""

    lat: float
    lon: float

    def __post_init__(self) -> None:
        if not (-90 <= self.lat <= 90 and -180 <= self.lon <= 180):
            raise ValueError(f"({self.lat}, {self.lon}) is not a latitude and longitude")


def distance_km(a: Point, b: Point) -> float:
    """The great-circle distance between two points (haversine formula)."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat = lat2 - lat1
    dlon = math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def nearest[T](origin: Point, places: Iterable[tuple[T, Point]]) -> tuple[T, float] | None:
    """The place nearest to `origin` and its distance in km, or None when there is none."""
    best: tuple[T, float] | None = None
    for item, point in places:
        km = distance_km(origin, point)
        if best is None or km < best[1]:
            best = (item, km)
    return best


@dataclass(frozen=True, slots=True)
class City:
    """A gazetteer entry: English name, ISO country code, position, population, other names.

    `keys` are all its names already folded (`fold`), so that an index builds quickly (empty:
    its name alone);
    `name_zh` is its Simplified Chinese name when the gazetteer has one.
    """

    name: str
    country: str
    point: Point
    population: int = 0
    keys: tuple[str, ...] = ()
    name_zh: str = ""

    def display_name(self, chinese: bool = False) -> str:
        return self.name_zh if chinese and self.name_zh else self.name


def fold(name: str) -> str:
    """A name folded for comparison: lower case, no accents, no spaces or punctuation."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


class CityIndex:
    """Cities by every folded name; exact look-ups, prefixes, then close matches for typos."""

    def __init__(self, cities: Iterable[City]) -> None:
        self.by_name: dict[str, list[City]] = {}
        for city in cities:
            for key in city.keys or (fold(city.name),):
                self.by_name.setdefault(key, []).append(city)
        for found in self.by_name.values():
            found.sort(key=lambda city: -city.population)
        self.keys = sorted(self.by_name)
        # Near misses are looked for among names with the same first character.
        self.by_initial: dict[str, list[str]] = {}
        for key in self.keys:
            self.by_initial.setdefault(key[0], []).append(key)

    def find(self, name: str, country: str | None = None) -> City | None:
        """The best city for a typed name (in `country` when given), or None."""
        found = self.search(name, country, limit=1)
        return found[0] if found else None

    def search(self, text: str, country: str | None = None, limit: int = 8) -> list[City]:
        """Cities for a typed name or the start of one, best first: exact, prefix, near miss."""
        key = fold(text)
        if not key:
            return []
        wanted = (country or "").upper()
        results: list[City] = []
        seen: set[tuple[str, str, Point]] = set()

        def add(cities: Iterable[City]) -> None:
            for city in cities:
                if wanted and city.country != wanted:
                    continue
                marker = (city.name, city.country, city.point)
                if marker not in seen and len(results) < limit:
                    seen.add(marker)
                    results.append(city)

        add(self.by_name.get(key, []))
        if len(results) < limit:
            prefixed = [city for k in self._prefixed(key) for city in self.by_name[k]]
            add(sorted(prefixed, key=lambda city: -city.population))
        if not results and len(key) >= 4:
            add(self._near_misses(key))
        return results

    def _prefixed(self, key: str) -> list[str]:
        start = bisect_left(self.keys, key)
        found = []
        for k in self.keys[start : start + 400]:
            if not k.startswith(key):
                break
            if k != key:
                found.append(k)
        return found

    def _near_misses(self, key: str) -> list[City]:
        """Cities whose name is within a few typos of `key`, closest then most populous."""
        matcher = difflib.SequenceMatcher(b=key, autojunk=False)
        scored: list[tuple[float, int, City]] = []
        for candidate in self.by_initial.get(key[0], ()):
            if abs(len(candidate) - len(key)) > 2:
                continue
            matcher.set_seq1(candidate)
            if matcher.real_quick_ratio() < 0.8 or matcher.quick_ratio() < 0.8:
                continue
            ratio = matcher.ratio()
            if ratio >= 0.8:
                city = self.by_name[candidate][0]
                scored.append((round(ratio, 2), city.population, city))
        scored.sort(key=lambda item: (-item[0], -item[1]))
        return [city for _, _, city in scored]
