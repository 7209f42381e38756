"""Measurement side of sleepllm: persona files, answer scoring, the validation benchmark,
experiment grids and result reports.

Nothing here imports MLX or a model; ``benchmarks.report`` imports matplotlib only when it
draws. Modules (each runnable with ``.venv/bin/python -m benchmarks.<module>``):

- ``benchmarks.persona``: load and validate persona files, the order and times their
  statements are sent, split categories over nights.
- ``benchmarks.scoring``: summarize a run (one answer is scored by the README's keyword
  rules in ``daemon.sleep.scoring``, the validation gate's scorer).
- ``benchmarks.general``: check a file of the fail-closed general-knowledge benchmark of
  the sleep cycle (which lives in ``daemon.sleep.benchmark``).
- ``benchmarks.grids``: experiment grids (``benchmarks/grids/*.json``).
- ``benchmarks.report``: results.json, results.md, heatmap.png, nights.png.

Run the tests with ``.venv/bin/python -m pytest tests/sleep/test_scoring.py
tests/benchmarks/test_persona.py tests/sleep/test_general.py tests/benchmarks/test_report.py
tests/benchmarks/test_grids.py``.
"""

from benchmarks.persona import (
    Category,
    Persona,
    PersonaError,
    Question,
    Statement,
    WrongFact,
    load_persona,
    persona_questions,
    sent_times,
    split_nights,
    told_in_order,
)
from benchmarks.scoring import summarize
from daemon.sleep.benchmark import (
    BenchmarkError,
    BenchmarkResult,
    load_benchmark,
    score_benchmark,
)
from daemon.sleep.scoring import AnswerScore, keyword_matches, score_answer

__all__ = [
    "AnswerScore",
    "BenchmarkError",
    "BenchmarkResult",
    "Category",
    "Persona",
    "PersonaError",
    "Question",
    "Statement",
    "WrongFact",
    "keyword_matches",
    "load_benchmark",
    "load_persona",
    "persona_questions",
    "score_answer",
    "score_benchmark",
    "sent_times",
    "split_nights",
    "summarize",
    "told_in_order",
]
