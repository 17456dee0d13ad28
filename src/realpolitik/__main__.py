"""``python -m realpolitik``: the same command line as ``realpolitik``."""

from __future__ import annotations

from .cli import main

raise SystemExit(main())
