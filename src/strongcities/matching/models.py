"""Stored recommendations: peer cities and practices for each member city (docs/matching.md).

They are computed by `services.recompute_all` (a background task, run whenever an input
changes) and only read by pages and the API, so reading them is one indexed query.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeerMatch(models.Model):
    """`peer` is the `rank`-th city most like `city`, with its score and the reasons."""

    city = models.ForeignKey("members.City", on_delete=models.CASCADE, related_name="peer_matches")
    peer = models.ForeignKey("members.City", on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"))
    score = models.FloatField(_("score"))
    # {"challenges": 24.0, "evidence": 10.0, "context": 8.5, "language": 15.0}: the formula's terms.
    components = models.JSONField(default=dict)
    # [{"code": "shared_challenges", "concepts": [12, 14]}, ...]: rendered by reasons.py.
    reasons = models.JSONField(default=list)

    class Meta:
        ordering = ["city", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["city", "rank"], name="peer_match_rank_unique"),
            models.UniqueConstraint(fields=["city", "peer"], name="peer_match_pair_unique"),
            models.CheckConstraint(
                condition=~models.Q(city=models.F("peer")), name="peer_match_not_self"
            ),
        ]
        verbose_name = _("peer city match")
        verbose_name_plural = _("peer city matches")

    def __str__(self) -> str:
        return f"{self.city_id} → {self.peer_id} #{self.rank}"


class PracticeMatch(models.Model):
    """`practice` is the `rank`-th practice recommended to `city` for its challenges."""

    city = models.ForeignKey(
        "members.City", on_delete=models.CASCADE, related_name="practice_matches"
    )
    practice = models.ForeignKey("practices.Practice", on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"))
    score = models.FloatField(_("score"))
    components = models.JSONField(default=dict)
    reasons = models.JSONField(default=list)

    class Meta:
        ordering = ["city", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["city", "rank"], name="practice_match_rank_unique"),
            models.UniqueConstraint(fields=["city", "practice"], name="practice_match_unique"),
        ]
        verbose_name = _("practice match")
        verbose_name_plural = _("practice matches")

    def __str__(self) -> str:
        return f"{self.city_id} → practice {self.practice_id} #{self.rank}"


class MatchingRun(models.Model):
    """The state of the recomputation: one row (pk=1), shown to the secretariat with progress.

    `requested_at` moves on every change of an input; `queued` is true while a task is waiting,
    so a burst of changes enqueues one run. A run that starts after the last request leaves
    nothing stale behind it.
    """

    requested_at = models.DateTimeField(null=True, blank=True)
    queued = models.BooleanField(default=False)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    cities_done = models.PositiveIntegerField(default=0)
    cities_total = models.PositiveIntegerField(default=0)
    practices_considered = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")

    def __str__(self) -> str:
        return f"matching run (finished {self.finished_at})"

    @classmethod
    def current(cls) -> "MatchingRun":
        return cls.objects.get_or_create(pk=1)[0]
