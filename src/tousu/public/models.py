"""Pre-aggregated monthly figures, the only thing public pages and rankings read.

One row per (merchant, month of submission) holds the additive :class:`tousu.stats.Tally`
of that month's complaints: each counter in its own column, so rankings are one indexed
``SUM … GROUP BY merchant`` over twelve rows per merchant a year, and the histograms in JSON
for the medians of one merchant's page. One row per (merchant, month, scenario) holds the
volume behind top scenarios, the scenario Pareto and trend detection. Rows are rebuilt by
:mod:`tousu.public.aggregate` (``tousu refresh-stats``, and by the worker every hour).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


def _counter() -> models.PositiveIntegerField:
    return models.PositiveIntegerField(default=0)


class MerchantMonth(models.Model):
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.CASCADE,
                                 related_name="+")
    industry = models.CharField(max_length=32)  # the merchant's, for industry pages
    month = models.DateField()  # the first day of the month
    # Counters: exactly tousu.stats.tally.COUNTERS (a test keeps them in step).
    volume = _counter()
    rejected = _counter()
    unforwarded = _counter()
    withdrawn = _counter()
    reopened = _counter()
    reopen_events = _counter()
    forwarded = _counter()
    responded = _counter()
    response_judged = _counter()
    response_on_time = _counter()
    finished = _counter()
    resolved = _counter()
    resolution_judged = _counter()
    resolution_on_time = _counter()
    rating_count = _counter()
    rating_sum = _counter()
    rating_high = _counter()
    emergency = _counter()
    emergency_judged = _counter()
    emergency_in_target = _counter()
    histograms = models.JSONField(default=dict)
    refreshed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["merchant", "month"],
                                               name="public_merchant_month_unique")]
        indexes = [models.Index(fields=["month", "merchant"], name="public_mm_month_idx"),
                   models.Index(fields=["industry", "month"], name="public_mm_industry_idx")]


class IndustryMonth(models.Model):
    """The sum of an industry's merchant rows for a month, so industry pages, the platform
    totals and the report sum at most twelve rows per industry instead of every merchant's."""

    industry = models.CharField(max_length=32)
    month = models.DateField()
    volume = _counter()
    tally = models.JSONField(default=dict)  # tousu.stats.Tally.to_dict()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["industry", "month"],
                                               name="public_industry_month_unique")]


class ScenarioMonth(models.Model):
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.CASCADE,
                                 related_name="+")
    industry = models.CharField(max_length=32)
    month = models.DateField()
    scenario = models.CharField(max_length=48)
    volume = _counter()
    resolved = _counter()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["merchant", "month", "scenario"],
                                               name="public_scenario_month_unique")]
        indexes = [models.Index(fields=["month", "scenario"], name="public_sm_month_idx"),
                   models.Index(fields=["merchant", "scenario", "month"],
                                name="public_sm_merchant_idx")]


class RefreshMark(models.Model):
    """When the monthly rows were last rebuilt: pages say "figures as of …"."""

    refreshed_at = models.DateTimeField()
    full = models.BooleanField(default=False)
    seconds = models.FloatField(default=0)
    rows = models.PositiveIntegerField(default=0)
