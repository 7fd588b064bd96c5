// The plan dashboard's charts, drawn with the vendored ECharts from data embedded with json_script:
// progress (0–100 %) by category and by participating unit, one horizontal bar per row.
(function () {
  "use strict";
  var ROW_HEIGHT = 28;

  function progressChart(elementId, dataId) {
    var element = document.getElementById(elementId);
    var source = document.getElementById(dataId);
    if (!element || !source || !window.echarts) return;
    var rows = JSON.parse(source.textContent);
    element.style.height = Math.max(160, rows.length * ROW_HEIGHT + 48) + "px";
    var chart = window.echarts.init(element);
    chart.setOption({
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      yAxis: {
        type: "category", inverse: true, data: rows.map(function (r) { return r.name; }),
        axisLabel: { width: 96, overflow: "truncate" }
      },
      series: [{
        type: "bar", data: rows.map(function (r) { return r.progress; }), itemStyle: { color: "#b3242e" },
        label: { show: true, position: "right", formatter: "{c}%" }
      }],
      animation: false
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    progressChart("category-progress", "category-progress-data");
    progressChart("unit-progress", "unit-progress-data");
  });
})();
