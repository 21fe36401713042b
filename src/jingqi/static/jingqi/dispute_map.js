// Dispute map: the park boundaries and the open disputes placed on the map, on the configured tiles or a
// blank base (as the park page draws its map: park_map.js).
(function () {
  "use strict";
  var el = document.getElementById("dispute-map");
  if (!el || typeof L === "undefined") { return; }
  var map = L.map(el, { zoomControl: true, attributionControl: !!el.dataset.tiles });
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
  }
  var disputeUrl = el.dataset.disputeUrl;
  fetch(el.dataset.features, { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        style: function (feature) {
          return feature.geometry.type === "Point" ? {} : { color: "#1f4e8c", weight: 2, fillOpacity: 0.08 };
        },
        pointToLayer: function (feature, latlng) {
          var group = feature.properties.group;
          return L.circleMarker(latlng, {
            radius: group ? 8 : 5, weight: 1, color: "#14305a",
            fillColor: group ? "#c0392b" : "#d97706", fillOpacity: 0.85
          });
        },
        onEachFeature: function (feature, lyr) {
          if (feature.properties.kind === "dispute") {
            var box = document.createElement("div");
            var link = document.createElement("a");
            link.href = disputeUrl.replace(/0\/$/, feature.properties.id + "/");
            link.textContent = feature.properties.name;
            var status = document.createElement("div");
            status.textContent = feature.properties.status;
            box.appendChild(link);
            box.appendChild(status);
            lyr.bindPopup(box);
          }
        }
      }).addTo(map);
      var bounds = layer.getBounds();
      if (bounds.isValid()) { map.fitBounds(bounds, { padding: [12, 12] }); } else { map.setView([29.6, 120.8], 11); }
      el.dataset.ready = "true";
    });
})();
