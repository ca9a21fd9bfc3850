"""Free-text search over the catalogue: BM25F over a programme's fields, with synonyms.

How a query is scored against a programme:

1. The query is analysed into terms (`tokens.Tokenizer`); words of a synonym group the
   analyser cuts in two ("고객 상담") are read back as one phrase. Each term or phrase is a
   *concept*; repeats count once.
2. A concept is matched through its *alternatives*, each with a weight:

   | alternative                                        | weight           |
   | -------------------------------------------------- | ---------------- |
   | the term itself                                    | 1.0              |
   | another word of its synonym group                  | `SYNONYM_WEIGHT` |
   | a catalogue word one edit away (typo), if no match | `TYPO_WEIGHT`    |
   | a known word inside an unknown compound            | `PIECE_WEIGHT`   |

3. BM25F, with the concept as one term (as Lucene's SynonymQuery): an alternative's counts
   in the title, the labels (field, group and audience words from `synonyms`), the summary
   and the place (centre name, 시/도, 시/군/구) are weighted by `FIELD_BOOSTS` and
   length-normalised per field (`B`); the alternatives' weighted counts add up, are saturated
   (`K1`) and multiplied by the IDF of the concept's most frequent alternative, so a rare
   synonym cannot outweigh the word that was typed. A phrase counts where all its words are.
4. A programme's score is the sum over concepts, times `AUDIENCE_PRIOR` for its audience;
   hits under `MIN_SHARE` of the best are dropped, so a query about call centres does not
   trail off into cooking courses that share only the word 교육. A concept found in more than
   `COMMON_SHARE` of the catalogue only reorders what the rarer ones found.

Spacing errors are mostly the analyser's job ("콜센터상담원과정" → 콜센터, 상담원, 과정). What it
leaves whole is split into known words (`split_compound`): a catalogue word also counts, at
`PIECE_WEIGHT`, for the known words inside it (위윙크 for 윙크), an unknown query word is
replaced by the known words inside it, and query words written apart that the catalogue
writes together are joined ("효 지도사" → 효지도사).
Everything costly happens once, in `SearchIndex.build`; `search` only walks the postings of
the query's few terms.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from handlers.search.synonyms import AUDIENCE_WORDS, FIELD_WORDS, GROUP_WORDS, Phrase, Synonyms
from handlers.search.tokens import Tokenizer, is_hangul, region_terms
from storage.records import ProgrammeListing

K1 = 1.2
B = 0.75
FIELD_BOOSTS = {"title": 3.0, "labels": 1.5, "summary": 1.0, "place": 1.0}
SYNONYM_WEIGHT = 0.6
TYPO_WEIGHT = 0.7
PIECE_WEIGHT = 0.5
MIN_SHARE = 0.2
COMPOUND_MIN = 4  # a term this long (in syllables) may be a compound worth splitting
TYPO_MIN = 3  # shorter words have too many neighbours one edit away
COMMON_SHARE = 0.3  # a word in more of the catalogue than this only reorders what others found
JOIN_MAX = 3  # at most this many query terms are read as one word or phrase
# Most people who type in the chat look for work: a programme for another audience still
# comes up, but after those for job seekers that match as well.
AUDIENCE_PRIOR = {"job_seekers": 1.0, "employed": 0.9, "managers": 0.8, "companies": 0.6}


@dataclass(frozen=True, slots=True)
class SearchHit:
    listing: ProgrammeListing
    score: float


@dataclass(frozen=True, slots=True)
class _Alternative:
    phrase: Phrase
    weight: float


QUERY_PREFIX = 200


class SearchIndex:
    """An inverted index of one catalogue; build it once, search it many times."""

    def __init__(
        self,
        listings: list[ProgrammeListing],
        postings: dict[str, dict[int, float]],
        tokenizer: Tokenizer,
        synonyms: Synonyms,
    ) -> None:
        self.listings = listings
        self._audiences = [listing.programme.audience for listing in listings]
        self.tokenizer = tokenizer
        self._postings = postings
        self._synonyms = synonyms
        self._vocabulary = frozenset(postings)
        self._typos = _deletion_index(self._vocabulary)
        # Multi-word synonyms ("고객 상담"), found where all their words are: the lesser count.
        self._phrase_counts = {
            phrase: _phrase_counts([postings[term] for term in phrase])
            for group in synonyms.groups
            for phrase in group
            if len(phrase) > 1 and all(term in postings for term in phrase)
        }

    @classmethod
    def build(
        cls, listings: Iterable[ProgrammeListing], tokenizer: Tokenizer | None = None
    ) -> SearchIndex:
        """Indexes `listings`; pass the `tokenizer` of a previous index to skip reloading it."""
        listings = list(listings)
        tokenizer = tokenizer or Tokenizer()
        synonyms = Synonyms(tokenizer.terms)
        documents = _documents(listings, tokenizer)
        vocabulary = {term for doc in documents for terms in doc.values() for term in terms}
        vocabulary.update(term for group in synonyms.groups for p in group for term in p)
        # A document's words of three syllables or more also count, at `PIECE_WEIGHT`, for the
        # known words inside them: 위윙크 and 윙크붐업 for 윙크, 빅데이터 for 데이터.
        pieces = [
            {
                name: [p for t in terms for p in split_compound(t, vocabulary, shortest=3)]
                for name, terms in doc.items()
            }
            for doc in documents
        ]
        return cls(listings, _field_counts(documents, pieces), tokenizer, synonyms)

    def search(
        self, query: str, limit: int = 10, audiences: Collection[str] | None = None
    ) -> list[SearchHit]:
        """The best `limit` programmes for `query`, best first; nothing for an empty query.

        `audiences`, when given, keeps only programmes for those audiences (for instance
        `handlers.recommend.audiences_for(profile)`). Only the first `QUERY_PREFIX` characters
        of a query are read: what anyone searches for fits in them.
        """
        scores = self._scores(self._concepts(self.tokenizer.terms(query[:QUERY_PREFIX])))
        allowed = None if audiences is None else set(audiences)
        for doc in list(scores):
            audience = self._audiences[doc]
            if allowed is not None and audience not in allowed:
                del scores[doc]
            else:
                scores[doc] *= AUDIENCE_PRIOR.get(audience, 1.0)
        if not scores:
            return []
        floor = max(scores.values()) * MIN_SHARE
        best = heapq.nsmallest(
            limit, ((-score, doc) for doc, score in scores.items() if score >= floor)
        )
        return [SearchHit(self.listings[doc], -negative) for negative, doc in best]

    def _concepts(self, terms: list[str]) -> list[list[_Alternative]]:
        concepts: dict[Phrase, list[_Alternative]] = {}
        for phrase in self._phrases(terms):
            if phrase in concepts:
                continue
            alternatives = self._known([_Alternative(phrase, 1.0), *self._synonyms_of(phrase)])
            if alternatives or len(phrase) > 1:
                concepts[phrase] = alternatives
                continue
            alternatives = self._known(self._typos_of(phrase[0]))
            if alternatives:
                concepts[phrase] = alternatives
                continue
            for piece in split_compound(phrase[0], self._vocabulary):
                concepts.setdefault((piece,), [_Alternative((piece,), PIECE_WEIGHT)])
        return [alternatives for alternatives in concepts.values() if alternatives]

    def _phrases(self, terms: list[str]) -> Iterable[Phrase]:
        """The terms, with runs that spell a multi-word synonym ("고객", "상담") read as one
        phrase; a run that the catalogue writes as one word ("효 지도사" → 효지도사) is read
        as that word too, besides its parts."""
        start = 0
        while start < len(terms):
            for size in range(min(JOIN_MAX, len(terms) - start), 1, -1):
                joined = "".join(terms[start : start + size])
                if joined in self._vocabulary and is_hangul(joined):
                    yield (joined,)
                    break
            for size in range(min(self._synonyms.longest, len(terms) - start), 0, -1):
                phrase = tuple(terms[start : start + size])
                if size == 1 or phrase in self._synonyms:
                    yield phrase
                    start += size
                    break

    def _synonyms_of(self, phrase: Phrase, weight: float = SYNONYM_WEIGHT) -> list[_Alternative]:
        return [_Alternative(other, weight) for other in self._synonyms.alternatives(phrase)]

    def _typos_of(self, term: str) -> list[_Alternative]:
        found = [_Alternative((word,), TYPO_WEIGHT) for word in _one_edit_away(term, self._typos)]
        for typo in list(found):
            found += self._synonyms_of(typo.phrase, TYPO_WEIGHT * SYNONYM_WEIGHT)
        return found

    def _known(self, alternatives: list[_Alternative]) -> list[_Alternative]:
        return [
            a
            for a in alternatives
            if a.phrase in self._phrase_counts
            or (len(a.phrase) == 1 and a.phrase[0] in self._postings)
        ]

    def _scores(self, concepts: list[list[_Alternative]]) -> dict[int, float]:
        """BM25 of each concept as one term, as Lucene's SynonymQuery does it: the weighted
        counts of its alternatives add up per programme, and its IDF is that of its most
        frequent alternative, so a rare synonym cannot outweigh the word that was typed.

        Concepts go rarest first. One found in more than `COMMON_SHARE` of the catalogue
        (교육, 과정) then only adds to the programmes the rarer ones found: it reorders them,
        and walking its postings in full would cost most of the search."""
        count = len(self.listings)
        weighted = [[(a.weight, self._counts(a.phrase)) for a in c] for c in concepts]
        weighted.sort(key=lambda lists: max(len(found) for _weight, found in lists))
        scores: dict[int, float] = {}
        for lists in weighted:
            idf = _idf(count, max(len(found) for _weight, found in lists))
            if scores and max(len(found) for _weight, found in lists) > COMMON_SHARE * count:
                counts = {doc: sum(w * found.get(doc, 0.0) for w, found in lists) for doc in scores}
            else:
                counts = {}
                for weight, found in lists:
                    for doc, tf in found.items():
                        counts[doc] = counts.get(doc, 0.0) + weight * tf
            for doc, tf in counts.items():
                if tf:
                    scores[doc] = scores.get(doc, 0.0) + idf * tf * (K1 + 1) / (K1 + tf)
        return scores

    def _counts(self, phrase: Phrase) -> dict[int, float]:
        return self._postings[phrase[0]] if len(phrase) == 1 else self._phrase_counts[phrase]


def _documents(listings: list[ProgrammeListing], tokenizer: Tokenizer) -> list[dict[str, list]]:
    titles = tokenizer.many([listing.programme.title for listing in listings])
    summaries = tokenizer.many([listing.programme.summary for listing in listings])
    labels: dict[str, list[str]] = {}
    places: dict[int, list[str]] = {}
    documents = []
    for listing, title, summary in zip(listings, titles, summaries, strict=True):
        programme, centre = listing.programme, listing.centre
        words = [FIELD_WORDS.get(code, "") for code in programme.fields]
        words += [GROUP_WORDS.get(code, "") for code in programme.target_groups]
        words.append(AUDIENCE_WORDS.get(programme.audience, ""))
        label_terms = []
        for word in words:
            if word not in labels:
                labels[word] = tokenizer.terms(word)
            label_terms += labels[word]
        if centre.id not in places:
            places[centre.id] = [
                *tokenizer.terms(centre.name),
                *region_terms(centre.sido),
                *region_terms(centre.sigungu),
            ]
        documents.append(
            {"title": title, "labels": label_terms, "summary": summary, "place": places[centre.id]}
        )
    return documents


def _field_counts(
    documents: list[dict[str, list[str]]], pieces: list[dict[str, list[str]]]
) -> dict[str, dict[int, float]]:
    """term → {document number: its count in each field, boosted and length-normalised}.

    A piece of a longer word counts `PIECE_WEIGHT` of an occurrence and adds no length.

    This is BM25F's pseudo term frequency; saturation and IDF are applied per query, when
    synonyms have been added in (`SearchIndex._concept_scores`)."""
    count = len(documents)
    average = {
        name: max(sum(len(doc[name]) for doc in documents) / max(count, 1), 1.0)
        for name in FIELD_BOOSTS
    }
    postings: dict[str, dict[int, float]] = {}
    for number, doc in enumerate(documents):
        for name, boost in FIELD_BOOSTS.items():
            norm = 1 - B + B * len(doc[name]) / average[name]
            counts = Counter(doc[name])
            for piece in pieces[number][name]:
                counts[piece] += PIECE_WEIGHT  # type: ignore[assignment]  # (counts in floats too)
            for term, tf in counts.items():
                found = postings.setdefault(term, {})
                found[number] = found.get(number, 0.0) + boost * tf / norm
    return postings


def _phrase_counts(lists: list[dict[int, float]]) -> dict[int, float]:
    lists = sorted(lists, key=len)
    common = set(lists[0]).intersection(*lists[1:])
    return {doc: min(found[doc] for found in lists) for doc in common}


def _idf(count: int, having: int) -> float:
    return math.log(1 + (count - having + 0.5) / (having + 0.5))


def split_compound(
    term: str, vocabulary: Collection[str], share: float = 0.5, shortest: int = COMPOUND_MIN
) -> list[str]:
    """The known words (two syllables or more) that best cover an unknown Hangul compound:
    "업사이클링디자이너" → 업사이클링, 디자이너. Empty when the term is short, not Hangul,
    or the words cover less than `share` of it."""
    if len(term) < shortest or not is_hangul(term):
        return []
    # best[i]: (syllables covered, words) for term[:i]; a syllable may be left uncovered.
    none: list[str] = []
    best: list[tuple[int, list[str]]] = [(0, none)] + [(-1, none)] * len(term)
    for end in range(1, len(term) + 1):
        covered, words = best[end - 1]
        best[end] = (covered, words)
        for start in range(max(0, end - 8), end - 1):
            word = term[start:end]
            if word != term and word in vocabulary and best[start][0] + len(word) > best[end][0]:
                best[end] = (best[start][0] + len(word), [*best[start][1], word])
    covered, words = best[-1]
    return words if words and covered >= share * len(term) else []


def _typo_keys(term: str) -> set[str]:
    return {term} | {term[:i] + term[i + 1 :] for i in range(len(term))}


def _deletion_index(vocabulary: Iterable[str]) -> dict[str, list[str]]:
    """Each word under itself and its one-deletion forms (SymSpell), for words long enough."""
    index: dict[str, list[str]] = {}
    for word in vocabulary:
        if len(word) >= (TYPO_MIN if is_hangul(word) else TYPO_MIN + 1):
            for key in _typo_keys(word):
                index.setdefault(key, []).append(word)
    return index


def _one_edit_away(term: str, index: dict[str, list[str]]) -> list[str]:
    """Known words one substitution, insertion, deletion or swap from `term`."""
    if len(term) < (TYPO_MIN if is_hangul(term) else TYPO_MIN + 1):
        return []
    candidates = {word for key in _typo_keys(term) for word in index.get(key, ())}
    return sorted(word for word in candidates if word != term and _within_one_edit(term, word))


def _within_one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 2:  # a swap of neighbours
            i, j = diffs
            return j == i + 1 and a[i] == b[j] and a[j] == b[i]
        return len(diffs) <= 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
