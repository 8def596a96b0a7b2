"""Counting the objection period in working days, Beijing time: weekends skipped, the State
Council's 2026 holidays skipped and its working weekends counted."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from selection.workdays import (
    HOLIDAYS,
    SHANGHAI,
    is_working_day,
    nth_working_day_after,
    objection_deadline,
    working_days_left,
)

UTC = ZoneInfo("UTC")


def beijing(*args):
    return datetime(*args, tzinfo=SHANGHAI)


def test_five_working_days_from_a_friday_skip_the_weekend():
    deadline = objection_deadline(beijing(2026, 12, 4, 10, 0), 5)  # a Friday
    assert deadline == beijing(2026, 12, 11, 23, 59, 59)  # the next Friday, end of day


def test_the_day_of_publication_is_not_counted_even_late_at_night():
    assert objection_deadline(beijing(2026, 12, 3, 23, 30), 1) == beijing(2026, 12, 4, 23, 59, 59)


def test_the_period_is_counted_in_beijing_time_not_utc():
    # 17:00 UTC on Thursday is already 01:00 on Friday in Beijing: Friday is publication day.
    published = datetime(2026, 12, 3, 17, 0, tzinfo=UTC)
    assert objection_deadline(published, 5) == beijing(2026, 12, 11, 23, 59, 59)


def test_national_day_holidays_are_skipped_and_the_working_saturday_counts():
    # Published Wednesday 30 September 2026: 1–7 October off, Saturday 10 October a working day.
    assert nth_working_day_after(date(2026, 9, 30), 3) == date(2026, 10, 10)
    assert objection_deadline(beijing(2026, 9, 30, 9, 0), 5) == beijing(2026, 10, 13, 23, 59, 59)


def test_the_holiday_table_only_moves_weekdays_off_and_weekends_on():
    for year, days in HOLIDAYS.items():
        assert all(date(year, m, d).weekday() < 5 for m, d in days["off"])
        assert all(date(year, m, d).weekday() >= 5 for m, d in days["working"])
        assert not any(is_working_day(date(year, m, d)) for m, d in days["off"])
        assert all(is_working_day(date(year, m, d)) for m, d in days["working"])


def test_a_year_without_a_published_table_counts_weekends_only():
    assert is_working_day(date(2027, 10, 1))  # a Friday; the 2027 notice is not in the table
    assert not is_working_day(date(2027, 10, 2))


def test_working_days_left_counts_the_rest_of_the_period():
    published = beijing(2026, 12, 4, 10, 0)
    deadline = objection_deadline(published, 5)
    assert working_days_left(published, deadline, published) == 5
    assert working_days_left(beijing(2026, 12, 5, 12, 0), deadline, published) == 5  # Saturday
    assert working_days_left(beijing(2026, 12, 11, 12, 0), deadline, published) == 1
    assert working_days_left(deadline + timedelta(seconds=1), deadline, published) == 0


def test_counting_zero_working_days_is_refused():
    with pytest.raises(ValueError, match="at least 1"):
        nth_working_day_after(date(2026, 12, 4), 0)
