"""One exception hierarchy; the CLI turns each into a single readable line."""


class RealpolitikError(Exception):
    """Base class of every error realpolitik raises on purpose.

    ``exit_code`` is the command line's exit status for it: 1, or 2 for a command
    line that cannot be run as given (``UsageError``, ``NotAStoreError``).
    """

    exit_code: int = 1


class UsageError(RealpolitikError):
    """A command line that cannot be run as given; nothing was read or written."""

    exit_code = 2


class OutputError(UsageError):
    """An output that would overwrite a store, an input of the same run, or a file of
    another kind (``safe_output.py``)."""


class InputError(RealpolitikError):
    """An input could not be read as an English news text."""


class ModelNotFoundError(RealpolitikError):
    """The spaCy pipeline is not installed."""


class LexiconError(RealpolitikError):
    """A built-in or user dictionary is malformed."""


class StoreError(RealpolitikError):
    """The DuckDB store could not be opened or written."""


class NotAStoreError(StoreError):
    """A ``--db`` path that is neither a DuckDB database nor a new path."""

    exit_code = 2


class AssetBuildError(RealpolitikError):
    """The dashboard's third-party files (ECharts, country shapes) could not be built."""


class ServerError(RealpolitikError):
    """``realpolitik serve`` cannot start as configured (an unsafe host, a bad limit)."""


class ForwardError(RealpolitikError):
    """A command sent to the ``realpolitik serve`` that holds its store was refused there
    (``server/client.py``), or that server could not be reached."""
