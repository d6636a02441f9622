"""Framework-free statistics for public merchant pages, rankings, trends and the scorecard.

Nothing here imports Django. The Django layer turns complaints into :class:`Facts`,
pre-aggregates them with :func:`tally` into one additive :class:`Tally` per
(merchant, month, scenario), sums rows for any period and reads :class:`Rates` from the sum.
Every published figure has its wording in :data:`DEFINITIONS`.
"""

from tousu.stats.definitions import DEFINITIONS
from tousu.stats.ranking import METRICS, Ranking, RankRow, best_service, rank
from tousu.stats.scorecard import SCORECARD_RULES, Scorecard, Section, scorecard
from tousu.stats.tally import (
    COUNTERS,
    HISTOGRAMS,
    HOURS_EDGES,
    MINUTES_EDGES,
    TALLY_SCHEMA,
    Facts,
    Rates,
    Tally,
    histogram_quantile,
    tally,
    tally_one,
)
from tousu.stats.trends import Change, detect_changes, monthly_series

__all__ = [
    "COUNTERS",
    "DEFINITIONS",
    "HISTOGRAMS",
    "HOURS_EDGES",
    "METRICS",
    "MINUTES_EDGES",
    "SCORECARD_RULES",
    "TALLY_SCHEMA",
    "Change",
    "Facts",
    "RankRow",
    "Ranking",
    "Rates",
    "Scorecard",
    "Section",
    "Tally",
    "best_service",
    "detect_changes",
    "histogram_quantile",
    "monthly_series",
    "rank",
    "scorecard",
    "tally",
    "tally_one",
]
