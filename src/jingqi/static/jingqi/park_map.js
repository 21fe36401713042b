// Park page map: the boundary and located enterprises, on the configured tiles or a blank base.
(function () {
  "use strict";
  var el = document.getElementById("park-map");
  if (!el || typeof L === "undefined") { return; }
  var map = L.map(el, { zoomControl: true, attributionControl: !!el.dataset.tiles });
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
  }
  var enterpriseUrl = el.dataset.enterpriseUrl;
  fetch(el.dataset.features, { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        style: function (feature) {
          return feature.geometry.type === "Point" ? {} : { color: "#1f4e8c", weight: 2, fillOpacity: 0.08 };
        },
        pointToLayer: function (feature, latlng) {
          return L.circleMarker(latlng, {
            radius: feature.properties.key ? 6 : 4, weight: 1, color: "#14305a",
            fillColor: feature.properties.key ? "#d97706" : "#1f4e8c", fillOpacity: 0.85
          });
        },
        onEachFeature: function (feature, lyr) {
          if (feature.properties.kind === "enterprise") {
            var link = document.createElement("a");
            link.href = enterpriseUrl.replace(/0\/$/, feature.properties.id + "/");
            link.textContent = feature.properties.name;
            lyr.bindPopup(link);
          }
        }
      }).addTo(map);
      var bounds = layer.getBounds();
      if (bounds.isValid()) { map.fitBounds(bounds, { padding: [12, 12] }); } else { map.setView([29.6, 120.8], 11); }
      el.dataset.ready = "true";
    });
})();
