"""Dutch text analysis for search: words, their stems, stop words and compound parts.

The same analysis serves the search index (``search_terms`` of task areas and competencies)
and the query, on every database: SQLite's full-text index has no Dutch stemmer, so the stems
are made here, with the Snowball "dutch_porter" stemmer, the algorithm of PostgreSQL's
``dutch`` text search configuration. PostgreSQL stems the indexed terms once more with that
configuration; index and query pass the same way, so they still meet.

Compounds ("vrijwilligersbeleid") are found through a lexicon, the stems of the content
(``split_compound``): Dutch writes compounds as one word, and a part is only a part when it is
a word of its own.
"""

import re
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"\w+", re.UNICODE)
# The Snowball project's Dutch stop list, less the words that carry meaning in the framework.
STOPWORDS = frozenset(
    [
        "aan",
        "al",
        "alles",
        "als",
        "altijd",
        "andere",
        "ben",
        "bij",
        "daar",
        "dan",
        "dat",
        "de",
        "der",
        "deze",
        "die",
        "dit",
        "doch",
        "doen",
        "door",
        "dus",
        "een",
        "eens",
        "en",
        "er",
        "ge",
        "geen",
        "geweest",
        "haar",
        "had",
        "heb",
        "hebben",
        "heeft",
        "hem",
        "het",
        "hier",
        "hij",
        "hoe",
        "hun",
        "iemand",
        "iets",
        "ik",
        "in",
        "is",
        "ja",
        "je",
        "kan",
        "kon",
        "kunnen",
        "maar",
        "me",
        "meer",
        "men",
        "met",
        "mij",
        "mijn",
        "moet",
        "na",
        "naar",
        "niet",
        "niets",
        "nog",
        "nu",
        "of",
        "om",
        "omdat",
        "omtrent",
        "onder",
        "ons",
        "ook",
        "op",
        "over",
        "reeds",
        "te",
        "tegen",
        "toch",
        "toen",
        "tot",
        "u",
        "uit",
        "uw",
        "van",
        "veel",
        "voor",
        "want",
        "waren",
        "was",
        "wat",
        "werd",
        "wezen",
        "wie",
        "wil",
        "worden",
        "wordt",
        "zal",
        "ze",
        "zelf",
        "zich",
        "zij",
        "zijn",
        "zo",
        "zonder",
        "zou",
    ]
)
# Letters that join the parts of a compound: "werving-s-proces", "ketting-en-...".
LINKS = ("s", "e", "en", "")
MIN_PART = 4

_stemmer = snowballstemmer.stemmer("dutch_porter")


# "dilemma’s", "collega's": the plural's apostrophe does not split the word.
APOSTROPHE_S = re.compile(r"(?<=\w)['’]s\b")


def words(text):
    """The words of a text, lower case, in order (stop words included; single letters not)."""
    found = WORD.findall(APOSTROPHE_S.sub("s", text or ""))
    return [w.lower() for w in found if len(w) > 1]


@lru_cache(maxsize=50_000)
def stem(word):
    """The Snowball stem of one lower-case word."""
    return _stemmer.stemWord(word)


def terms(text):
    """The stems of a text's words, stop words left out: what is indexed and matched."""
    return [stem(w) for w in words(text) if w not in STOPWORDS]


def split_compound(word, lexicon):
    """The parts of a compound word as stems, [modifier, head], when both are words of the
    lexicon (a set of stems), e.g. "intakegesprek" -> ["intak", "gesprek"]; else []."""
    for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
        head = stem(word[cut:])
        if head not in lexicon:
            continue
        for link in LINKS:
            if link and not word[:cut].endswith(link):
                continue
            modifier = word[: cut - len(link)] if link else word[:cut]
            if len(modifier) >= MIN_PART and stem(modifier) in lexicon:
                return [stem(modifier), head]
    return []
