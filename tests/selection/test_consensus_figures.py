"""The consensus arithmetic on plain numbers: mean, median, spread, the trimmed mean and
outliers, as the chair's page and the API show them."""

from decimal import Decimal as D

from selection import scoring_figures as f


def test_mean_and_median_round_half_up_to_two_places():
    assert f.mean([40, 41, 41]) == D("40.67")
    assert f.median([30, 40, 41, 45]) == D("40.50")
    assert f.median([45, 30, 41]) == D("41.00")


def test_spread_is_the_highest_minus_the_lowest():
    assert f.spread([D("12.5"), 20, D("18.25")]) == D("7.50")


def test_trimmed_mean_drops_one_highest_and_one_lowest_score():
    assert f.aggregate([10, 40, 42, 44, 50], f.TRIMMED_MEAN) == D("42.00")
    assert f.aggregate([10, 40, 42, 44, 50], f.MEAN) == D("37.20")


def test_trimmed_mean_drops_only_one_of_equal_extremes():
    assert f.aggregate([40, 40, 40, 10], f.TRIMMED_MEAN) == D("40.00")
    assert f.aggregate([10, 10, 40], f.TRIMMED_MEAN) == D("10.00")


def test_trimmed_mean_of_two_scores_is_the_plain_mean():
    assert f.aggregate([30, 41], f.TRIMMED_MEAN) == D("35.50")


def test_a_score_further_than_the_share_of_the_maximum_from_the_median_is_an_outlier():
    # median 40, 0.2 × 50 = 10: 28 is 12 away (outlier), 50 is exactly 10 away (not).
    assert f.outlier_indexes([40, 28, 50, 41], 50, D("0.20")) == {1}


def test_no_scores_give_no_figures():
    row = f.figures([], maximum=50, rule=f.MEAN, share=D("0.2"))
    assert row.mean is None
    assert row.outliers == set()


def test_figures_of_a_row_agree_with_each_rule():
    row = f.figures([20, 28, 30], maximum=30, rule=f.TRIMMED_MEAN, share=D("0.2"))
    assert (row.mean, row.median, row.spread, row.aggregate) == (
        D("26.00"),
        D("28.00"),
        D("10.00"),
        D("28.00"),
    )
    assert row.outliers == {0}  # 8 from the median, limit 6
