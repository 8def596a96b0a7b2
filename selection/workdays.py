"""Working days (工作日) in mainland China: Monday to Friday, less the public holidays, plus the
weekend days the State Council declares working days (调休上班), for counting objection periods.

The table holds what the General Office of the State Council has published: 2026 from 国务院办公厅
关于2026年部分节假日安排的通知 (2025-11-04, Xinhua). A year that is not in the table counts
weekends only, until its notice (usually out in November of the year before) is added here.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")

# Days off that fall on a weekday, and weekend days that are working days, per published year.
HOLIDAYS = {
    2026: {
        # 元旦 1.1–1.3; 春节 2.15–2.23; 清明 4.4–4.6; 劳动节 5.1–5.5; 端午 6.19–6.21;
        # 中秋 9.25–9.27; 国庆 10.1–10.7 (weekend days of these ranges are off anyway).
        "off": [
            (1, 1),
            (1, 2),
            (2, 16),
            (2, 17),
            (2, 18),
            (2, 19),
            (2, 20),
            (2, 23),
            (4, 6),
            (5, 1),
            (5, 4),
            (5, 5),
            (6, 19),
            (9, 25),
            (10, 1),
            (10, 2),
            (10, 5),
            (10, 6),
            (10, 7),
        ],
        "working": [(1, 4), (2, 14), (2, 28), (5, 9), (9, 20), (10, 10)],
    },
}

DAYS_OFF = {date(year, m, d) for year, days in HOLIDAYS.items() for m, d in days["off"]}
WORKING_WEEKENDS = {date(year, m, d) for year, days in HOLIDAYS.items() for m, d in days["working"]}


def is_working_day(day):
    if day in WORKING_WEEKENDS:
        return True
    return day.weekday() < 5 and day not in DAYS_OFF


def nth_working_day_after(day, count):
    """The count-th working day after `day` (`day` itself is not counted)."""
    if count < 1:
        raise ValueError("count must be at least 1")
    found = 0
    while found < count:
        day += timedelta(days=1)
        if is_working_day(day):
            found += 1
    return day


def local_date(moment):
    return moment.astimezone(SHANGHAI).date()


def end_of_day(day):
    """The last instant of a day in Beijing time (an aware datetime)."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=SHANGHAI)


def objection_deadline(published_at, working_days):
    """The end of the working_days-th working day after the day of publication, Beijing time:
    the day a notice goes up never counts, so a notice published late on a Friday still runs
    five full working days."""
    return end_of_day(nth_working_day_after(local_date(published_at), working_days))


def working_days_left(now, deadline, published_at=None):
    """Working days of the period still to come, today included when it is one (the day of
    publication is not part of the period); 0 once the deadline has passed."""
    if now >= deadline:
        return 0
    day, last = local_date(now), local_date(deadline)
    if published_at is not None:
        day = max(day, local_date(published_at) + timedelta(days=1))
    left = 0
    while day <= last:
        left += is_working_day(day)
        day += timedelta(days=1)
    return left
