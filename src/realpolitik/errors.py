"""One exception hierarchy; the CLI turns each into a single readable line."""


class RealpolitikError(Exception):
    """Base class of every error realpolitik raises on purpose."""


class InputError(RealpolitikError):
    """An input could not be read as an English news text."""


class ModelNotFoundError(RealpolitikError):
    """The spaCy pipeline is not installed."""


class LexiconError(RealpolitikError):
    """A built-in or user dictionary is malformed."""


class StoreError(RealpolitikError):
    """The DuckDB store could not be opened or written."""


class AssetBuildError(RealpolitikError):
    """The dashboard's third-party files (ECharts, country shapes) could not be built."""


class ServerError(RealpolitikError):
    """``realpolitik serve`` cannot start as configured (an unsafe host, a bad limit)."""
