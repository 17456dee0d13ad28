"""YAML for data files, read the YAML 1.2 way: only ``true``/``false`` are booleans.

YAML 1.1 (PyYAML's default) reads ``on``, ``off``, ``yes`` and ``no`` as booleans,
which silently turns the preposition "on" or the negation "no" in a lexicon into
``True`` or ``False``.
"""

from __future__ import annotations

import re
from typing import Any

import yaml


class DataLoader(yaml.SafeLoader):
    """A safe loader whose booleans are only true and false."""


DataLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
DataLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def load_yaml(text: str) -> Any:
    """Parse YAML text with :class:`DataLoader`."""
    return yaml.load(text, Loader=DataLoader)
