"""The match function on plain values: what it scores and how it explains it."""

from matching.scoring import Side, match

OPPORTUNITY = Side(
    keywords={"物联网": 1.0, "冷链": 1.0, "温湿度追溯": 0.8, "北斗": 0.5},
    surface={"物联网": "IoT", "冷链": "冷链", "温湿度追溯": "温湿度追溯", "北斗": "北斗"},
    domains={"医药流通与冷链": "生物医药"},
    regions=("海州区", "连云港市"),
    targets=("温度偏差", "定位精度", "续航时间"),
)


def test_shared_keywords_raise_the_score_and_are_named():
    fitting = Side(keywords={"冷链": 1.0, "物联网": 1.0}, surface={"物联网": "物联网"})
    unrelated = Side(keywords={"基因测序": 1.0})
    good, bad = match(fitting, OPPORTUNITY), match(unrelated, OPPORTUNITY)
    assert good.score > bad.score
    assert {reason.term for reason in good.matched_keywords} == {"IoT", "冷链"}
    assert bad.score == 0
    assert bad.reasons == ()


def test_a_keyword_matched_through_a_synonym_names_the_word_the_profile_wrote():
    profile = Side(keywords={"物联网": 1.0}, surface={"物联网": "物联网"})
    (reason,) = match(profile, OPPORTUNITY).matched_keywords
    assert (reason.term, reason.via) == ("IoT", "物联网")


def test_the_same_domain_fits_fully_and_a_sibling_domain_half():
    same = match(Side(domains={"医药流通与冷链": "生物医药"}), OPPORTUNITY)
    sibling = match(Side(domains={"创新药物": "生物医药"}), OPPORTUNITY)
    other = match(Side(domains={"氢能": "新能源与新型储能"}), OPPORTUNITY)
    assert same.domain_fit == 1.0
    assert sibling.domain_fit == 0.5
    assert other.domain_fit == 0
    assert same.score > sibling.score > other.score


def test_an_organisation_inside_the_opportunitys_region_fits_it():
    inside = match(Side(regions=("海州区", "连云港市")), OPPORTUNITY)
    elsewhere = match(Side(regions=("连云区", "连云港市")), OPPORTUNITY)
    assert inside.region_fit == 1.0
    assert elsewhere.region_fit == 0
    assert [reason.term for reason in inside.of_kind("region")] == ["海州区"]


def test_a_bid_is_told_which_targets_it_answers_and_which_it_leaves_out():
    bid = Side(keywords={"冷链": 1.0}, answered=frozenset({"温度偏差", "定位精度"}))
    result = match(bid, OPPORTUNITY)
    assert [reason.term for reason in result.answered_targets] == ["温度偏差", "定位精度"]
    assert [reason.term for reason in result.missing_targets] == ["续航时间"]
    assert result.target_fit == 2 / 3
    complete = match(
        Side(keywords={"冷链": 1.0}, answered=frozenset(OPPORTUNITY.targets)), OPPORTUNITY
    )
    assert complete.score > result.score


def test_an_organisation_profile_is_not_judged_on_targets():
    assert match(Side(keywords={"冷链": 1.0}), OPPORTUNITY).target_fit is None


def test_the_score_stays_between_zero_and_one():
    everything = Side(
        keywords=dict.fromkeys(OPPORTUNITY.keywords, 1.0),
        domains=OPPORTUNITY.domains,
        regions=OPPORTUNITY.regions,
        answered=frozenset(OPPORTUNITY.targets),
    )
    assert match(everything, OPPORTUNITY).score == 1.0
    assert match(Side(), Side()).score == 0.0
