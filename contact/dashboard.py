"""The coordinators' dashboard: requests per week and the status funnel per trial and site,
as numbers the template draws as server-rendered SVG bar charts (no script, no CDN).

Every function takes an already scoped queryset: a coordinator's charts count only their sites.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from .models import ContactRequest, ContactRequestQuerySet

WEEKS = 12
CHART_WIDTH = 640
CHART_HEIGHT = 200
BAR_GAP = 8
LABEL_WIDTH = 190  # the funnel's status labels, left of its bars
ROW_HEIGHT = 26


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: int
    y: int
    width: int
    height: int
    text_x: int
    text_y: int


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]
    width: int
    height: int
    total: int


def weekly_chart(queryset: ContactRequestQuerySet, today: datetime.date) -> Chart:
    """Requests received in each of the last 12 weeks (Monday to Sunday), oldest first."""
    first_monday = today - datetime.timedelta(days=today.weekday() + 7 * (WEEKS - 1))
    start = timezone.make_aware(datetime.datetime.combine(first_monday, datetime.time.min))
    counts: dict[datetime.date, int] = dict.fromkeys(
        (first_monday + datetime.timedelta(weeks=week) for week in range(WEEKS)), 0
    )
    per_day = (
        queryset.filter(created_at__gte=start)
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for row in per_day:
        monday = row["day"] - datetime.timedelta(days=row["day"].weekday())
        if monday in counts:
            counts[monday] += row["count"]
    top = max(counts.values(), default=0) or 1
    plot_height = CHART_HEIGHT - 40
    slot = CHART_WIDTH // WEEKS
    bars = []
    for index, (monday, value) in enumerate(counts.items()):
        height = round(plot_height * value / top)
        x = index * slot + BAR_GAP // 2
        y = 20 + plot_height - height
        bars.append(
            Bar(
                label=monday.strftime("%m-%d"),
                value=value,
                x=x,
                y=y,
                width=slot - BAR_GAP,
                height=height,
                text_x=x + (slot - BAR_GAP) // 2,
                text_y=y - 4,
            )
        )
    return Chart(
        title="",
        bars=bars,
        width=CHART_WIDTH,
        height=CHART_HEIGHT + 10,
        total=sum(counts.values()),
    )


def funnel_charts(queryset: ContactRequestQuerySet) -> list[Chart]:
    """For each trial and site with requests: how many requests are at each status."""
    rows = (
        queryset.values("trial__nct_id", "trial__brief_title", "site__facility", "status")
        .annotate(count=Count("pk"))
        .order_by("trial__nct_id", "trial__brief_title", "site__facility")
    )
    groups: dict[tuple[str, str], dict[str, int]] = {}
    for row in rows:
        trial = row["trial__nct_id"] or row["trial__brief_title"]
        key = (trial, row["site__facility"])
        groups.setdefault(key, {})[row["status"]] = row["count"]
    charts = []
    for (trial, facility), statuses in groups.items():
        top = max(statuses.values(), default=0) or 1
        plot_width = CHART_WIDTH - LABEL_WIDTH - 50
        bars = []
        for index, status in enumerate(ContactRequest.Status):
            value = statuses.get(status.value, 0)
            width = round(plot_width * value / top)
            y = index * ROW_HEIGHT + 4
            bars.append(
                Bar(
                    label=str(status.label),
                    value=value,
                    x=LABEL_WIDTH,
                    y=y,
                    width=width,
                    height=ROW_HEIGHT - 8,
                    text_x=LABEL_WIDTH + width + 6,
                    text_y=y + ROW_HEIGHT - 12,
                )
            )
        charts.append(
            Chart(
                title=f"{trial} · {facility}",
                bars=bars,
                width=CHART_WIDTH,
                height=len(bars) * ROW_HEIGHT + 8,
                total=sum(statuses.values()),
            )
        )
    return charts
