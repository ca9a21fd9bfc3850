"""Free-text search of the catalogue in Korean: analyser, synonyms and a BM25F index.

`SearchIndex.build(listings)` once per catalogue (it loads the analyser's model, about a
second, unless handed the `tokenizer` of a previous index), then `index.search(text)`.
"""

from handlers.search.index import SearchHit, SearchIndex
from handlers.search.tokens import Tokenizer

__all__ = ["SearchHit", "SearchIndex", "Tokenizer"]
