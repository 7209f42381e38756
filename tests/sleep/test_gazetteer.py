"""Town names for terse fragments (``extract.gazetteer``), from the GeoNames data.

    .venv/bin/python -m pytest tests/sleep/test_gazetteer.py
"""

from __future__ import annotations

from daemon.sleep.extract.gazetteer import is_town


def test_towns_with_or_without_accents_and_not_jobs():
    for town in ("Narvik", "Tromso", "Tromsø", "malmo", "Bergen"):
        assert is_town(town), town
    for word in ("Teacher", "Welder", "Vet", "Zuzu", "Retired", ""):
        assert not is_town(word), word
