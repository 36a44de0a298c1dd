/* Frame a Leaflet map on a box at whatever size its frame has, and keep it framed.
 *
 * Loaded into the map's frame from /app/static (see lib/map_frame.py). frameMap() fits the
 * bounds now and again whenever the map's size changes (the page is resized, the map goes
 * fullscreen), until the reader pans or zooms the map themselves. An optional note (plain
 * text) sits in a box at the lower left, above the legend.
 */
(function () {
  "use strict";

  function frameMap(map, bounds, options) {
    var opts = options || {};
    var box = L.latLngBounds(bounds);
    var fit = { padding: opts.padding || [12, 12], animate: false };
    var handled = false;

    map.options.zoomSnap = 0.25; // a tighter fit than whole zoom levels
    (opts.className || "").split(" ").forEach(function (name) {
      if (name) {
        map.getContainer().classList.add(name);
      }
    });

    function refit() {
      if (!handled) {
        map.fitBounds(box, fit);
      }
    }
    function byReader() {
      handled = true;
    }
    var container = map.getContainer();
    container.addEventListener("wheel", byReader, { passive: true });
    container.addEventListener("dblclick", byReader);
    container.addEventListener("touchstart", byReader, { passive: true });
    map.on("dragstart", byReader);
    container.querySelectorAll(".leaflet-control-zoom a").forEach(function (a) {
      a.addEventListener("click", byReader);
    });
    map.on("resize", refit);
    map.on("enterFullscreen exitFullscreen", function () {
      handled = false;
      map.invalidateSize();
      refit();
    });
    if (opts.note) {
      var note = L.control({ position: "bottomleft" });
      note.onAdd = function () {
        var div = L.DomUtil.create("div", "map-note");
        div.textContent = opts.note; // plain text, never HTML
        L.DomEvent.disableClickPropagation(div);
        return div;
      };
      note.addTo(map); // above the legend: the views centre the towns the symbols crowd around
    }
    refit();
    container.setAttribute("data-framed", box.toBBoxString());
  }

  window.frameMap = frameMap;
})();
