"""Code many documents at once: several local processes, or a Ray cluster.

>>> from realpolitik.config import Settings
>>> from realpolitik.scale import run_parallel
>>> results = run_parallel(documents, Settings(), workers=2)  # doctest: +SKIP

Both engines yield :class:`~realpolitik.model.DocumentResult` in input order,
without the spaCy ``Doc`` (``parsed`` is None), ready for ``EventStore.write``.
Ray is optional: ``pip install 'realpolitik[ray]'``.
"""

from __future__ import annotations

from .local import LocalPool, run_parallel
from .ray_engine import ray_session, run_ray
from .serialize import document_from_dict, document_to_dict, result_from_dict, result_to_dict

__all__ = [
    "LocalPool",
    "document_from_dict",
    "document_to_dict",
    "ray_session",
    "result_from_dict",
    "result_to_dict",
    "run_parallel",
    "run_ray",
]
