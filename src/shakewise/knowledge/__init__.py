"""Clinical knowledge as data: YAML files, their schema, and the loader that checks them."""

from shakewise.knowledge.loader import KnowledgeBase, load_knowledge

__all__ = ["KnowledgeBase", "load_knowledge"]
