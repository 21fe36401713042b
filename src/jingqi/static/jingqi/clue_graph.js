// The clue page's identity graph: complainants, what two or more of them share, the merchants they target.
(function () {
  "use strict";
  var box = document.getElementById("identity-graph");
  var data = document.getElementById("clue-graph");
  var labels = document.getElementById("clue-graph-labels");
  if (!box || !data || !labels || typeof echarts === "undefined") { return; }
  var graph = JSON.parse(data.textContent);
  var names = JSON.parse(labels.textContent);
  var order = ["person", "phone", "id_number", "address", "account", "picture", "text", "merchant"];
  var colours = ["#1f4e8c", "#b42318", "#b42318", "#a15c00", "#7a2fa0", "#0f7b6c", "#5c6b7a", "#8a99a8"];
  var categories = order.map(function (key, i) { return {name: names[key] || key, itemStyle: {color: colours[i]}}; });
  var present = {};
  (graph.nodes || []).forEach(function (n) { present[n.category] = true; });
  var nodes = (graph.nodes || []).map(function (n) {
    var cat = order.indexOf(n.category);
    var shared = n.category !== "person" && n.category !== "merchant";
    return {
      id: n.id, name: shared ? (names[n.category] + " " + n.name) : n.name, value: n.value, category: cat,
      // Merchant names are long: the tooltip gives them whole, the label only their start.
      label: n.category === "merchant" ? {formatter: n.name.length > 8 ? n.name.slice(0, 8) + "…" : n.name} : undefined,
      symbol: n.category === "merchant" ? "rect" : (shared ? "diamond" : "circle"),
      symbolSize: n.category === "person" ? Math.min(14 + 3 * n.value, 40) : (shared ? 16 : 12)
    };
  });
  var links = (graph.links || []).map(function (l) {
    return {source: l.source, target: l.target, value: l.value || 1,
            lineStyle: {width: Math.min(1 + (l.value || 1) / 2, 5)}};
  });
  var chart = echarts.init(box, null, {renderer: "svg"});
  chart.setOption({
    animation: false,
    // Names come from uploaded exports: the tooltip is drawn as plain text, never as HTML.
    tooltip: {renderMode: "richText",
              formatter: function (p) { return p.dataType === "node" ? p.data.name + " · " + p.data.value : ""; }},
    legend: {data: order.filter(function (k) { return present[k]; }).map(function (k) { return names[k] || k; }),
             bottom: 0, textStyle: {fontSize: 11}},
    series: [{
      type: "graph", layout: "force", roam: true, draggable: true, categories: categories, bottom: 50,
      data: nodes, links: links, label: {show: true, position: "right", fontSize: 11},
      force: {repulsion: 160, edgeLength: [40, 110], gravity: 0.08}
    }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
