/* The events map without a mouse: names for the map, its buttons and its symbols; keys.
 *
 * Loaded into the map's frame from /app/static (see lib/map_access.py).
 * mapAccess.symbol(marker, label) names an event symbol and makes Enter and Space on it do what
 * a click does: Leaflet's own key handling only opens the popup, and streamlit-folium hears
 * clicks only, so the key fires the same Leaflet click (carried up to the events layer, whose
 * click reports the symbol's reference back to Python).
 * mapAccess.frame(map, texts) makes the map a labelled region and names its zoom, layer and
 * popup-close buttons in the reader's language, names the page's frame after the map, and keeps a
 * live region that says where a symbol opened by key shows its events (beside the map). A popup
 * opened by key takes the focus; Escape closes it and gives the focus back to its symbol.
 */
(function () {
  "use strict";

  var said = { event: "", group: "" }; // what the live region says after a key opens a symbol
  var live = null;

  function isActivation(event) {
    return event.key === "Enter" || event.key === " " || event.key === "Spacebar";
  }

  function announce(text) {
    if (live && text) {
      live.textContent = "";
      window.setTimeout(function () {
        live.textContent = text; // a change, so the same words are read again
      }, 50);
    }
  }

  function symbol(marker, label, group) {
    marker.on("add", function () {
      var icon = marker.getElement();
      if (!icon || icon.getAttribute("data-keys")) {
        return;
      }
      icon.setAttribute("data-keys", "1");
      if (label) {
        icon.setAttribute("aria-label", label); // an attribute: the text is never parsed as HTML
      }
      L.DomEvent.on(icon, "keydown", function (event) {
        if (!isActivation(event) || event.repeat) {
          return;
        }
        // no keypress follows (Leaflet would toggle the popup shut) and the page does not scroll
        L.DomEvent.preventDefault(event);
        marker.fire("click", { originalEvent: event, latlng: marker.getLatLng() }, true);
        announce(group ? said.group : said.event);
        focusPopup(marker, icon);
      });
    });
  }

  // A popup opened by key takes the focus, so its links and close button are the next Tab
  // stops (they came after every other symbol); Escape or its close button gives it back.
  var opener = null;

  function focusPopup(marker, icon) {
    var popup = marker.getPopup && marker.getPopup();
    if (!popup || !marker.isPopupOpen()) {
      return;
    }
    var content = popup._contentNode;
    content.setAttribute("tabindex", "-1");
    opener = icon;
    content.focus({ preventScroll: true });
  }

  function keepFocus(map) {
    var container = map.getContainer();
    L.DomEvent.on(container, "keydown", function (event) {
      if (event.key === "Escape" && map._popup && map.hasLayer(map._popup)) {
        L.DomEvent.stop(event);
        map.closePopup();
      }
    });
    map.on("popupclose", function (event) {
      var element = event.popup.getElement();
      var inside = element && element.contains(document.activeElement);
      var lost = document.activeElement === document.body || !document.activeElement;
      if (opener && opener.isConnected && (inside || lost)) {
        opener.focus({ preventScroll: true });
      }
      opener = null;
    });
  }

  function name(element, text) {
    if (element && text) {
      element.setAttribute("aria-label", text);
      element.setAttribute("title", text);
    }
  }

  // Tab reaches the symbols and rings the view shows: in the Zhanaozen view Tab went to
  // Aktau's and Shetpe's, out of sight, and the browser slid the map to each, leaving it cut off.
  // Moved or zoomed, the map's stops follow what it shows (its arrow keys still move it).
  function stopsInView(map) {
    var pending = false;
    function update() {
      pending = false;
      var bounds = map.getBounds();
      map.eachLayer(function (layer) {
        var element = layer instanceof L.Marker ? layer.getElement() : layer._path;
        if (!element || !element.hasAttribute("tabindex") || element === document.activeElement) {
          return;
        }
        var seen = layer.getLatLng
          ? bounds.contains(layer.getLatLng())
          : !layer.getBounds || bounds.intersects(layer.getBounds());
        element.tabIndex = seen ? 0 : -1;
      });
    }
    function later() {
      if (!pending) {
        pending = true;
        window.setTimeout(update, 0); // once for a batch of layers added together
      }
    }
    map.on("moveend zoomend layeradd", later);
    later();
  }

  function frame(map, texts) {
    var container = map.getContainer();
    // the frame's page is a page of its own: a screen reader reads it in the viewer's language
    if (texts.lang) {
      document.documentElement.lang = texts.lang;
    }
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", texts.region);
    name(container.querySelector(".leaflet-control-zoom-in"), texts.zoomIn);
    name(container.querySelector(".leaflet-control-zoom-out"), texts.zoomOut);
    name(container.querySelector(".leaflet-control-layers-toggle"), texts.layers);
    // the credit's "Leaflet" link: its tooltip in the reader's language (Leaflet's is English)
    var credit = container.querySelector('.leaflet-control-attribution a[href*="leafletjs"]');
    if (credit && texts.leaflet) {
      credit.setAttribute("title", texts.leaflet);
    }
    map.on("popupopen", function (event) {
      name(event.popup._closeButton, texts.close);
    });
    keepFocus(map);
    // Leaflet makes a shape with a tooltip (a period's ring around a town) a Tab stop, with no
    // name: it is named after its tooltip's words (read as text, never run)
    function nameShape(layer) {
      var tip = layer.getTooltip && layer.getTooltip();
      var path = layer._path;
      if (!tip || !path || path.getAttribute("aria-label")) {
        return;
      }
      var content = tip.getContent();
      var words = typeof content === "string"
        ? new DOMParser().parseFromString(
            content.replace(/<(br|\/div|\/p|\/li)\b[^>]*>/gi, "$& "), // lines stay apart
            "text/html"
          ).body.textContent
        : content && content.textContent;
      if (words) {
        path.setAttribute("role", "img");
        path.setAttribute("aria-label", words.replace(/\s+/g, " ").trim());
      }
    }
    map.eachLayer(nameShape);
    map.on("layeradd", function (event) {
      nameShape(event.layer);
    });
    stopsInView(map);
    said = { event: texts.toEvent, group: texts.toGroup };
    live = document.createElement("div");
    live.className = "ev-live";
    live.setAttribute("role", "status");
    container.appendChild(live);
    try {
      // the page's frame is named after the map too (its title attribute is streamlit-folium's)
      if (window.frameElement) {
        window.frameElement.setAttribute("aria-label", texts.region);
      }
    } catch (error) {
      // a frame from another origin keeps its own name
    }
  }

  window.mapAccess = { symbol: symbol, frame: frame };
})();
