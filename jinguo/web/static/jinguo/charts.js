// Charts drawn with the vendored ECharts from data the page embeds with json_script.
(function () {
  "use strict";
  function barChart(elementId, dataId, labelKey, valueKey) {
    var element = document.getElementById(elementId);
    var source = document.getElementById(dataId);
    if (!element || !source || !window.echarts) return;
    var rows = JSON.parse(source.textContent);
    var chart = window.echarts.init(element);
    chart.setOption({
      grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r[labelKey]; }) },
      series: [{ type: "bar", data: rows.map(function (r) { return r[valueKey]; }), itemStyle: { color: "#b3242e" },
                 label: { show: true, position: "right" } }],
      animation: false
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    barChart("units-by-level", "units-by-level-data", "level", "count");
  });
})();
