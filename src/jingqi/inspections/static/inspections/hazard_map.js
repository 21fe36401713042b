// The hazard board's map (map_base.js draws the base): the park boundaries and the open hazards with a position,
// major ones larger and red, each linked to its page. The features come with the page (a JSON data block named by
// data-source), so the map shows exactly the board's filters; no inline script (CSP).
(function () {
  "use strict";
  var el = document.getElementById("hazard-map");
  if (!el || typeof L === "undefined" || !window.JingqiMap) { return; }
  var source = document.getElementById(el.dataset.source);
  var data;
  try { data = JSON.parse(source.textContent); } catch (e) { return; }
  var map = JingqiMap.create(el);
  var layer = L.geoJSON(data, {
    style: function (feature) { return feature.properties.kind === "boundary" ? JingqiMap.BOUNDARY : {}; },
    pointToLayer: function (feature, latlng) {
      var major = feature.properties.major;
      return L.circleMarker(latlng, { radius: major ? 9 : 6, weight: 1, color: "#14305a",
        fillColor: major ? "#b42318" : "#d97706", fillOpacity: 0.9 });
    },
    onEachFeature: function (feature, lyr) {
      var p = feature.properties;
      if (p.kind === "hazard") {
        lyr.bindPopup(JingqiMap.popup(el.dataset.hazardUrl, p.id, p.name, p.status + " · " + p.severity));
      }
    }
  }).addTo(map);
  JingqiMap.fit(map, layer);
  el.dataset.ready = "true";
})();
