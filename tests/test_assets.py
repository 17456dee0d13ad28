"""The dashboard's asset build: country shapes keyed by ISO-3, and what happens without npm."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from realpolitik.errors import AssetBuildError
from realpolitik.server import assets


def feature(numeric: str | None, name: str, coordinates: Any) -> dict[str, Any]:
    shape = {"type": "Feature", "properties": {"name": name}}
    shape["geometry"] = {"type": "Polygon", "coordinates": coordinates}
    if numeric is not None:
        shape["id"] = numeric
    return shape


SQUARE = [[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]]


def test_shapes_are_keyed_by_iso3_and_pieces_of_a_state_merged() -> None:
    world = {
        "type": "FeatureCollection",
        "features": [
            feature("862", "Venezuela", SQUARE),
            feature("196", "Cyprus", SQUARE),
            feature(None, "N. Cyprus", [[[2.0, 2.0], [3.0, 2.0], [3.0, 3.0], [2.0, 2.0]]]),
            feature(None, "Kosovo", SQUARE),
            feature("010", "Antarctica", SQUARE),
        ],
    }
    shapes = assets.country_shapes(world)
    by_code = {f["id"]: f for f in shapes["features"]}
    assert sorted(by_code) == ["CYP", "VEN", "XKX"]
    assert by_code["VEN"]["properties"] == {"iso3": "VEN", "name": "Venezuela"}
    assert by_code["CYP"]["properties"]["name"] == "Cyprus"
    assert by_code["CYP"]["geometry"]["type"] == "MultiPolygon"
    assert len(by_code["CYP"]["geometry"]["coordinates"]) == 2


def test_a_shape_without_a_known_code_is_an_error() -> None:
    with pytest.raises(AssetBuildError, match="Atlantis"):
        assets.iso3_of(feature(None, "Atlantis", SQUARE))


def test_rings_across_the_antimeridian_stay_in_one_piece() -> None:
    ring = [[178.0, 65.0], [180.0, 66.0], [-180.0, 66.0], [-175.0, 65.0], [178.0, 65.0]]
    assert [x for x, _ in assets.unwrap_ring(ring)] == [178.0, 180.0, 180.0, 185.0, 178.0]
    assert assets.unwrap_ring(SQUARE[0]) == SQUARE[0]


def test_missing_assets_are_named(tmp_path: Path) -> None:
    assert assets.missing_assets(tmp_path) == list(assets.VENDOR_FILES)
    (tmp_path / "echarts.min.js").write_text("", encoding="utf-8")
    assert assets.missing_assets(tmp_path) == ["world.geojson"]


def test_without_npm_the_build_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "package.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(assets.shutil, "which", lambda _: None)
    assert assets.main(["--web", str(tmp_path)]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    assert "npm not found" in lines[0] and assets.BUILD_COMMAND in lines[0]
