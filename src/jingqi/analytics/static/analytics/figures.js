// The figures page's month-by-month chart: the chosen figure as a line (its value each month: a count, an
// amount, a rate in per cent or a mean in hours) over bars of the records each month stands on, so that a
// jump over a handful of records is seen as such. Months with too few records for a rate or a time have no point.
(function () {
  "use strict";
  var box = document.getElementById("figures-trend-chart");
  var data = document.getElementById("figures-trend");
  var pick = document.getElementById("trend-figure");
  if (!box || !data || !pick || typeof echarts === "undefined") { return; }
  var trend = JSON.parse(data.textContent);
  var chart = echarts.init(box);
  var recordsLabel = box.getAttribute("data-records") || "n";

  function draw() {
    var s = trend.series[pick.value];
    if (!s) { return; }
    var unit = s.kind === "rate" ? "%" : "";
    chart.setOption({
      grid: {left: 48, right: 48, top: 32, bottom: 32},
      tooltip: {trigger: "axis"},
      legend: {top: 0},
      xAxis: {type: "category", data: trend.months},
      yAxis: [{type: "value", axisLabel: {formatter: "{value}" + unit}, min: s.kind === "rate" ? 0 : null,
               max: s.kind === "rate" ? 100 : null},
              {type: "value", splitLine: {show: false}, minInterval: 1}],
      series: [
        {name: s.label, type: "line", data: s.values, connectNulls: false, yAxisIndex: 0},
        {name: recordsLabel, type: "bar", data: s.samples, yAxisIndex: 1, itemStyle: {opacity: 0.35}}
      ]
    }, true);
  }
  pick.addEventListener("change", draw);
  window.addEventListener("resize", function () { chart.resize(); });
  draw();
}());
