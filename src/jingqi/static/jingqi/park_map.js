// Park page map: the boundary and located enterprises (map_base.js draws the base).
(function () {
  "use strict";
  var el = document.getElementById("park-map");
  if (!el || typeof L === "undefined" || !window.JingqiMap) { return; }
  var map = JingqiMap.create(el);
  var enterpriseUrl = el.dataset.enterpriseUrl;
  JingqiMap.load(el, map, {
    style: function (feature) {
      return feature.geometry.type === "Point" ? {} : JingqiMap.BOUNDARY;
    },
    pointToLayer: function (feature, latlng) {
      return L.circleMarker(latlng, {
        radius: feature.properties.key ? 6 : 4, weight: 1, color: "#14305a",
        fillColor: feature.properties.key ? "#d97706" : "#1f4e8c", fillOpacity: 0.85
      });
    },
    onEachFeature: function (feature, lyr) {
      if (feature.properties.kind === "enterprise") {
        lyr.bindPopup(JingqiMap.link(enterpriseUrl, feature.properties.id, feature.properties.name));
      }
    }
  });
})();
