"""Korean disposal-rule knowledge base: categories, items, ImageNet map, and item search."""

from ecoeco.knowledge.base import KnowledgeBase
from ecoeco.knowledge.embedding import CachedEmbedder, E5Embedder, Embedder, cache_file
from ecoeco.knowledge.errors import KnowledgeError, Problem
from ecoeco.knowledge.index import Doc, SemanticIndex
from ecoeco.knowledge.lexical import NameIndex
from ecoeco.knowledge.loader import DATA_DIR, load_knowledge
from ecoeco.knowledge.schema import Category, Condition, ImagenetEntry, Item, NotBelong
from ecoeco.knowledge.search import ItemSearch, MatchKind, SearchHit, SearchResult

__all__ = [
    "DATA_DIR",
    "CachedEmbedder",
    "Category",
    "Condition",
    "Doc",
    "E5Embedder",
    "Embedder",
    "ImagenetEntry",
    "Item",
    "ItemSearch",
    "KnowledgeBase",
    "KnowledgeError",
    "MatchKind",
    "NameIndex",
    "NotBelong",
    "Problem",
    "SearchHit",
    "SearchResult",
    "SemanticIndex",
    "cache_file",
    "load_knowledge",
]
