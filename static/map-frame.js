/* Frame a Leaflet map on a box at whatever size its frame has, and keep it framed.
 *
 * Loaded into the map's frame from /app/static (see lib/map_frame.py). frameMap() fits the
 * bounds now and again whenever the map's size changes (the page is resized, the map goes
 * fullscreen), until the reader pans or zooms the map themselves. An optional note (plain
 * text) sits in the corner where it hides the fewest symbols.
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
    var note = null;
    if (opts.note) {
      var control = L.control({ position: "bottomleft" });
      control.onAdd = function () {
        var div = L.DomUtil.create("div", "map-note");
        div.textContent = opts.note; // plain text, never HTML
        L.DomEvent.disableClickPropagation(div);
        return div;
      };
      control.addTo(map);
      note = control.getContainer();
      map.on("resize", function () {
        placeNote(container, note);
      });
    }
    refit();
    if (note) {
      placeNote(container, note);
    }
    container.setAttribute("data-framed", box.toBBoxString());
  }

  // The corner where a note hides the fewest symbols (a symbol in full counts ten dimmed ones):
  // above the legend, under the title, under the layers button, or above the scale.
  function placeNote(container, note) {
    var badges = Array.prototype.slice.call(container.querySelectorAll(".ev-badge"));
    function cost() {
      var r = note.getBoundingClientRect();
      var total = 0;
      badges.forEach(function (b) {
        var q = b.getBoundingClientRect();
        if (q.right > r.left && q.left < r.right && q.bottom > r.top && q.top < r.bottom) {
          var marker = b.closest(".leaflet-marker-icon") || b;
          total += parseFloat(getComputedStyle(marker).opacity) < 0.5 ? 1 : 10;
        }
      });
      return total;
    }
    var spots = [
      [".leaflet-bottom.leaflet-left", "first"],
      [".leaflet-top.leaflet-left", ".map-head"],
      [".leaflet-top.leaflet-right", "last"],
      [".leaflet-bottom.leaflet-right", "first"],
    ];
    var best = null;
    var fewest = Infinity;
    spots.forEach(function (spot) {
      if (!container.querySelector(spot[0])) {
        return;
      }
      placeAt(container, note, spot);
      var here = cost();
      if (here < fewest) {
        fewest = here;
        best = spot;
      }
    });
    if (best && best !== spots[spots.length - 1]) {
      placeAt(container, note, best);
    }
    note.setAttribute("data-corner", best ? best[0] : "");
  }

  function placeAt(container, note, spot) {
    var corner = container.querySelector(spot[0]);
    var head = spot[1].charAt(0) === "." ? corner.querySelector(spot[1]) : null;
    if (head) {
      head.after(note);
    } else if (spot[1] === "last") {
      corner.appendChild(note);
    } else {
      corner.insertBefore(note, corner.firstChild);
    }
  }

  window.frameMap = frameMap;
})();
