// The completeness page's chart, drawn with the vendored ECharts from data embedded with json_script:
// the reporting rate and the on-time rate (0–100 %) of each unit, two horizontal bars per unit.
(function () {
  "use strict";
  var ROW_HEIGHT = 44;

  function ratesChart(elementId, dataId, labelsId) {
    var element = document.getElementById(elementId);
    var source = document.getElementById(dataId);
    var names = document.getElementById(labelsId);
    if (!element || !source || !names || !window.echarts) return;
    var rows = JSON.parse(source.textContent);
    var labels = JSON.parse(names.textContent);
    element.style.height = Math.max(160, rows.length * ROW_HEIGHT + 72) + "px";
    var chart = window.echarts.init(element);
    var bar = function (name, key, colour) {
      return {
        name: name, type: "bar", data: rows.map(function (r) { return r[key]; }), itemStyle: { color: colour },
        label: { show: true, position: "right", formatter: "{c}%" }
      };
    };
    chart.setOption({
      legend: { top: 0 },
      grid: { left: 8, right: 48, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      yAxis: {
        type: "category", inverse: true, data: rows.map(function (r) { return r.name; }),
        axisLabel: { width: 96, overflow: "truncate" }
      },
      series: [bar(labels.reporting, "reporting", "#b3242e"), bar(labels.on_time, "on_time", "#3d7a4c")],
      animation: false
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    ratesChart("rates-chart", "rates-chart-data", "rates-chart-labels");
  });
})();
