// The shared Leaflet set-up of every map page (park, disputes, patrols, hazards, the situation map): the configured
// tiles or a blank base, GeoJSON fetched from the element's data-features, the view fitted to it, a record's popup.
// Loaded after vendor/leaflet and before the page's own map script; no inline script (CSP).
window.JingqiMap = (function () {
  "use strict";
  var FALLBACK_CENTER = [29.6, 120.8];
  var BOUNDARY = { color: "#1f4e8c", weight: 2, fillOpacity: 0.08 };

  function create(el, options) {
    var map = L.map(el, Object.assign({ zoomControl: true, attributionControl: !!el.dataset.tiles }, options || {}));
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
    }
    return map;
  }

  function fit(map, layer) {
    var bounds = layer.getBounds();
    if (bounds.isValid()) { map.fitBounds(bounds, { padding: [12, 12], maxZoom: 17 }); } else { map.setView(FALLBACK_CENTER, 11); }
  }

  // Fetches the features, draws them with the Leaflet GeoJSON options given, fits the view; resolves to the layer.
  function load(el, map, options) {
    return fetch(el.dataset.features, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, options).addTo(map);
        fit(map, layer);
        el.dataset.ready = "true";
        return layer;
      });
  }

  // A link to an object's page, from a URL reversed with pk 0 (".../0/").
  function link(template, id, text) {
    var a = document.createElement("a");
    a.href = template.replace(/0\/$/, id + "/");
    a.textContent = text;
    return a;
  }

  // A record's popup: its name linked to its page, then a line of text (its state, its kind).
  function popup(template, id, name, line) {
    var box = document.createElement("div");
    box.appendChild(link(template, id, name));
    var text = document.createElement("div");
    text.textContent = line;
    box.appendChild(text);
    return box;
  }

  return { create: create, fit: fit, load: load, link: link, popup: popup, BOUNDARY: BOUNDARY,
           FALLBACK_CENTER: FALLBACK_CENTER };
})();
