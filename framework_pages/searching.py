"""Search in one edition: the query read in Dutch, the sections and competencies found by
Wagtail's search index, and the items in them that matched, ranked and highlighted.

Reading the query (``parse``): every word stands for a *concept* with alternatives, each a set
of index terms (``dutch.terms``) that must all occur:

- the word's stem ("werving" → "werving");
- the terms of the edition's lexicon that start with it, so a word being typed and another
  word form match ("werven" → "werv" → "werving", "wervingsproces");
- the compounds that contain it ("beleid" → "vrijwilligersbeleid");
- for a compound the content does not have, its parts ("intakegesprek" → "intake");
- the editors' synonyms (``Synoniem``: "VOG" → "verklaring omtrent gedrag").

The lexicon is the set of terms of the edition's visible content, with the word each stands
for (for "bedoelde je"); it is derived with the edition's competencies once per publish
(``edition_terms``). The index finds the sections and competencies that hold every
concept; their items are then matched with the same terms, so an item is shown exactly when
its section is found for it. Results are derived from published content only and kept per
query under the public content version (``portal.page_cache``), like the public pages.
"""

import difflib
import hashlib
from collections import Counter
from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Or, PlainText

from portal.page_cache import get_current, set_current

from .body import public_texts
from .dutch import MIN_PART, STOPWORDS, WORD, split_compound, stem, terms, words
from .items import competency_values, items_of_body
from .models import Competentie, FrameworkPage, Synoniem, TaakgebiedPage
from .visibility import is_public_path, visible_competencies, visible_pages
from .vocabulary import COMPETENTIE, ITEM_TYPE_LABELS, TASK, quadrant_label

MAX_ALTERNATIVES = 30
# Words of a query that are searched: each adds up to MAX_ALTERNATIVES terms to the query.
MAX_WORDS = 10
MAX_SECTIONS = 50
MAX_COMPETENCIES = 200
MAX_ITEMS = 40
SUGGESTIONS = 6

# Weights of the ways a concept can match an item: its own word beats another form of it,
# which beats a compound that contains it, which beats a part of the word.
EXACT, SYNONYM, PREFIX, SHORTER, CONTAINED, PARTS, PART = 1.0, 0.9, 0.8, 0.75, 0.7, 0.6, 0.4
# A term the typed word starts with counts as its form if at most this many letters differ:
# "ontwikkelplannen" → "ontwikkelplan", "begeleider" → "begeleid".
MAX_ENDING = 3


@dataclass(frozen=True)
class Alternative:
    tokens: frozenset
    weight: float


@dataclass(frozen=True)
class Concept:
    word: str  # as the visitor typed it
    alternatives: tuple

    def match(self, tokens):
        """(weight, the matching terms) of the best alternative all of whose terms occur."""
        best = (0.0, frozenset())
        for alternative in self.alternatives:
            if alternative.weight > best[0] and alternative.tokens <= tokens:
                best = (alternative.weight, alternative.tokens)
        return best

    def backend_query(self):
        return Or([And([PlainText(t) for t in sorted(a.tokens)]) for a in self.alternatives])


@dataclass
class Hit:
    """An item that matched: what the results list shows of it."""

    uid: str
    type_label: str
    html: str  # the item's text with the matched words in <mark>
    context: str  # quadrant or competency area
    section_number: str
    section_title: str
    url: str  # the item on its section page
    score: float = 0.0
    also_in: list = field(default_factory=list)  # other sections showing it (competencies)


@dataclass
class SectionHit:
    number: str
    title: str
    url: str
    items: int = 0


@dataclass
class Results:
    sections: list = field(default_factory=list)
    hits: list = field(default_factory=list)
    competencies: list = field(default_factory=list)  # (uid, highlighted text)
    partial: bool = False  # no result had every word: these have some
    truncated: bool = False  # only the first MAX_WORDS words were searched
    suggestion: str = ""  # "bedoelde je", when nothing was found

    @property
    def empty(self):
        return not (self.sections or self.hits or self.competencies)


# --------------------------------------------------------------------------------------------
# The lexicon and the synonyms, derived from the content and kept under its version


@dataclass
class EditionTerms:
    """What search needs of an edition besides the index, derived once per publish."""

    known: dict  # {term: the word it most often stands for}: the lexicon
    competencies: dict  # {pk: values} of its published competencies (items.competency_values)
    other_editions: list  # [(label, url)] of the other published editions, newest first


def edition_terms(edition):
    """The lexicon of everything visible in the edition, its competencies, the other editions."""
    key = f"search-edition:{edition.pk}"
    version, cached = get_current(key)
    if cached is not None:
        return cached
    # TaakgebiedPage rows hold every section's body, section 1 (a subclass) included.
    sections = visible_pages(TaakgebiedPage.objects.descendant_of(edition))
    texts = []
    for page in sections.only("title", "body"):
        texts += [page.title, *public_texts(page.body.raw_data)]
    competencies = competency_values(Competentie.objects.filter(edition=edition).values("pk"))
    texts += [c.text for c in competencies.values()]
    forms = Counter(w for w in words(" ".join(texts)) if w not in STOPWORDS)
    known = {}
    for word, _count in forms.most_common():
        known.setdefault(stem(word), word)
    others = visible_pages(FrameworkPage.objects.exclude(pk=edition.pk)).newest_first()
    found = EditionTerms(known, competencies, [(e.edition_label, e.url) for e in others])
    set_current(key, version, found)
    return found


def synonym_groups():
    """[(phrase as a tuple of terms, ...)] of the editors' synonyms."""
    key = "search-synonyms"
    version, cached = get_current(key)
    if cached is not None:
        return cached
    groups = []
    for synoniem in Synoniem.objects.all():
        phrases = tuple(dict.fromkeys(tuple(terms(p)) for p in synoniem.phrases() if terms(p)))
        if len(phrases) > 1:
            groups.append(phrases)
    set_current(key, version, groups)
    return groups


# --------------------------------------------------------------------------------------------
# Reading the query


def expand(word, known):
    """The alternatives of one typed word against the lexicon ``known``: its stem, terms
    that start with it (prefix, other forms), compounds that contain it, terms it starts
    with (other forms), and for an unknown compound its parts."""
    own = stem(word)
    weights = {own: EXACT}
    if len(word) >= 3:
        for term in known:
            if term != own and (term.startswith(own) or term.startswith(word)):
                weights[term] = max(weights.get(term, 0), PREFIX)
            elif len(own) >= MIN_PART and own in term:
                weights[term] = max(weights.get(term, 0), CONTAINED)
            elif (
                len(term) > MIN_PART and own.startswith(term) and len(own) - len(term) <= MAX_ENDING
            ):
                weights[term] = max(weights.get(term, 0), SHORTER)
    ranked = sorted(weights.items(), key=lambda tw: (-tw[1], len(tw[0]), tw[0]))
    alternatives = [Alternative(frozenset([t]), w) for t, w in ranked[:MAX_ALTERNATIVES]]
    if len(weights) == 1 and own not in known:
        parts = split_compound(word, known)
        if parts:
            alternatives += [
                Alternative(frozenset(parts), PARTS),
                Alternative(frozenset(parts[:1]), PART),
                Alternative(frozenset(parts[1:]), PART / 2),
            ]
    return alternatives


def parse(query, known, groups=()):
    """[Concept] of a query: one per word, or per synonym phrase in it."""
    typed = [w for w in words(query) if w not in STOPWORDS]
    stems = [stem(w) for w in typed]
    concepts, i = [], 0
    while i < len(typed):
        phrase, group = (), ()
        for candidate in groups:
            for p in candidate:
                if len(p) > len(phrase) and tuple(stems[i : i + len(p)]) == p:
                    phrase, group = p, candidate
        if phrase:
            alternatives = [Alternative(frozenset(phrase), EXACT)]
            alternatives += [Alternative(frozenset(p), SYNONYM) for p in group if p != phrase]
            if len(phrase) == 1:
                alternatives += expand(typed[i], known)[1:]
            concepts.append(Concept(" ".join(typed[i : i + len(phrase)]), tuple(alternatives)))
            i += len(phrase)
        else:
            concepts.append(Concept(typed[i], tuple(expand(typed[i], known))))
            i += 1
    return concepts


def backend_query(concepts, every=True):
    queries = [c.backend_query() for c in concepts]
    return And(queries) if every else Or(queries)


# --------------------------------------------------------------------------------------------
# Matching items, highlighting, ranking


def highlight(text, tokens):
    """The text, escaped, with each word whose term is one of ``tokens`` in <mark>."""
    out, pos = [], 0
    for match in WORD.finditer(text):
        word = match.group(0).lower()
        if word not in STOPWORDS and stem(word) in tokens:
            out += [escape(text[pos : match.start()]), format_html("<mark>{}</mark>", match[0])]
            pos = match.end()
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))


def score_text(concepts, text):
    """(score, matched terms) of a text: how many concepts it holds, how well, and how much
    of the text they are (an item about the words beats one that mentions them in passing)."""
    tokens = terms(text)
    present = set(tokens)
    matched, weight, used = 0, 0.0, set()
    for concept in concepts:
        w, hit = concept.match(present)
        if w:
            matched += 1
            weight += w
            used |= hit
    if not matched:
        return 0.0, frozenset()
    density = sum(1 for t in tokens if t in used) / len(tokens)
    return matched * 10 + weight + density, frozenset(used)


def _context(item):
    if item.type == TASK:
        return str(quadrant_label(item.level, item.kind))
    if item.type == COMPETENTIE:
        return item.area_name
    return ""


def _hits(concepts, pages, competencies):
    hits, sections = {}, []
    for page in pages:
        url = page.url
        section = SectionHit(page.number, page.title, url)
        title_score, _used = score_text(concepts, page.title)
        best = title_score
        for item in items_of_body(page.body.raw_data, competencies, checkboxes_only=False):
            score, used = score_text(concepts, item.text)
            if score:
                section.items += 1
                best = max(best, score)
                if item.uid in hits:  # a competency chosen in several sections: listed once
                    hits[item.uid].also_in.append(page.number)
                    continue
                hits[item.uid] = Hit(
                    uid=item.uid,
                    type_label=str(ITEM_TYPE_LABELS[item.type]),
                    html=highlight(item.text, used),
                    context=_context(item),
                    section_number=page.number,
                    section_title=page.title,
                    url=f"{url}#item-{item.uid}",
                    score=score,
                )
        sections.append((best, section))
    sections.sort(key=lambda s: -s[0])
    return [s for _score, s in sections], sorted(hits.values(), key=lambda h: -h.score)[:MAX_ITEMS]


def _find(edition, concepts, competencies, every=True):
    query = backend_query(concepts, every)
    # The search backend filters on indexed fields only (live); view restrictions after.
    # Ranked here, item by item (_hits): the backend's own score is not asked for.
    found = (
        TaakgebiedPage.objects.descendant_of(edition)
        .live()
        .search(query, order_by_relevance=False)[:MAX_SECTIONS]
    )
    pages = [p for p in found if is_public_path(p.path)]
    results = Results(partial=not every)
    results.sections, results.hits = _hits(concepts, pages, competencies)
    competencies = get_search_backend().search(
        query,
        visible_competencies(Competentie.objects.filter(edition=edition)),
        order_by_relevance=False,
    )[:MAX_COMPETENCIES]
    scored = sorted(((*score_text(concepts, c.text), c) for c in competencies), key=lambda s: -s[0])
    for _score, used, competentie in scored:
        results.competencies.append((str(competentie.uid), highlight(competentie.text, used)))
    return results


def suggest(concepts, known):
    """A query of known words closest to one that found nothing ("bedoelde je"), or ""."""
    vocabulary = list(known)
    changed, out = False, []
    for concept in concepts:
        if any(a.tokens <= known.keys() for a in concept.alternatives):
            out.append(concept.word)
            continue
        close = difflib.get_close_matches(stem(concept.word), vocabulary, n=1, cutoff=0.7)
        out.append(known[close[0]] if close else concept.word)
        changed = changed or bool(close)
    return " ".join(out) if changed else ""


def search(edition, query):
    """The Results of a query in an edition: every word, else some of them, else the
    nearest known words' results with the suggestion."""
    normalized = " ".join(words(query)).encode()
    key = f"search-results:{edition.pk}:{hashlib.sha256(normalized).hexdigest()}"
    version, cached = get_current(key)
    if cached is not None:
        return cached
    terms_of = edition_terms(edition)
    known, competencies = terms_of.known, terms_of.competencies
    concepts = parse(query, known, synonym_groups())
    truncated = len(concepts) > MAX_WORDS
    concepts = concepts[:MAX_WORDS]
    results = Results()
    if concepts:
        results = _find(edition, concepts, competencies)
        if results.empty and len(concepts) > 1:
            results = _find(edition, concepts, competencies, every=False)
        if results.empty and (suggestion := suggest(concepts, known)):
            results = _find(edition, parse(suggestion, known, synonym_groups()), competencies)
            results.suggestion = suggestion
    results.truncated = truncated
    set_current(key, version, results)
    return results


def suggestions(edition, query):
    """The first items and sections for a query being typed."""
    results = search(edition, query)
    return results.hits[:SUGGESTIONS], results.sections[:SUGGESTIONS]
