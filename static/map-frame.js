/* Frame a Leaflet map on a box at whatever size its frame has, and keep it framed.
 *
 * Loaded into the map's frame from /app/static (see lib/map_frame.py). frameMap() fits the
 * bounds now and again whenever the map's size changes (the page is resized, the map goes
 * fullscreen), until the reader pans or zooms the map themselves.
 */
(function () {
  "use strict";

  // Below this width a dataset's first view fits its events rather than the whole preset: the
  // region's landscape box left a phone's map (358 px) and a laptop's beside the sidebar
  // (387 px) with the towns' rings of symbols lying over each other and their names.
  var NARROW_PX = 480;
  var RING_PAD = 56; // that box is the events' points alone: room for a town's ring of symbols

  function frameMap(map, bounds, options) {
    var opts = options || {};
    var wide = L.latLngBounds(bounds);
    var tight = opts.narrow ? L.latLngBounds(opts.narrow) : null;
    var box = wide;
    var fit = { padding: opts.padding || [12, 12], animate: false };
    // left, top, right, bottom: the top also clear of the title box (above the symbols)
    function tightPadding() {
      var head = map.getContainer().querySelector(".map-head");
      var top = head ? head.offsetTop + head.offsetHeight : 0;
      return [RING_PAD, Math.max(RING_PAD, top + RING_PAD / 2), RING_PAD, RING_PAD];
    }
    var handled = false;
    var fits = 0; // the latest fit: one still waiting for the styles gives way to it

    map.options.zoomSnap = 0.25; // a tighter fit than whole zoom levels
    (opts.className || "").split(" ").forEach(function (name) {
      if (name) {
        map.getContainer().classList.add(name);
      }
    });

    function refit() {
      box = tight && map.getSize().x < NARROW_PX ? tight : wide;
      var base = box === tight ? tightPadding : fit.padding;
      if (!handled) {
        var mine = ++fits; // (a step's box framed while the first fit waited: that fit came last)
        resetLabels(map); // from the start: a step's map, narrowed, kept the last names turned
        fitPadded(map, box, typeof base === "function" ? base() : base, [0, 0, 0, 0]);
        fitLabels(map, box, base, function () {
          return handled || mine !== fits;
        });
        // framed once the place labels are measured and inside (tests wait for this)
        whenStyled(map, function () {
          if (mine === fits) {
            container.setAttribute("data-framed", box.toBBoxString());
          }
        });
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
    // A popup no wider than the map (340 px ran off a phone's 358 px map), panned below the
    // title box, right of the zoom buttons and above the legend: controls lie above popups and
    // hid their lines. On a short map (Present's on a projector, 335 px) it scrolls within the
    // room left between them, or the legend hid its last lines.
    map.on("popupopen", function (e) {
      var popup = e.popup;
      var head = container.querySelector(".map-head");
      var zoom = container.querySelector(".leaflet-control-zoom");
      var legend = container.querySelector(".leaflet-bottom.leaflet-left");
      var left = zoom ? zoom.offsetLeft + zoom.offsetWidth + 8 : 20;
      var top = head ? head.offsetTop + head.offsetHeight + 8 : 20;
      var bottom = legend && legend.offsetHeight ? legend.offsetHeight + 8 : 20;
      // the content's width at most: the map's less the popup's margins and the paddings
      var element = popup.getElement();
      var chrome = element.offsetWidth - popup._contentNode.offsetWidth;
      var room = Math.max(160, map.getSize().x - left - 20 - chrome);
      // and its height: the map's less the paddings, the popup's frame and its tip (20 px);
      // Leaflet scrolls the content in what is left (lib/map_view.py: .leaflet-popup-scrolled)
      var frameY = element.offsetHeight - popup._contentNode.offsetHeight + 20;
      var roomY = Math.max(120, map.getSize().y - top - bottom - frameY);
      var padding = popup.options.autoPanPaddingTopLeft;
      var below = popup.options.autoPanPaddingBottomRight;
      if (popup.options.maxWidth > room || !padding || padding[0] !== left || padding[1] !== top
          || !below || below[1] !== bottom || popup.options.maxHeight !== roomY) {
        popup.options.maxWidth = Math.min(popup.options.maxWidth, room);
        popup.options.maxHeight = roomY;
        popup.options.autoPanPaddingTopLeft = [left, top];
        popup.options.autoPanPaddingBottomRight = [20, bottom];
        popup.update(); // lays it out again and pans it into view
      }
    });
    // A popup pans the map to fit, which could leave the pointer, unmoved, over another symbol:
    // that symbol's tooltip opened under the popup. While a popup is open, a tooltip opened
    // with the pointer where it was at the popup's opening is closed again; one the pointer
    // moved to, or a symbol the keyboard focused, keeps its tooltip.
    var pointer = null;
    var still = null;
    container.addEventListener("mousemove", function (e) {
      pointer = e.clientX + "," + e.clientY;
      if (still !== null && pointer !== still) still = null;
    }, true);
    map.on("popupopen", function () { still = pointer; });
    map.on("popupclose", function () { still = null; });
    map.on("tooltipopen", function (e) {
      var source = e.tooltip._source;
      var icon = source && source.getElement ? source.getElement() : null;
      if (still !== null && pointer === still && !(icon && icon === document.activeElement)) {
        source.closeTooltip();
      }
    });
    // A popup pans a small map to fit (Present's, 425 px): once closed, the map goes back to
    // its frame, unless the reader has moved it (it stayed shifted, a town at its edge).
    map.on("popupclose", refit);
    map.on("enterFullscreen exitFullscreen", function () {
      handled = false;
      map.invalidateSize();
      refit();
    });
    // Present's map is drawn once for all its steps (a new frame at each step left it blank
    // for 0.2-0.4 s): a step frames its own box, its labels fitted again from the start
    map.frameTo = function (bounds) {
      wide = L.latLngBounds(bounds);
      tight = null;
      handled = false;
      map.closePopup();
      container.removeAttribute("data-framed");
      refit();
    };
    refit();
  }

  // One step of Present on its map (lib/map_frame.py: step_view): the symbols holding its
  // events (``refs``, their ``ref`` property) in full, the others faded as the map page's
  // highlight fades them (lib/map_view.py), and the step's box framed.
  function showStep(map, bounds, refs) {
    var lit = {};
    refs.forEach(function (ref) { lit[ref] = true; });
    map.eachLayer(function (layer) {
      var p = layer.feature && layer.feature.properties;
      if (p && typeof p.ref === "string" && layer.setOpacity) {
        layer.setOpacity(lit[p.ref] ? 1 : 0.3);
      }
    });
    map.eachLayer(function (layer) { // the last step's tooltip, open under the pointer
      if (layer.getTooltip && layer.getTooltip()) { layer.closeTooltip(); }
    });
    if (map.frameTo) { map.frameTo(bounds); }
  }

  // The place labels as first drawn: the fitting of the last step's box had stacked some or
  // turned them under their places.
  function resetLabels(map) {
    townLabels(map).forEach(function (layer) {
      if (layer.firstIcon) { layer.setIcon(layer.firstIcon); }
      layer.getElement().classList.remove("stacked");
    });
  }

  function townLabels(map) {
    var found = [];
    map.eachLayer(function (layer) {
      var icon = layer.options && layer.options.icon;
      if (icon && /(^| )town-label( |$)/.test(icon.options.className) && layer.getElement()) {
        found.push(layer);
      }
    });
    return found;
  }

  // Run ``then`` once the map's styles apply to its labels (the component loads the CSS files
  // beside the script, so the first fit may come before the labels have their size).
  function whenStyled(map, then) {
    var tries = 0;
    function check() {
      var frameCss = getComputedStyle(map.getContainer()).getPropertyValue("--map-frame");
      var ready = frameCss.trim() === "1" && document.fonts.status === "loaded";
      ready = ready && townLabels(map).every(function (layer) {
        var style = getComputedStyle(layer.getElement());
        return style.position === "absolute" && style.whiteSpace === "nowrap";
      });
      if (ready || tries > 250) {
        then();
      } else {
        tries += 1;
        setTimeout(check, 20);
      }
    }
    check();
  }

  // A place label inside the box that runs off the map's edge (a long name at the east end):
  // widen the padding on that side by what sticks out, and fit again; a label still too long
  // for the map at the widest padding puts its "(approx.)" on a second line.
  // Fit ``box`` within a padding of [x, y] or [left, top, right, bottom] plus ``extra``; a map
  // too small for that padding (not laid out yet, or tiny) keeps 12 px (a larger one made
  // Leaflet's zoom NaN)
  function fitPadded(map, box, pad, extra) {
    var p = pad.length === 4 ? pad : [pad[0], pad[1], pad[0], pad[1]];
    var tl = [p[0] + extra[0], p[1] + extra[1]];
    var br = [p[2] + extra[2], p[3] + extra[3]];
    var size = map.getSize();
    if (size.x - tl[0] - br[0] < 40 || size.y - tl[1] - br[1] < 40) {
      tl = br = [Math.min(12, size.x / 4), Math.min(12, size.y / 4)];
    }
    map.fitBounds(box, { paddingTopLeft: tl, paddingBottomRight: br, animate: false });
  }

  // ``base``: the padding, or a function giving it once the styles apply
  function fitLabels(map, box, base, stopped) {
    whenStyled(map, function () {
      if (stopped()) {
        return;
      }
      var pad = typeof base === "function" ? base() : base;
      if (typeof base === "function") {
        fitPadded(map, box, pad, [0, 0, 0, 0]); // the title box has its size now
      }
      var extra = [0, 0, 0, 0]; // left, top, right, bottom
      var limit = 0.3; // share of the map labels may take on one side, before stacking
      for (var round = 0; round < 20 && !stopped(); round += 1) {
        var found = labelsOutside(map, box);
        var out = found.out;
        if (!found.labels.length) {
          return;
        }
        var size = map.getSize();
        var grew = false;
        for (var side = 0; side < 4; side += 1) {
          var most = (side % 2 ? size.y : size.x) * limit;
          var wanted = Math.min(extra[side] + (out[side] ? out[side] + 2 : 0), most);
          grew = grew || wanted > extra[side];
          extra[side] = wanted;
        }
        if (!grew) {
          var stacked = 0;
          found.labels.forEach(function (el) {
            if (!el.classList.contains("stacked") && el.querySelector(".approx")) {
              el.classList.add("stacked");
              stacked += 1;
            }
          });
          if (stacked) {
            extra = [0, 0, 0, 0]; // the narrower labels start again from the usual fit
          } else if (underPlaces(map, found.labels)) {
            extra = [0, 0, 0, 0]; // names under their places take less of the map's width
          } else if (limit < 0.6) {
            limit = 0.6; // nothing to stack: a smaller map picture, but every name whole
          } else {
            return; // the map is smaller than its labels
          }
        }
        fitPadded(map, box, pad, extra);
      }
    });
  }

  // Write the names that stick out beside their places (east or west) under them instead, as
  // wide as before but half on either side of the place. On Present's map at 1024 px (325 px
  // wide, names at 22 px) "Aktau" and "Zhanaozen" beside the region's box took 0.6 of the
  // width each side: the region drew 100 px wide, its towns' symbols in one pile.
  function underPlaces(map, labels) {
    var turned = 0;
    townLabels(map).forEach(function (layer) {
      var options = layer.options.icon.options;
      var side = /(^| )(east|west)( |$)/.exec(options.className);
      if (!side || labels.indexOf(layer.getElement()) < 0) {
        return;
      }
      // the ring's room (lib/map_view.py), without the room an east name keeps for the counts
      var gap = options.gap !== undefined ? options.gap : Math.abs(options.iconAnchor[0]);
      layer.firstIcon = layer.firstIcon || layer.options.icon;
      layer.setIcon(L.divIcon(L.extend({}, options, {
        className: options.className.replace(side[2], "south"),
        iconAnchor: [0, -gap],
      })));
      turned += 1;
    });
    return turned > 0;
  }

  // How far the labels of places inside the box stick out of the map on each side
  // (left, top, right, bottom, in whole pixels rounded up), and those labels.
  function labelsOutside(map, box) {
    var frame = map.getContainer().getBoundingClientRect();
    var out = [0, 0, 0, 0];
    var labels = [];
    // a name under its place (underPlaces) may not go under the legend at the bottom left
    var legend = map.getContainer().querySelector(".leaflet-bottom.leaflet-left");
    var under = legend && legend.offsetHeight ? legend.getBoundingClientRect() : null;
    function floorUnder(el, r) {
      var turned = el.classList.contains("south");
      var below = turned && under && r.left < under.right && r.right > under.left;
      return below ? Math.min(frame.bottom, under.top) : frame.bottom;
    }
    townLabels(map).forEach(function (layer) {
      if (!box.contains(layer.getLatLng())) {
        return;
      }
      var el = layer.getElement();
      var r = el.getBoundingClientRect();
      var sides = [frame.left - r.left, frame.top - r.top, r.right - frame.right,
        r.bottom - floorUnder(el, r)];
      if (sides.some(function (v) { return v > 0.5; })) {
        labels.push(el);
      }
      for (var i = 0; i < 4; i += 1) {
        out[i] = Math.max(out[i], Math.ceil(sides[i]));
      }
    });
    return { out: out, labels: labels };
  }

  window.frameMap = frameMap;
  window.showStep = showStep;
})();
