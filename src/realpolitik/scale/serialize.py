"""Results as plain JSON-ready dicts, to cross process boundaries and go through Parquet.

Every field of a :class:`~realpolitik.model.DocumentResult` is kept except ``parsed``
(the spaCy ``Doc``, which never leaves the process that made it). The dataclass
field types drive both directions: dates become ISO strings, tuples become lists,
records become dicts, and ``result_from_dict(result_to_dict(r)) == r`` exactly.

A record whose class is a subclass of its field's type (``WhenTimex`` in
``timexes: list[Timex]``) is written with a ``"$type"`` key naming its class, which
must live in the ``realpolitik`` package, and comes back as that class.

Values typed ``Any`` (``Event.date``, ``Event.location``, ``Event.extras``) must be
JSON values; a tuple, ``date`` or ``datetime`` inside them is written as a one-key
dict (``{"$tuple": [...]}``, ``{"$date": "2019-04-10"}``) so that it comes back as
it went in.
"""

from __future__ import annotations

import dataclasses
import importlib
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date, datetime
from functools import cache
from typing import Any

from ..model import Document, DocumentResult

_Convert = Callable[[Any], Any]
_NOT_SERIALISED: dict[type, frozenset[str]] = {DocumentResult: frozenset({"parsed"})}
_TAGS = ("$tuple", "$date", "$datetime")
_TYPE = "$type"  # on a record of a subclass of its field's type: "module:QualName"


def result_to_dict(result: DocumentResult) -> dict[str, Any]:
    """Every field of ``result`` but ``parsed``, as JSON-ready values."""
    encoded: dict[str, Any] = _codec(DocumentResult)[0](result)
    return encoded


def result_from_dict(data: Mapping[str, Any]) -> DocumentResult:
    """The result ``result_to_dict`` was given, with ``parsed=None``."""
    result: DocumentResult = _codec(DocumentResult)[1](data)
    return result


def document_to_dict(document: Document) -> dict[str, Any]:
    """A document as flat JSON-ready values (``date`` as an ISO string or None)."""
    encoded: dict[str, Any] = _codec(Document)[0](document)
    return encoded


def document_from_dict(data: Mapping[str, Any]) -> Document:
    """The document ``document_to_dict`` was given; keys that are not fields are ignored."""
    document: Document = _codec(Document)[1](data)
    return document


# --------------------------------------------------------------------- codecs


def _same(value: Any) -> Any:
    return value


def _optional(encode: _Convert, decode: _Convert) -> tuple[_Convert, _Convert]:
    return (
        lambda v: None if v is None else encode(v),
        lambda v: None if v is None else decode(v),
    )


@cache
def _codec(hint: Any) -> tuple[_Convert, _Convert]:
    """(encode, decode) for values of the type ``hint``, built once per type."""
    if hint is Any or hint in (object, list, tuple, dict):
        return _encode_any, _decode_any
    if hint in (str, int, float, bool, type(None)):
        return _same, _same
    if hint is date:
        return date.isoformat, date.fromisoformat
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _record_codec(hint)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Literal:
        return _same, _same
    if origin in (typing.Union, types.UnionType):
        others = [a for a in args if a is not type(None)]
        if len(others) == 1 and len(args) == 2:
            return _optional(*_codec(others[0]))
        if all(a in (str, int, float, bool, type(None)) for a in args):
            return _same, _same
    if origin is list and len(args) == 1:
        enc, dec = _codec(args[0])
        return (lambda v: [enc(x) for x in v]), (lambda v: [dec(x) for x in v])
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        enc, dec = _codec(args[0])
        return (lambda v: [enc(x) for x in v]), (lambda v: tuple(dec(x) for x in v))
    if origin is tuple and args:
        items = [_codec(a) for a in args]
        return (
            lambda v: [enc(x) for (enc, _), x in zip(items, v, strict=True)],
            lambda v: tuple(dec(x) for (_, dec), x in zip(items, v, strict=True)),
        )
    if origin is dict and len(args) == 2 and args[0] is str:
        enc, dec = _codec(args[1])
        return (
            lambda v: {k: enc(x) for k, x in v.items()},
            lambda v: {k: dec(x) for k, x in v.items()},
        )
    raise TypeError(f"realpolitik.scale.serialize cannot serialise fields of type {hint!r}")


def _record_codec(cls: type) -> tuple[_Convert, _Convert]:
    hints = typing.get_type_hints(cls)
    skipped = _NOT_SERIALISED.get(cls, frozenset())
    fields = [
        (f.name, *_codec(hints[f.name])) for f in dataclasses.fields(cls) if f.name not in skipped
    ]

    def encode(record: Any) -> dict[str, Any]:
        if type(record) is not cls:  # a subclass, with its own fields: say which
            encoded: dict[str, Any] = _codec(type(record))[0](record)
            return {_TYPE: _class_name(type(record)), **encoded}
        return {name: enc(getattr(record, name)) for name, enc, _ in fields}

    def decode(data: Mapping[str, Any]) -> Any:
        if _TYPE in data:
            actual = _subclass(cls, data[_TYPE])
            if actual is not cls:
                return _codec(actual)[1](data)
        return cls(**{name: dec(data[name]) for name, _, dec in fields if name in data})

    return encode, decode


def _class_name(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


@cache
def _subclass(base: type, name: str) -> type:
    """The realpolitik record class ``module:qualname``, which must be a subclass of ``base``."""
    module, _, qualname = name.partition(":")
    if module != "realpolitik" and not module.startswith("realpolitik."):
        raise TypeError(f"{name!r} is not a realpolitik record type")
    found: Any = importlib.import_module(module)
    for part in qualname.split("."):
        found = getattr(found, part)
    if not (isinstance(found, type) and issubclass(found, base)):
        raise TypeError(f"{name!r} is not a kind of {base.__name__}")
    return found


def _encode_any(value: Any) -> Any:
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, list):
        return [_encode_any(x) for x in value]
    if isinstance(value, tuple):
        return {"$tuple": [_encode_any(x) for x in value]}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, dict):
        if len(value) == 1 and next(iter(value)) in _TAGS:
            raise TypeError(f"cannot serialise a dict whose only key is {next(iter(value))!r}")
        if not all(isinstance(k, str) for k in value):
            raise TypeError("cannot serialise a dict with keys that are not strings")
        return {k: _encode_any(x) for k, x in value.items()}
    raise TypeError(f"cannot serialise a {type(value).__name__} in a free-form field")


def _decode_any(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode_any(x) for x in value]
    if isinstance(value, dict):
        if len(value) == 1:
            tag, inner = next(iter(value.items()))
            if tag == "$tuple":
                return tuple(_decode_any(x) for x in inner)
            if tag == "$date":
                return date.fromisoformat(inner)
            if tag == "$datetime":
                return datetime.fromisoformat(inner)
        return {k: _decode_any(x) for k, x in value.items()}
    return value
