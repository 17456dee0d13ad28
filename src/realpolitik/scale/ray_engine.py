"""Run the pipeline on Ray Data: one pipeline per actor, results through Parquet.

The documents become a Ray dataset with an ``index`` column (their input
position); ``map_batches`` codes them with a pool of actors, each holding one
pipeline; the serialised results (:mod:`realpolitik.scale.serialize`, one JSON
string per document) are written as Parquet partitions into ``parquet_dir``,
then read back one partition at a time, in input order, as ``DocumentResult``
for the caller to store.

Ray is optional (``pip install 'realpolitik[ray]'``) and imported only here,
only when called. On a remote cluster (``address=...``) every node needs
realpolitik, its spaCy model and the same dictionaries installed, and
``parquet_dir`` must be a folder that the nodes and the caller all see.
"""

from __future__ import annotations

import json
import logging
import os
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ..config import Settings
from ..errors import RealpolitikError
from ..model import Document, DocumentResult
from .serialize import document_from_dict, document_to_dict, result_from_dict, result_to_dict

if TYPE_CHECKING:
    import pyarrow

    from .local import Results

INSTALL_HINT = "pip install 'realpolitik[ray]'"
# Documents per Ray batch, unless the caller says otherwise: each batch is a Ray task with
# its own scheduling and object-store round trip, so batches stay larger than the local
# engine's.
DEFAULT_BATCH_SIZE = 32
_INDEX = "index"
_RESULT = "result"
_QUIET_LOGGERS = ("ray", "ray.data")


def _import_ray() -> ModuleType:
    try:
        import ray
        import ray.data  # the Data library comes with the [data] extra
    except ImportError as exc:
        raise RealpolitikError(
            f"the Ray engine needs Ray Data, which is not installed; run `{INSTALL_HINT}`"
        ) from exc
    return ray


@contextmanager
def ray_session(address: str | None = None, num_cpus: int | None = None) -> Iterator[ModuleType]:
    """Connect to Ray for the ``with`` block, quietly, and yield the ``ray`` module.

    ``address=None`` starts a local Ray with ``num_cpus`` CPUs (default: all) and no
    dashboard; otherwise connects to the cluster at ``address`` (``"auto"`` finds a
    running one). An already initialised Ray is used as it is and left running; a Ray
    started here is shut down at the end of the block.
    """
    ray = _import_ray()
    if ray.is_initialized():
        yield ray
        return
    ray.init(
        address=address,
        num_cpus=num_cpus if address is None else None,
        include_dashboard=False,
        logging_level=logging.ERROR,
        log_to_driver=False,
        configure_logging=True,
    )
    try:
        yield ray
    finally:
        ray.shutdown()


def run_ray(
    docs: Iterable[Document],
    settings: Settings,
    *,
    address: str | None = None,
    num_cpus: int | None = None,
    parquet_dir: Path,
    batch_size: int | None = None,
) -> Results:
    """Code ``docs`` on Ray with ``num_cpus`` pipeline actors; results in input order.

    Arguments are checked, and Ray imported, at the call; the work starts at the first
    ``next()``: Ray codes every document into ``parquet_dir`` before the first result.

    ``num_cpus`` defaults to every CPU of the local machine or the cluster, ``batch_size``
    to ``DEFAULT_BATCH_SIZE``. Results are
    also left in ``parquet_dir`` (which must be empty or absent) as Parquet files with
    the columns ``index`` (input position) and ``result`` (``result_to_dict`` as JSON).
    Results never carry ``parsed`` (the spaCy ``Doc``).
    """
    if num_cpus is not None and num_cpus < 1:
        raise ValueError(f"num_cpus must be 1 or more, not {num_cpus}")
    if batch_size is None:
        batch_size = DEFAULT_BATCH_SIZE
    if batch_size < 1:
        raise ValueError(f"batch_size must be 1 or more, not {batch_size}")
    parquet_dir = Path(parquet_dir)
    if parquet_dir.exists() and any(parquet_dir.iterdir()):
        raise RealpolitikError(f"{parquet_dir} is not empty; give the Ray engine a new folder")
    _import_ray()
    return _run(docs, settings, address, num_cpus, parquet_dir, batch_size)


def _run(
    docs: Iterable[Document],
    settings: Settings,
    address: str | None,
    num_cpus: int | None,
    parquet_dir: Path,
    batch_size: int,
) -> Results:
    rows = [{_INDEX: i, **document_to_dict(doc)} for i, doc in enumerate(docs)]
    if not rows:
        return
    with ray_session(address, num_cpus) as ray:
        actors = num_cpus or int(ray.cluster_resources().get("CPU", os.cpu_count() or 1))
        _write_results(ray, rows, settings, actors, parquet_dir, batch_size)
    total = len(rows)
    del rows
    yield from _read_in_order(parquet_dir, total)


class _CodeBatch:
    """The Ray Data callable: one pipeline per actor, loaded when the actor starts."""

    def __init__(self, settings: Settings) -> None:
        from ..pipeline import Pipeline

        self._pipeline = Pipeline.load(settings)

    def __call__(self, batch: pyarrow.Table) -> pyarrow.Table:
        import pyarrow

        rows = batch.to_pylist()
        documents = [document_from_dict(row) for row in rows]
        results = [
            json.dumps(result_to_dict(r), ensure_ascii=False) for r in self._pipeline.run(documents)
        ]
        return pyarrow.table({_INDEX: [row[_INDEX] for row in rows], _RESULT: results})


def _write_results(
    ray: ModuleType,
    rows: list[dict[str, Any]],
    settings: Settings,
    actors: int,
    parquet_dir: Path,
    batch_size: int,
) -> None:
    with _quiet_ordered_data_context(ray):
        blocks = max(1, -(-len(rows) // batch_size))
        dataset = ray.data.from_items(rows, override_num_blocks=blocks)
        coded = dataset.map_batches(
            _CodeBatch,
            fn_constructor_kwargs={"settings": settings},
            batch_size=batch_size,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=actors),
            num_cpus=1,
        )
        # Writing a partition is I/O; it must not wait for a CPU the actors hold.
        coded.write_parquet(str(parquet_dir), ray_remote_args={"num_cpus": 0})


@contextmanager
def _quiet_ordered_data_context(ray: ModuleType) -> Iterator[None]:
    """Ray Data in input order, without progress bars or info logs; restored afterwards."""
    levels = {name: logging.getLogger(name).level for name in _QUIET_LOGGERS}
    with warnings.catch_warnings():
        # Ray Data warns about its own deprecated settings when it makes its context.
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="ray.data.context")
        context = ray.data.DataContext.get_current()
        options = context.execution_options
        saved = (options.preserve_order, context.enable_progress_bars)
        try:
            # Partitions in input order, so that reading them back needs no sort.
            options.preserve_order = True
            context.enable_progress_bars = False
            for name in _QUIET_LOGGERS:
                logging.getLogger(name).setLevel(logging.ERROR)
            yield
        finally:
            options.preserve_order, context.enable_progress_bars = saved
            for name, level in levels.items():
                logging.getLogger(name).setLevel(level)


def _read_in_order(parquet_dir: Path, total: int) -> Iterator[DocumentResult]:
    """Yield the results in ``parquet_dir`` by their index, one partition in memory at a time.

    Partitions are ordered by their first index; a gap, a repeat, partitions that
    interleave or a missing tail mean results were lost or written twice: an error.
    """
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    starts: list[tuple[int, Path]] = []
    for path in parquet_dir.glob("*.parquet"):
        index = pq.read_table(path, columns=[_INDEX]).column(_INDEX)
        if len(index):
            starts.append((pc.min(index).as_py(), path))
    expected = 0
    for _, path in sorted(starts):
        table = pq.read_table(path, columns=[_INDEX, _RESULT]).sort_by(_INDEX)
        for index, encoded in zip(
            table.column(_INDEX).to_pylist(), table.column(_RESULT).to_pylist(), strict=True
        ):
            if index != expected:
                raise RealpolitikError(
                    f"Ray results in {parquet_dir} are out of order or incomplete: "
                    f"expected document {expected}, found {index}"
                )
            expected += 1
            yield result_from_dict(json.loads(encoded))
    if expected != total:
        raise RealpolitikError(
            f"Ray results in {parquet_dir} are incomplete: {expected} of {total} documents"
        )
