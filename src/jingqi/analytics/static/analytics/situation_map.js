// The situation map (map_base.js draws the base): requests, disputes and hazards of the period as layers of dots,
// clustered when dense (leaflet.markercluster), each with a heat layer (leaflet.heat) counted from every record of
// the period; patrol areas, routes, checkpoints and the park boundaries under them. The layer control turns each
// on and off; the legend under the map gives each layer's colour and how many records it holds. No inline script.
(function () {
  "use strict";
  var el = document.getElementById("situation-map");
  var status = document.getElementById("situation-map-status");
  if (!el || typeof L === "undefined" || !window.JingqiMap) { return; }
  var COLOURS = { requests: "#1f6fb2", disputes: "#d97706", hazards: "#b42318", place: "#1b7f3b", checkpoint: "#6b21a8" };
  var map = JingqiMap.create(el, { maxZoom: 19 });  // the clusters need it even on a blank base

  function cluster(key) {
    return L.markerClusterGroup({
      showCoverageOnHover: false, maxClusterRadius: 45, chunkedLoading: true,
      iconCreateFunction: function (group) {
        var n = group.getChildCount();
        var size = n < 10 ? 30 : n < 100 ? 36 : n < 1000 ? 44 : 52;
        return L.divIcon({ html: "<span>" + n + "</span>", className: "map-cluster map-cluster-" + key,
                           iconSize: L.point(size, size) });
      }
    });
  }

  function dots(layer) {
    var group = cluster(layer.key);
    var markers = layer.points.map(function (point) {
      var marker = L.circleMarker([point[0], point[1]], {
        radius: point[5] ? 9 : 6, weight: 1, color: "#fff", fillColor: COLOURS[layer.key], fillOpacity: 0.9 });
      marker.bindPopup(function () { return JingqiMap.popup(layer.url, point[2], point[3], point[4]); });
      return marker;
    });
    group.addLayers(markers);
    return group;
  }

  function heat(layer) {
    var most = layer.heat.reduce(function (m, cell) { return Math.max(m, cell[2]); }, 1);
    // maxZoom 0: full intensity at every zoom (leaflet.heat otherwise fades points below its maxZoom), so a cell's
    // colour says how many records it holds against the densest cell, whatever the zoom; wrapped in a group, as the
    // layer control would grey out a layer whose maxZoom is below the map's zoom
    return L.layerGroup([L.heatLayer(layer.heat, { radius: 24, blur: 16, maxZoom: 0, max: most, minOpacity: 0.35,
      gradient: { 0.2: "#2c7bb6", 0.45: "#74add1", 0.65: "#fee090", 0.85: "#f46d43", 1: "#a50026" } })]);
  }

  function places(data) {
    return L.geoJSON(data, {
      style: function (feature) {
        var kind = feature.properties.kind;
        if (kind === "boundary") { return JingqiMap.BOUNDARY; }
        if (feature.geometry.type === "Point") { return {}; }  // a checkpoint keeps its marker's colours
        if (kind === "route") { return { color: COLOURS.place, weight: 3, opacity: 0.85, dashArray: "6 4" }; }
        return { color: COLOURS.place, weight: 2, fillOpacity: 0.1 };
      },
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, { radius: 5, weight: 2, color: "#fff", fillColor: COLOURS.checkpoint, fillOpacity: 0.95 });
      },
      onEachFeature: function (feature, lyr) {
        var p = feature.properties;
        if (p.kind !== "boundary") { lyr.bindPopup(JingqiMap.popup(el.dataset.placeUrl, p.id, p.name, p.label)); }
      }
    });
  }

  function count(layer) {
    var slot = document.querySelector("[data-count='" + layer.key + "']");
    if (!slot) { return; }
    slot.textContent = layer.points.length < layer.total
      ? "(" + slot.dataset.shownOf + " " + layer.total + ")" : "(" + layer.total + ")";
  }

  fetch(el.dataset.features, { credentials: "same-origin" })
    .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
    .then(function (data) {
      var base = places(data.places).addTo(map);
      var overlays = {};
      overlays[el.dataset.placesLabel] = base;
      var bounds = base.getBounds();
      data.layers.forEach(function (layer) {
        var group = dots(layer).addTo(map);
        overlays[layer.label + " (" + layer.total + ")"] = group;
        if (group.getLayers().length) { bounds = bounds.isValid() ? bounds.extend(group.getBounds()) : group.getBounds(); }
        count(layer);
      });
      data.layers.forEach(function (layer) {
        if (layer.heat.length) { overlays[el.dataset.heatLabel + " · " + layer.label] = heat(layer); }
      });
      L.control.layers(null, overlays, { collapsed: true }).addTo(map);
      if (bounds.isValid()) { map.fitBounds(bounds, { padding: [12, 12], maxZoom: 17 }); }
      else { map.setView(JingqiMap.FALLBACK_CENTER, 11); }
      if (status) { status.hidden = true; }
      el.dataset.ready = "true";
    })
    .catch(function (error) {
      if (status) { status.textContent = status.dataset.failed; }
      if (window.console) { console.error(error); }
    });
})();
