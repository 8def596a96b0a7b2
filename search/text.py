"""Chinese text for search, shared by both backends: NFKC normalisation, jieba words, bigrams.

The Elasticsearch server core has no cjk_width, ngram or synonym filters, so width and case are
normalised here, words are segmented here with jieba (its user dictionary holds the taxonomy,
the keywords and the synonyms), and the embedded backend indexes exactly the same words.
"""

import hashlib
import logging
import math
import os
import re
import threading
import time
import unicodedata

import jieba

jieba.setLogLevel(logging.WARNING)

_SPACE = re.compile(r"\s+")
# A token worth indexing: at least one letter, digit or Han character (drops punctuation).
_WORDLIKE = re.compile(r"[\w\u3400-\u9fff]", re.UNICODE)
_HAN = re.compile(r"[\u3400-\u9fff]")
# Runs the bigram view is built from: Han runs become overlapping pairs, Latin/digit runs stay.
_RUNS = re.compile(r"[\u3400-\u9fff]+|[a-z0-9]+(?:[.+#][a-z0-9]+)*")


def fold(text):
    """Full-width to half-width and compatibility forms folded (NFKC), single spaces; what is
    indexed for display and highlighting (the analyzers lowercase)."""
    if not text:
        return ""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", str(text))).strip()


def normalize(text):
    """`fold`, then lower case: what is compared, segmented and matched."""
    return fold(text).lower()


def dictionary_words():
    """The user dictionary: domain names, opportunity keywords, synonym and related terms."""
    from taggit.models import Tag

    from cms.models import Domain, OpportunityPage

    from .models import RelatedTerms, Synonym, split_terms

    words = set(Domain.objects.values_list("name", flat=True))
    words |= set(
        Tag.objects.filter(
            pk__in=OpportunityPage.keywords.through.objects.values("tag_id")
        ).values_list("name", flat=True)
    )
    for terms in Synonym.objects.term_groups():
        words |= set(terms)
    for term, related in RelatedTerms.objects.values_list("term", "related"):
        words |= {term, *split_terms(related)}
    return {normalize(word) for word in words if len(normalize(word)) > 1}


_synonym_groups = (None, [])


def synonym_groups():
    """Every synonym group as normalised terms, for expanding a query. Normalising the shipped
    dictionary's terms costs ~8 ms, so this process keeps them until the table changes: one
    cheap query per search (count, latest change, highest id) sees an edit, an addition or a
    deletion at once."""
    global _synonym_groups
    from django.db.models import Count, Max

    from .models import Synonym

    state = Synonym.objects.aggregate(count=Count("id"), changed=Max("updated_at"), last=Max("id"))
    fingerprint = tuple(state.values())
    seen, groups = _synonym_groups
    if fingerprint != seen:
        groups = [[normalize(term) for term in terms] for terms in Synonym.objects.term_groups()]
        _synonym_groups = (fingerprint, groups)
    return groups


# Words a searcher types around what they want (我们是做…的，有没有…): dropped from queries
# unless nothing else is left. Indexing keeps every word.
QUERY_STOPWORDS = frozenset(
    [
        "我",
        "我们",
        "你",
        "您",
        "他们",
        "公司",
        "单位",
        "是",
        "做",
        "的",
        "地",
        "得",
        "了",
        "着",
        "能",
        "能够",
        "想",
        "找",
        "要",
        "有",
        "有没有",
        "没有",
        "哪些",
        "哪个",
        "什么",
        "怎么",
        "如何",
        "适合",
        "参与",
        "或",
        "或者",
        "和",
        "与",
        "及",
        "以及",
        "在",
        "为",
        "对",
        "把",
        "被",
        "吗",
        "呢",
        "吧",
        "啊",
        "请问",
        "可以",
        "需要",
        "一些",
        "这个",
        "那个",
        "相关",
        "方面",
        "领域",
        "的话",
        "一下",
        "希望",
    ]
)

# How long a process keeps its user dictionary before re-reading it from the database.
DICTIONARY_TTL_SECONDS = 300

_tokenizer = None
# Each user word's frequency in jieba's own dictionary before it was added (0: not there).
_jieba_freq = {}
_user_words = set()
_dictionary_key = ""
_loaded_at = None
_tokenizer_lock = threading.Lock()


def tokenizer():
    """The process-wide jieba tokenizer with the user dictionary: jieba's own dictionary is
    loaded once; the user words are re-read when stale (see `reset_tokenizer`)."""
    global _tokenizer, _loaded_at
    stale = _loaded_at is None or time.monotonic() - _loaded_at > DICTIONARY_TTL_SECONDS
    if _tokenizer is None or stale:
        with _tokenizer_lock:
            if _tokenizer is None:
                fresh = jieba.Tokenizer()
                fresh.initialize()
                _tokenizer = fresh
            if _loaded_at is None or time.monotonic() - _loaded_at > DICTIONARY_TTL_SECONDS:
                _set_user_words(_safe_dictionary_words())
                _loaded_at = time.monotonic()
    return _tokenizer


def _set_user_words(words):
    global _user_words, _dictionary_key
    for word in _user_words - words:
        _restore_word(word)
    for word in sorted(words - _user_words):
        _jieba_freq[word] = _tokenizer.FREQ.get(word, 0)
        _tokenizer.add_word(word)
    _user_words, _dictionary_key = set(words), dictionary_key_of(words)


def _restore_word(word):
    """Give a word that leaves the user dictionary back the frequency jieba's own dictionary
    gave it (del_word would drop a common word such as 预警 from jieba altogether)."""
    original = _jieba_freq.pop(word, 0)
    _tokenizer.total += original - _tokenizer.FREQ.get(word, 0)
    _tokenizer.FREQ[word] = original


def dictionary_key_of(words):
    """A short fingerprint of a user dictionary (and of jieba's version): words segmented with
    one dictionary are reused only while the key is the same."""
    digest = hashlib.sha256(f"jieba {jieba.__version__}\n".encode())
    digest.update("\n".join(sorted(words)).encode())
    return digest.hexdigest()[:32]


def dictionary_key():
    """The key of the user dictionary the tokenizer segments with now (re-read when stale)."""
    tokenizer()
    return _dictionary_key


def user_words():
    """The user dictionary the tokenizer segments with now (re-read when stale)."""
    tokenizer()
    return set(_user_words)


def use_dictionary(words):
    """Segment with exactly these user words from now on, never reading the database (a
    segmentation process of a rebuild, handed the words its parent read)."""
    global _tokenizer, _loaded_at
    with _tokenizer_lock:
        if _tokenizer is None:
            _tokenizer = jieba.Tokenizer()
            _tokenizer.initialize()
        _set_user_words(set(words))
        _loaded_at = math.inf


def _safe_dictionary_words():
    from django.db import DatabaseError

    try:
        return dictionary_words()
    except DatabaseError:  # before migrations, e.g. during `migrate` itself
        return set()


def start_segmenter(settings_module, words):
    """Start a segmentation process of a rebuild's pool: Django set up (its tasks import the
    record code) but never queried, and the user dictionary its parent read. Lives here, where
    nothing imports a model, so the process can load it before Django is set up."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    django.setup()
    use_dictionary(words)


def reset_tokenizer():
    """Re-read the user dictionary on the next use (after the taxonomy, keywords or synonyms
    changed in this process; other processes follow within DICTIONARY_TTL_SECONDS)."""
    global _loaded_at
    with _tokenizer_lock:
        _loaded_at = None


def words(text, for_query=False):
    """jieba words of normalised text: the search-engine mode (words and their parts) for
    indexing, the precise mode for queries."""
    text = normalize(text)
    if not text:
        return []
    cut = tokenizer().lcut if for_query else tokenizer().lcut_for_search
    return [word for word in (w.strip() for w in cut(text)) if word and _WORDLIKE.search(word)]


def words_text(text, for_query=False):
    """The words joined by spaces: what the whitespace-analysed fields and FTS5 index."""
    return " ".join(words(text, for_query=for_query))


def bigrams(text):
    """Overlapping Han character pairs plus single characters, and Latin/digit words whole;
    the embedded backend's view of what Elasticsearch's standard tokenizer + shingle give."""
    grams = []
    for run in _RUNS.findall(normalize(text)):
        if _HAN.match(run):
            grams.extend(run)
            grams.extend(run[i : i + 2] for i in range(len(run) - 1))
        else:
            grams.append(run)
    return grams


def pairs(text):
    """`bigrams` without the single Han characters, unless the text is one character."""
    grams = bigrams(text)
    return [gram for gram in grams if len(gram) > 1 or not has_han(gram)] or grams


def has_han(text):
    return bool(_HAN.search(text or ""))
