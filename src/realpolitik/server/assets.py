"""Build the dashboard's third-party files: the ECharts library and the world's country shapes.

    python -m realpolitik.server.assets          # npm ci in web/, then write static/vendor/
    python -m realpolitik.server.assets --check  # exit 1, with one line, when they are missing

The versions are pinned by ``web/package.json`` and ``web/package-lock.json``. The build copies
``echarts/dist/echarts.min.js`` and turns world-atlas's ``countries-110m.json`` (TopoJSON, ISO
3166 numeric ids) into ``world.geojson``, whose feature ids are ISO-3 codes (pycountry), the
codes realpolitik's events carry. Everything lands in ``static/vendor/``, which git ignores and
the wheel ships; the dashboard says how to build it when it is missing. Nothing else in
realpolitik needs Node.js.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

import pycountry

from ..errors import AssetBuildError

STATIC = Path(__file__).parent / "static"
VENDOR = STATIC / "vendor"
#: What the dashboard loads; the build writes these (and the libraries' licences) to VENDOR.
VENDOR_FILES = ("echarts.min.js", "world.geojson")
BUILD_COMMAND = "python -m realpolitik.server.assets"

#: Shapes world-atlas draws without an ISO numeric id, by its name: Kosovo has the code
#: realpolitik uses (XKX, user-assigned); the others are drawn as part of the state they
#: belong to in ISO 3166.
UNCODED_SHAPES = {"Kosovo": "XKX", "N. Cyprus": "CYP", "Somaliland": "SOM"}
#: Shapes left off the map: no state relates to Antarctica, and it takes a sixth of the height.
LEFT_OFF = frozenset({"ATA"})
#: Decimal places kept in coordinates (about 100 m, far finer than the 1:110m shapes).
PRECISION = 3

_LICENCES = {
    "echarts": ("LICENSE", "NOTICE"),
    "world-atlas": ("LICENSE",),
}


def source_web_dir() -> Path:
    """The ``web/`` folder of a source checkout (it holds package.json); absent in a wheel."""
    return Path(__file__).resolve().parents[3] / "web"


def missing_assets(vendor: Path = VENDOR) -> list[str]:
    """The vendored files the dashboard needs that are not there."""
    return [name for name in VENDOR_FILES if not (vendor / name).is_file()]


def _run(command: list[str], cwd: Path) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise AssetBuildError(f"`{' '.join(command)}` failed in {cwd}: " + " / ".join(tail))


def _installed_matches_lock(web: Path) -> bool:
    """True when node_modules holds exactly what package-lock.json pins (npm's hidden lock)."""
    hidden = web / "node_modules" / ".package-lock.json"
    if not hidden.is_file():
        return False
    pinned = json.loads((web / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    installed = json.loads(hidden.read_text(encoding="utf-8"))["packages"]

    def versions(packages: dict[str, Any]) -> dict[str, str | None]:
        return {path: meta.get("version") for path, meta in packages.items() if path}

    return versions(pinned) == versions(installed)


def npm_install(web: Path) -> None:
    """``npm ci`` in ``web``, unless node_modules already holds the pinned versions."""
    npm = shutil.which("npm")
    if npm is None:
        raise AssetBuildError(
            "npm not found: install Node.js and npm (Debian: apt-get install nodejs npm), "
            f"then run `{BUILD_COMMAND}`"
        )
    if not (web / "package-lock.json").is_file():
        raise AssetBuildError(f"no package-lock.json in {web}")
    if not _installed_matches_lock(web):
        _run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], web)


def _round(coordinates: Any) -> Any:
    if isinstance(coordinates, int | float):
        return round(coordinates, PRECISION)
    return [_round(part) for part in coordinates]


def unwrap_ring(ring: list[list[float]]) -> list[list[float]]:
    """A ring that crosses the antimeridian, with its western part moved past 180°.

    world-atlas cuts such rings (Chukotka, Fiji) at ±180°; drawn on a flat map, their edges
    would run across the whole world. Longitudes beyond 180 keep them in one piece.
    """
    crosses = any(abs(b[0] - a[0]) > 180 for a, b in pairwise(ring))
    if not crosses:
        return ring
    return [[x + 360 if x < 0 else x, *rest] for x, *rest in ring]


def _polygons(geometry: dict[str, Any]) -> list[Any]:
    if geometry["type"] == "Polygon":
        polygons = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = list(geometry["coordinates"])
    else:
        raise AssetBuildError(f"unexpected geometry {geometry['type']} in the country shapes")
    return [[unwrap_ring(ring) for ring in polygon] for polygon in polygons]


def iso3_of(feature: dict[str, Any]) -> str:
    """The ISO-3 code of a world-atlas feature (ISO numeric id, or a name for those without)."""
    name = feature.get("properties", {}).get("name", "")
    numeric = feature.get("id")
    if numeric is None:
        if name in UNCODED_SHAPES:
            return UNCODED_SHAPES[name]
        raise AssetBuildError(f"the shape {name!r} has no ISO id and no code in UNCODED_SHAPES")
    country = pycountry.countries.get(numeric=str(numeric).zfill(3))
    if country is None:
        raise AssetBuildError(f"ISO 3166 numeric {numeric} ({name}) is not in pycountry")
    return str(country.alpha_3)


def country_shapes(collection: dict[str, Any]) -> dict[str, Any]:
    """world-atlas's GeoJSON with one feature per ISO-3 code.

    Each feature's ``id`` and ``properties.iso3`` are the code, ``properties.name`` the short
    English name world-atlas gives it; pieces of one state are merged into a MultiPolygon.
    """
    names: dict[str, str] = {}
    pieces: dict[str, list[Any]] = {}
    for feature in collection["features"]:
        code = iso3_of(feature)
        if code in LEFT_OFF or feature.get("geometry") is None:
            continue
        if feature.get("id") is not None or code not in names:
            names[code] = feature["properties"]["name"]
        pieces.setdefault(code, []).extend(_polygons(feature["geometry"]))
    features = [
        {
            "type": "Feature",
            "id": code,
            "properties": {"iso3": code, "name": names[code]},
            "geometry": (
                {"type": "Polygon", "coordinates": _round(polygons[0])}
                if len(polygons) == 1
                else {"type": "MultiPolygon", "coordinates": _round(polygons)}
            ),
        }
        for code, polygons in sorted(pieces.items())
    ]
    return {"type": "FeatureCollection", "features": features}


def build(web: Path | None = None, vendor: Path = VENDOR) -> list[Path]:
    """Install the pinned npm packages and write the dashboard's vendored files; returns them."""
    web = web or source_web_dir()
    if not (web / "package.json").is_file():
        raise AssetBuildError(
            f"no web/package.json at {web}: build the assets from a source checkout"
        )
    npm_install(web)
    modules = web / "node_modules"
    vendor.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    library = modules / "echarts" / "dist" / "echarts.min.js"
    shutil.copyfile(library, vendor / "echarts.min.js")
    written.append(vendor / "echarts.min.js")

    # topojson-client's topo2geo turns the TopoJSON into GeoJSON (package.json's "build").
    _run([str(shutil.which("npm")), "run", "build", "--silent"], web)
    raw = json.loads((web / "build" / "countries-110m.geojson").read_text(encoding="utf-8"))
    world = vendor / "world.geojson"
    world.write_text(json.dumps(country_shapes(raw), separators=(",", ":")), encoding="utf-8")
    written.append(world)

    for package, files in _LICENCES.items():
        for name in files:
            source = modules / package / name
            if source.is_file():
                target = vendor / f"{package}.{name}"
                shutil.copyfile(source, target)
                written.append(target)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=BUILD_COMMAND, description="Build the dashboard's vendored files with npm."
    )
    parser.add_argument("--web", type=Path, help="the folder holding package.json (default web/)")
    parser.add_argument(
        "--check", action="store_true", help="only say whether the assets are built"
    )
    args = parser.parse_args(argv)
    if args.check:
        missing = missing_assets()
        if missing:
            print(f"dashboard assets not built ({', '.join(missing)}): run `{BUILD_COMMAND}`")
            return 1
        print(f"dashboard assets built in {VENDOR}")
        return 0
    try:
        written = build(args.web)
    except AssetBuildError as exc:
        print(f"dashboard assets not built: {exc}", file=sys.stderr)
        return 1
    print(f"dashboard assets built: {len(written)} files in {VENDOR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
