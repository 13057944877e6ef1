"""Korean disposal-rule knowledge base: categories, items, ImageNet map, and item search."""

from ecoeco.knowledge.base import KnowledgeBase
from ecoeco.knowledge.embedding import E5Embedder, Embedder
from ecoeco.knowledge.errors import KnowledgeError, Problem
from ecoeco.knowledge.loader import DATA_DIR, load_knowledge
from ecoeco.knowledge.schema import Category, Condition, ImagenetEntry, Item, NotBelong
from ecoeco.knowledge.search import ItemSearch, MatchKind, SearchHit, SearchResult

__all__ = [
    "DATA_DIR",
    "Category",
    "Condition",
    "E5Embedder",
    "Embedder",
    "ImagenetEntry",
    "Item",
    "ItemSearch",
    "KnowledgeBase",
    "KnowledgeError",
    "MatchKind",
    "NotBelong",
    "Problem",
    "SearchHit",
    "SearchResult",
    "load_knowledge",
]
