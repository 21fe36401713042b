// The clue page's identity graph: complainants, what two or more of them share, the merchants they target.
//
// Drawn in three columns — shared identifiers | complainants (each name as written) | merchants — at pixel
// positions computed here for the box's width, so that every label has room beside its node: left-column
// labels end at their node, right-column labels start at theirs, and a label too long for its room is
// cut with "…" (the tooltip gives it whole). A force layout put labels over the centre and past the edge.
(function () {
  "use strict";
  var box = document.getElementById("identity-graph");
  var data = document.getElementById("clue-graph");
  var labels = document.getElementById("clue-graph-labels");
  if (!box || !data || !labels || typeof echarts === "undefined") { return; }
  var graph = JSON.parse(data.textContent);
  var names = JSON.parse(labels.textContent);
  if (!(graph.nodes || []).length) { box.hidden = true; return; }
  var order = ["person", "phone", "id_number", "address", "account", "picture", "text", "merchant"];
  var colours = ["#1f4e8c", "#b42318", "#b42318", "#a15c00", "#7a2fa0", "#0f7b6c", "#5c6b7a", "#8a99a8"];
  var categories = order.map(function (key, i) { return {name: names[key] || key, itemStyle: {color: colours[i]}}; });
  var LEGEND = 44, MARGIN = 12, FONT = 12;

  var columns = {shared: [], person: [], merchant: []};
  var present = {};
  (graph.nodes || []).forEach(function (n) {
    present[n.category] = true;
    var col = n.category === "person" || n.category === "merchant" ? n.category : "shared";
    columns[col].push(n);
  });
  var chart = null;

  function draw() {
    var width = box.clientWidth;
    // Room for a side label: about a quarter of the box, within reason.
    var side = Math.max(64, Math.min(200, Math.round(width * 0.26)));
    var used = ["shared", "person", "merchant"].filter(function (c) { return columns[c].length; });
    var x = {};
    if (used.length === 3) {
      x.shared = MARGIN + side + 14;
      x.merchant = width - MARGIN - side - 14;
      x.person = (x.shared + x.merchant) / 2;
    } else {
      // Two columns: the first labelled on its left, the last on its right.
      x[used[0]] = MARGIN + side + 14;
      if (used[1]) { x[used[1]] = width - MARGIN - side - 14; }
    }
    // Complainants carry their label below the circle: their rows are taller.
    var step = {shared: 30, person: 44, merchant: 30};
    var height = Math.max(220, Math.max.apply(null, used.map(function (c) {
      return columns[c].length * step[c];
    })) + 2 * MARGIN);
    box.style.height = (height + LEGEND) + "px";

    var nodes = [];
    used.forEach(function (col, ci) {
      var list = columns[col];
      var rowHeight = (height - 2 * MARGIN) / list.length;
      var labelSide = col === "person" && used.length === 3 ? "bottom"
        : (ci === 0 && used.length > 1 ? "left" : "right");
      list.forEach(function (n, i) {
        var shared = col === "shared";
        var size = col === "person" ? Math.min(12 + 2 * n.value, 26) : (shared ? 15 : 12);
        var text = shared ? (names[n.category] || n.category) + " " + n.name : n.name;
        nodes.push({
          id: n.id, name: text, count: n.value, category: order.indexOf(n.category),
          value: [x[col], MARGIN + rowHeight * (i + 0.5)],
          symbol: n.category === "merchant" ? "rect" : (shared ? "diamond" : "circle"), symbolSize: size,
          label: {
            show: true, position: labelSide, fontSize: FONT, distance: 5,
            // Below a complainant: as wide as the room between the neighbouring columns' nodes.
            width: labelSide === "bottom" ? Math.max(40, 2 * (x.person - x.shared) - 40) : side,
            overflow: "truncate", ellipsis: "…",
            align: labelSide === "left" ? "right" : (labelSide === "right" ? "left" : "center"),
            backgroundColor: "rgba(255,255,255,0.85)", padding: [1, 2]
          }
        });
      });
    });
    var links = (graph.links || []).map(function (l) {
      return {source: l.source, target: l.target, value: l.value || 1,
              lineStyle: {width: Math.min(1 + (l.value || 1) / 2, 5)}};
    });
    if (!chart) { chart = echarts.init(box, null, {renderer: "svg"}); } else { chart.resize(); }
    chart.setOption({
      animation: false,
      // Pixel coordinates: one unit is one pixel of the box, so positions are exactly where they were computed.
      grid: {left: 0, right: 0, top: 0, bottom: LEGEND, containLabel: false},
      xAxis: {type: "value", min: 0, max: width, show: false},
      yAxis: {type: "value", min: 0, max: height, inverse: true, show: false},
      // Names come from uploaded exports: the tooltip is drawn as plain text, never as HTML.
      tooltip: {renderMode: "richText", confine: true,
                formatter: function (p) { return p.dataType === "node" ? p.data.name + " · " + p.data.count : ""; }},
      legend: {data: order.filter(function (k) { return present[k]; }).map(function (k) { return names[k] || k; }),
               bottom: 4, textStyle: {fontSize: 11}},
      series: [{
        type: "graph", coordinateSystem: "cartesian2d", layout: "none", categories: categories,
        data: nodes, links: links, lineStyle: {color: "#b8c2cc", opacity: 0.9},
        emphasis: {focus: "adjacency"}
      }]
    }, true);
  }

  draw();
  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(draw, 150);
  });
})();
