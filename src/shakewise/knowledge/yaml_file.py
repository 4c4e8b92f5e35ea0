"""Reading one knowledge file's YAML, strictly: a key written twice in one mapping is an
error (plain YAML keeps the last one silently, which would drop half of a finding's words
without a word). Used when the knowledge base is built (not when it is read from its cache)
and for the reader's context rules."""

from __future__ import annotations

from pathlib import Path

import yaml

from shakewise.errors import KnowledgeError

# libyaml's C parser when PyYAML was built with it (about seven times faster here), the
# pure-Python one otherwise; both build the same safe types.
_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeBase):  # type: ignore[misc,valid-type]
    """A YAML loader that refuses a key written twice in one mapping: plain YAML keeps the
    last one silently, which would drop half of a finding's words without a word."""


def _no_duplicate_keys(loader: _StrictLoader, node: yaml.MappingNode) -> dict[object, object]:
    seen: set[object] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key '{key}' appears twice", key_node.start_mark
            )
        seen.add(key)
    mapping: dict[object, object] = loader.construct_mapping(node)
    return mapping


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _no_duplicate_keys,
)


def read_yaml(path: Path) -> object:
    """The file's data, or an error that names the file and what is wrong."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{path.name}: not valid YAML: {exc}") from None
