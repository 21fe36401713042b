// Dispute map: the park boundaries and the open disputes placed on the map (map_base.js draws the base).
(function () {
  "use strict";
  var el = document.getElementById("dispute-map");
  if (!el || typeof L === "undefined" || !window.JingqiMap) { return; }
  var map = JingqiMap.create(el);
  var disputeUrl = el.dataset.disputeUrl;
  JingqiMap.load(el, map, {
    style: function (feature) {
      return feature.geometry.type === "Point" ? {} : JingqiMap.BOUNDARY;
    },
    pointToLayer: function (feature, latlng) {
      var group = feature.properties.group;
      return L.circleMarker(latlng, {
        radius: group ? 8 : 5, weight: 1, color: "#14305a",
        fillColor: group ? "#c0392b" : "#d97706", fillOpacity: 0.85
      });
    },
    onEachFeature: function (feature, lyr) {
      var p = feature.properties;
      if (p.kind === "dispute") { lyr.bindPopup(JingqiMap.popup(disputeUrl, p.id, p.name, p.status)); }
    }
  });
})();
