"""The vendor files are generated from folium-offline and folium points at them."""

from __future__ import annotations

import folium
import pytest
from folium.plugins import MarkerCluster

from lib import offline_assets
from lib.offline_assets import ensure_static_assets, local_asset_urls, localize, localize_links


def test_ensure_static_assets_writes_every_file_once(tmp_path):
    vendor = ensure_static_assets(tmp_path)
    urls = local_asset_urls()
    names = {url.rsplit("/", 1)[-1] for url in urls.values()}
    assert names <= {p.name for p in vendor.iterdir()}
    leaflet = (
        vendor
        / local_asset_urls()["https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"].rsplit(
            "/", 1
        )[-1]
    )
    assert b"Leaflet" in leaflet.read_bytes()[:2000]
    before = leaflet.stat().st_mtime_ns
    offline_assets._done.clear()  # a new process: the stamp alone must say it is done
    ensure_static_assets(tmp_path)
    assert leaflet.stat().st_mtime_ns == before


def test_a_deleted_file_is_written_again(tmp_path):
    vendor = ensure_static_assets(tmp_path)
    victim = next(p for p in vendor.iterdir() if p.name.endswith("leaflet.css"))
    victim.unlink()
    offline_assets._done.clear()
    ensure_static_assets(tmp_path)
    assert victim.exists()


def test_localize_points_map_and_plugins_at_local_urls_without_touching_classes():
    m = localize(folium.Map(tiles=None))
    cluster = localize(MarkerCluster())
    for element in (m, cluster):
        for _, url in element.default_js + element.default_css:
            assert url.startswith("/app/static/vendor/"), url
    assert folium.Map.default_js[0][1].startswith("https://")


def test_localize_keeps_only_named_links():
    m = localize(folium.Map(tiles=None), keep={"leaflet", "leaflet_css"})
    assert [n for n, _ in m.default_js] == ["leaflet"]
    assert [n for n, _ in m.default_css] == ["leaflet_css"]


def test_an_unbundled_url_is_refused():
    with pytest.raises(KeyError, match="not bundled"):
        localize_links([("x", "https://example.org/x.js")])
