"""Keywords of opportunities, organisations and bids: jieba TF-IDF over the text, segmented with
the search dictionary (so 集成电路 stays one word), stopwords dropped, and every word normalised
to its synonym group's preferred term (IoT and 物联网 are one keyword).

A keyword set is a `Keywords`: {preferred term: weight 0..1} plus the word as the text wrote it,
so a match can say through which synonym it was made.
"""

import re
import time
from dataclasses import dataclass, field

import jieba.analyse
from django.utils.html import strip_tags

from search import text

# Words every opportunity or profile says and none is about (on top of jieba's own stopwords and
# the words searchers type around a query).
GENERIC_WORDS = frozenset(
    [
        "技术",
        "系统",
        "平台",
        "方案",
        "建设",
        "开展",
        "应用",
        "提供",
        "支持",
        "要求",
        "企业",
        "项目",
        "服务",
        "能力",
        "实现",
        "具备",
        "相关",
        "进行",
        "开发",
        "研发",
        "研究",
        "产品",
        "提升",
        "推动",
        "方面",
        "工作",
        "主要",
        "包括",
        "通过",
        "以上",
        "以及",
        "其中",
        "具有",
        "我们",
        "公司",
        "单位",
        "优先",
        "不低于",
        "不少于",
        "达到",
        "满足",
        "基于",
        "用于",
        "领域",
        "行业",
        "国内",
        "国际",
        "全国",
        "集团",
        "股份",
        "有限公司",
        "一体化",
        "综合",
        "解决方案",
        "业务",
        "客户",
        "全球",
        "中国",
        "领先",
        "科技",
        "年度",
        "目前",
        "已经",
        "形成",
        "拥有",
        "覆盖",
        "核心",
        "关键",
        "重点",
        "面向",
        "开放",
        "征集",
        "场景",
        "需求",
        "问题",
        "目标",
        "指标",
        "情况",
        "内容",
        "示范",
    ]
)
# A keyword worth keeping: two or more characters, or a Latin/digit word (5G, AI, PUE).
_WORTH = re.compile(r"^(?:[\u3400-\u9fff]{2,}|[a-z0-9][a-z0-9.+#/-]*[a-z0-9+#]|[a-z])$")
_NUMBERISH = re.compile(r"^[\d.%/-]+$")
# Editor and capability keywords are said on purpose: they weigh this much, extracted ones at
# most 1 (the best extracted word of a text).
DECLARED_WEIGHT = 1.0
EXTRACTED_SCALE = 0.8
TOP_EXTRACTED = 25


@dataclass
class Keywords:
    """Preferred term -> weight, and preferred term -> the word as written."""

    weights: dict = field(default_factory=dict)
    surface: dict = field(default_factory=dict)

    def add(self, word, weight):
        term, written = preferred(word), text.fold(word)
        if not term or not weight:
            return
        if weight > self.weights.get(term, 0):
            self.weights[term] = round(min(1.0, weight), 4)
            self.surface[term] = written

    def merge(self, other, scale=1.0):
        for term, weight in other.weights.items():
            self.add(other.surface.get(term, term), weight * scale)
        return self

    def top(self, count):
        """The `count` heaviest preferred terms, heaviest first."""
        return sorted(self.weights, key=lambda term: (-self.weights[term], term))[:count]


_synonyms = (None, {}, [])
# How long this process trusts the synonym groups it read (an editor's change shows this late).
SYNONYMS_TTL_SECONDS = 60


def _synonyms_read():
    """{term: preferred term} and the keyword-like terms of every group, re-read every
    SYNONYMS_TTL_SECONDS (a keyword set is built word by word; one read per word would be one
    query per word)."""
    global _synonyms
    read_at, index, terms = _synonyms
    if read_at is None or time.monotonic() - read_at > SYNONYMS_TTL_SECONDS:
        groups = text.synonym_groups()
        index = {term: group[0] for group in groups for term in group}
        terms = [term for group in groups for term in group if is_keyword(term)]
        _synonyms = (time.monotonic(), index, terms)
    return index, terms


def reset_synonyms():
    """Re-read the synonym groups on the next use (tests, after loading the dictionary)."""
    global _synonyms
    _synonyms = (None, {}, [])


def _synonym_index():
    return _synonyms_read()[0]


def preferred(word):
    """The preferred term of the word's synonym group (the group's first term), or the
    normalised word itself."""
    word = text.normalize(word)
    return _synonym_index().get(word, word)


def is_keyword(word):
    word = text.normalize(word)
    return bool(
        _WORTH.match(word)
        and not _NUMBERISH.match(word)
        and word not in GENERIC_WORDS
        and word not in text.QUERY_STOPWORDS
    )


_extractor = None
_extractor_tokenizer = None


def extractor():
    """jieba's TF-IDF extractor on the search tokenizer (its user dictionary holds the domain
    names, the editors' keywords and the synonym terms, so they are kept whole)."""
    global _extractor, _extractor_tokenizer
    tokenizer = text.tokenizer()
    if _extractor is None or _extractor_tokenizer is not tokenizer:
        fresh = jieba.analyse.TFIDF()
        fresh.tokenizer = tokenizer
        fresh.postokenizer = jieba.posseg.POSTokenizer(tokenizer)
        _extractor, _extractor_tokenizer = fresh, tokenizer
    return _extractor


def text_keywords(raw, top=TOP_EXTRACTED):
    """Keywords extracted from free text, the heaviest scaled to EXTRACTED_SCALE; dictionary
    terms that occur in the text count even where jieba's frequencies would cut them."""
    body = text.normalize(strip_tags(raw or ""))
    found = Keywords()
    if not body:
        return found
    scored = [
        (word, weight)
        for word, weight in extractor().extract_tags(body, topK=top * 2, withWeight=True)
        if is_keyword(word)
    ][:top]
    best = max((weight for _word, weight in scored), default=1.0)
    for word, weight in scored:
        found.add(word, EXTRACTED_SCALE * weight / best)
    for word in _dictionary_terms_in(body):
        found.add(word, EXTRACTED_SCALE / 2)
    return found


def _dictionary_terms_in(body):
    """Synonym terms written in the text (whole, however jieba segments around them)."""
    return [term for term in _synonyms_read()[1] if _occurs(term, body)]


def _occurs(term, body):
    if text.has_han(term):
        return term in body
    return re.search(rf"(?<![a-z0-9]){re.escape(term)}(?![a-z0-9])", body) is not None


def declared_keywords(words):
    """Keywords someone chose (an editor's tags, an organisation's capability keywords)."""
    found = Keywords()
    for word in words or []:
        if text.normalize(word):
            found.add(word, DECLARED_WEIGHT)
    return found


def opportunity_text(page):
    """What an opportunity says about itself: title (twice: it names the task), summary and
    body, as the search index has them."""
    from search.documents import opportunity_fields

    if not (page.first_published_at or page.last_published_at):
        return " ".join([page.title, page.title, page.summary])  # a draft never published
    fields = opportunity_fields(page)
    return " ".join([fields["title"], fields["title"], fields["summary"], fields["body"]])


def opportunity_keywords(page):
    """The editor's keywords, then what its text adds."""
    keywords = declared_keywords(tag.name for tag in page.keywords.all())
    return keywords.merge(text_keywords(opportunity_text(page)))


def suggested_keywords(page, count=10):
    """Extracted keywords the editor has not tagged yet, best first: suggestions for the admin."""
    tagged = {preferred(tag.name) for tag in page.keywords.all()}
    extracted = text_keywords(opportunity_text(page))
    return [
        extracted.surface[term] for term in extracted.top(count + len(tagged)) if term not in tagged
    ][:count]


def bid_text(bid):
    """A bid's own words: summary, approach and its responses to the targets."""
    parts = [bid.summary, bid.approach]
    for response in bid.target_responses.all():
        parts += [response.indicator, response.committed_value, response.approach]
    return " ".join(part for part in parts if part)


def organisation_keywords(company, past_bids=None):
    """Capability keywords, then its description's, then its own past bids' (never another
    organisation's: a profile is built from what the organisation itself wrote)."""
    keywords = declared_keywords(company.capability_keywords)
    keywords.merge(text_keywords(company.description))
    bids = company.bids.active() if past_bids is None else past_bids
    bids_text = " ".join(bid_text(bid) for bid in bids)
    return keywords.merge(text_keywords(bids_text), scale=0.6)


def bid_keywords(bid):
    return text_keywords(bid_text(bid))
