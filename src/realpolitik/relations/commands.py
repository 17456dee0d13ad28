"""The ``dyad``, ``blocs`` and ``brief`` subcommands, ready for ``realpolitik.cli`` to mount:

    realpolitik dyad VEN RUS [--by month] [--period 2008] [--plot out.png] [--format csv]
    realpolitik blocs [--period 2008] [--plot blocs.svg] [--format json]
    realpolitik brief --since 2008-09-01 [--until DATE] [--actor VEN] [--governments-only]

``add_commands(sub)`` adds the parsers to the CLI's subparsers; ``COMMANDS`` maps each name to
its ``run(args, out, err) -> int``, the shape of ``cli.run_extract``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..config import default_db_path
from ..errors import InputError
from ..model import parse_date
from .periods import BYS
from .state import check_actors

if TYPE_CHECKING:  # pandas and the rest load when a command runs, not when the CLI starts
    import pandas as pd
    from rich.console import Console

    from .api import Relations

TABLE_FORMATS = ("table", "csv", "json")
DYAD_COLUMNS = (
    "period",
    "n_events",
    "n_docs",
    "weight",
    "score",
    "index",
    "verbal_cooperation",
    "material_cooperation",
    "verbal_conflict",
    "material_conflict",
)


def _date(value: str) -> date:
    try:
        return parse_date(value)
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _common(parser: argparse.ArgumentParser, formats: tuple[str, ...], default: str) -> None:
    parser.add_argument("--format", choices=formats, default=default, help="output format")
    parser.add_argument("--output", "-o", type=Path, help="write the output to this file")
    parser.add_argument(
        "--db", type=Path, default=None, help=f"the store (default {default_db_path()})"
    )
    parser.add_argument(
        "--weights", type=Path, help="a YAML file of weights laid over the defaults"
    )


def _governments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--governments-only",
        dest="actors",
        action="store_const",
        const="state",
        default="all",
        help="count only events whose both sides are governments (GOV, MIL, LEG, JUD, COP, "
        "SPY or the bare country; relations/state.py)",
    )
    # Checked when the command runs (check_actors), so that a wrong value is one line.
    parser.add_argument(
        "--actors",
        dest="actors",
        default="all",
        metavar="{all,state}",
        help="all: every actor of a country (the default); state: the same as --governments-only",
    )


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``dyad``, ``blocs`` and ``brief`` to the CLI's subparsers."""
    dy = sub.add_parser("dyad", help="a dyad's relation, period by period")
    dy.add_argument("a", metavar="A", help="a country (VEN) or an actor code (VENGOV)")
    dy.add_argument("b", metavar="B", nargs="?", help="the other side; leave out for everyone")
    dy.add_argument("--by", choices=BYS, default="month", help="period length")
    dy.add_argument("--period", help="2008, 2008-Q3, 2008-07, START..END (default all)")
    dy.add_argument("--direction", choices=("both", "out", "in"), default="both")
    _governments(dy)
    dy.add_argument("--plot", type=Path, metavar="FILE", help="also draw it (.png or .svg)")
    _common(dy, TABLE_FORMATS, "table")

    bl = sub.add_parser("blocs", help="alignment blocs of a period, by signed modularity")
    bl.add_argument("--period", help="2008, 2008-Q3, 2008-07, START..END (default all)")
    bl.add_argument("--min-events", type=int, default=1, help="ignore thinner dyads")
    _governments(bl)
    bl.add_argument("--plot", type=Path, metavar="FILE", help="also draw the network")
    _common(bl, TABLE_FORMATS, "table")

    br = sub.add_parser("brief", help="what changed between states since a date")
    br.add_argument("--since", type=_date, required=True, help="first day (YYYY-MM-DD)")
    br.add_argument("--until", type=_date, help="last day (default: the latest event)")
    br.add_argument("--actor", help="only what involves this country (or actor code)")
    br.add_argument("--top", type=int, default=5, help="dyads per section")
    _governments(br)
    _common(br, ("markdown", "json"), "markdown")


def _plot_target(args: argparse.Namespace) -> tuple[Path, str, list[Path | None]] | None:
    """Where ``--plot`` goes, checked before anything is read (``safe_output.py``)."""
    if not args.plot:
        return None
    from ..safe_output import check_output, plot_kind

    inputs = [args.db or default_db_path(), args.weights]
    kind = plot_kind(args.plot)
    check_output(args.plot, kind, inputs=inputs)
    return args.plot, kind, inputs


def _open(args: argparse.Namespace) -> Relations:
    from .api import Relations

    return Relations.open(args.db or default_db_path(), args.weights)


def _write_frame(frame: pd.DataFrame, fmt: str, out: TextIO) -> None:
    if fmt == "csv":
        frame.to_csv(out, index=False)
    elif fmt == "json":
        out.write(frame.to_json(orient="records", date_format="iso", force_ascii=False) + "\n")
    else:
        out.write(frame.to_string(index=False) + "\n")


def run_dyad(args: argparse.Namespace, out: TextIO, err: Console) -> int:
    check_actors(args.actors)
    target = _plot_target(args)
    with _open(args) as rel:
        frame = rel.dyad(
            args.a,
            args.b,
            by=args.by,
            period=args.period,
            direction=args.direction,
            actors=args.actors,
        )
    summary = frame.attrs["summary"]
    if not summary["n_events"]:
        other = f" and {args.b}" if args.b else ""
        within = f" in {args.period}" if args.period else ""
        err.print(f"no stories of {args.a}{other}{within}", markup=False, highlight=False)
        return 1
    table = frame if args.format != "table" else frame[list(DYAD_COLUMNS)]
    _write_frame(table, args.format, out)
    err.print(
        f"{summary['a']}–{summary['b']}: index {summary['index']:+.2f}, trend "
        f"{summary['trend']}, {summary['n_events']} stories from {summary['n_docs']} documents"
        + (" (thin)" if summary["thin"] else ""),
        markup=False,
        highlight=False,
    )
    if target is not None:
        from ..safe_output import replacing
        from .plot import plot_dyad

        with replacing(target[0], target[1], inputs=target[2]) as temp:
            plot_dyad(frame, temp)
        err.print(f"plot written to {args.plot}", markup=False, highlight=False)
    return 0


def run_blocs(args: argparse.Namespace, out: TextIO, err: Console) -> int:
    check_actors(args.actors)
    target = _plot_target(args)
    with _open(args) as rel:
        blocs = rel.blocs(args.period, min_events=args.min_events, actors=args.actors)
        edges = (
            rel.network(args.period, min_events=args.min_events, actors=args.actors)
            if args.plot
            else None
        )
    if blocs.empty:
        within = f" in {args.period}" if args.period else ""
        err.print(f"no dyads{within}", markup=False, highlight=False)
        return 1
    _write_frame(blocs, args.format, out)
    attrs = blocs.attrs
    err.print(
        f"{attrs['n_blocs']} blocs of {len(blocs)} states, modularity {attrs['modularity']:.3f}, "
        f"frustration {attrs['frustration']:.3f}",
        markup=False,
        highlight=False,
    )
    if target is not None and edges is not None:
        from ..safe_output import replacing
        from .plot import plot_network

        with replacing(target[0], target[1], inputs=target[2]) as temp:
            plot_network(blocs, edges, temp)
        err.print(f"plot written to {args.plot}", markup=False, highlight=False)
    return 0


def run_brief(args: argparse.Namespace, out: TextIO, err: Console) -> int:
    check_actors(args.actors)  # before the store is opened
    with _open(args) as rel:
        brief = rel.brief(
            args.since, until=args.until, actor=args.actor, top=args.top, actors=args.actors
        )
    out.write(brief.to_json() + "\n" if args.format == "json" else brief.to_markdown())
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO, Console], int]] = {
    "dyad": run_dyad,
    "blocs": run_blocs,
    "brief": run_brief,
}
