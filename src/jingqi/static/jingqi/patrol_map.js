// Patrol maps (map_base.js draws the base):
// - #patrol-map shows the park boundaries, patrol areas, routes and checkpoints, each linked to its page
//   (data-focus: the view is fitted to that place);
// - #patrol-draw draws a place on a form: each click adds a point, and the shape (a point for a checkpoint, a line
//   for a route, an area otherwise) is written as GeoJSON into the form's geometry field, which stays editable as
//   the fallback without script.
(function () {
  "use strict";
  if (typeof L === "undefined" || !window.JingqiMap) { return; }
  var COLOURS = { area: "#1b7f3b", route: "#d97706", checkpoint: "#b42318" };

  function styleOf(feature) {
    var kind = feature.properties.kind;
    if (kind === "boundary") { return JingqiMap.BOUNDARY; }
    if (kind === "route") { return { color: COLOURS.route, weight: 2 + (feature.properties.risk || 1), opacity: 0.9 }; }
    return { color: COLOURS.area, weight: 2, fillOpacity: 0.12 + 0.04 * (feature.properties.risk || 1) };
  }

  function checkpointMarker(feature, latlng) {
    return L.circleMarker(latlng, { radius: 6, weight: 2, color: "#fff", fillColor: COLOURS.checkpoint, fillOpacity: 0.95 });
  }

  var shown = document.getElementById("patrol-map");
  if (shown) {
    var map = JingqiMap.create(shown);
    var focus = shown.dataset.focus;
    var focused = null;
    JingqiMap.load(shown, map, {
      style: styleOf,
      pointToLayer: checkpointMarker,
      onEachFeature: function (feature, lyr) {
        var p = feature.properties;
        if (p.kind === "boundary") { return; }
        lyr.bindPopup(JingqiMap.popup(shown.dataset.placeUrl, p.id, p.name, p.label));
        if (focus && String(p.id) === focus) { focused = lyr; }
      }
    }).then(function () {
      if (focused) {
        if (focused.getBounds) { map.fitBounds(focused.getBounds(), { padding: [20, 20], maxZoom: 17 }); }
        else { map.setView(focused.getLatLng(), 17); }
      }
    });
  }

  var drawn = document.getElementById("patrol-draw");
  var form = document.getElementById("place-form");
  if (!drawn || !form) { return; }
  var field = form.querySelector("[name=geometry]");
  var kindSelect = form.querySelector("select[name=kind]");
  var drawMap = JingqiMap.create(drawn);
  var points = [];
  var preview = L.layerGroup().addTo(drawMap);

  function kind() { return kindSelect ? kindSelect.value : drawn.dataset.kind; }

  function geometry() {
    var coords = points.map(function (ll) { return [Number(ll.lng.toFixed(6)), Number(ll.lat.toFixed(6))]; });
    if (!coords.length) { return null; }
    if (kind() === "checkpoint") { return { type: "Point", coordinates: coords[coords.length - 1] }; }
    if (kind() === "route") { return coords.length >= 2 ? { type: "LineString", coordinates: coords } : null; }
    if (coords.length < 3) { return null; }
    return { type: "Polygon", coordinates: [coords.concat([coords[0]])] };
  }

  function redraw(write) {
    preview.clearLayers();
    if (kind() === "checkpoint" && points.length > 1) { points = points.slice(-1); }
    points.forEach(function (ll) { L.circleMarker(ll, { radius: 4, color: COLOURS.checkpoint, interactive: false }).addTo(preview); });
    if (points.length >= 2 && kind() === "route") { L.polyline(points, { color: COLOURS.route, weight: 4, interactive: false }).addTo(preview); }
    if (points.length >= 3 && kind() === "area") { L.polygon(points, { color: COLOURS.area, fillOpacity: 0.2, interactive: false }).addTo(preview); }
    if (write) {
      var shape = geometry();
      field.value = shape ? JSON.stringify(shape) : "";
    }
  }

  function readField() {
    points = [];
    try {
      var g = JSON.parse(field.value);
      if (g && g.type === "Feature") { g = g.geometry; }
      var coords = g.type === "Point" ? [g.coordinates] : g.type === "LineString" ? g.coordinates
        : g.type === "Polygon" ? g.coordinates[0].slice(0, -1) : [];
      points = coords.map(function (c) { return L.latLng(c[1], c[0]); });
    } catch (e) { points = []; }
    redraw(false);
  }

  drawMap.on("click", function (event) { points.push(event.latlng); redraw(true); });
  field.addEventListener("change", readField);
  if (kindSelect) { kindSelect.addEventListener("change", function () { redraw(true); }); }
  var undo = document.getElementById("draw-undo");
  var clear = document.getElementById("draw-clear");
  if (undo) { undo.addEventListener("click", function () { points.pop(); redraw(true); }); }
  if (clear) { clear.addEventListener("click", function () { points = []; redraw(true); }); }
  // The places already drawn are context only: clicks go through them to the map.
  JingqiMap.load(drawn, drawMap, {
    style: styleOf, interactive: false,
    pointToLayer: function (feature, latlng) {
      return L.circleMarker(latlng, { radius: 5, color: "#fff", fillColor: COLOURS.checkpoint, fillOpacity: 0.6, interactive: false });
    }
  }).then(function () {
    readField();
    if (points.length) { drawMap.fitBounds(L.latLngBounds(points), { padding: [30, 30], maxZoom: 17 }); }
  });
})();
