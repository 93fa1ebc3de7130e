/*
 * The charts of the statistics dashboard, drawn with Apache ECharts from the data the page embeds
 * with json_script ("report-charts"). Every label arrives translated from the server; this file
 * only decides how each kind of chart looks.
 *
 * The site's Content Security Policy allows no inline script and no style attribute, so the
 * tooltips are drawn on the canvas ("richText") rather than as HTML with inline styles.
 */
(function () {
  "use strict";

  // The site's colours (site.css) first, then neutral ones that stay apart in print.
  var PALETTE = ["#9b1c1c", "#1f4e8c", "#a15c00", "#1d6b3a", "#6b4c9a", "#0f7c8c", "#8c5a3c", "#5b6b7c"];
  var MUTED = "#5b6b7c";
  var FONT_WAIT_MS = 8000;

  function readPayload() {
    var node = document.getElementById("report-charts");
    if (!node) {
      return null;
    }
    try {
      return JSON.parse(node.textContent);
    } catch (error) {
      return null;
    }
  }

  // A canvas draws its text once: a chart drawn before the web font arrives keeps the fallback
  // face. So wait for both weights (titles are bold), but never longer than FONT_WAIT_MS.
  function fontsReady(family) {
    if (!document.fonts || !document.fonts.load) {
      return Promise.resolve();
    }
    var loads = Promise.all([
      document.fonts.load("400 12px \"" + family + "\"", "统计"),
      document.fonts.load("700 12px \"" + family + "\"", "统计")
    ]).catch(function () { return null; });
    var timeout = new Promise(function (resolve) { window.setTimeout(resolve, FONT_WAIT_MS); });
    return Promise.race([loads, timeout]);
  }

  function formatter(spec, lang) {
    var locale = lang === "en" ? "en" : "zh-CN";
    return function (value) {
      if (value === null || value === undefined || value === "-") {
        return "—";
      }
      if (spec.percent) {
        return Number(value).toFixed(1) + "%";
      }
      return Number(value).toLocaleString(locale);
    };
  }

  function base(spec, payload) {
    var family = "\"" + payload.font + "\", sans-serif";
    var text = { fontFamily: family };
    return {
      family: family,
      text: text,
      option: {
        color: PALETTE,
        textStyle: text,
        animationDuration: 300,
        title: {
          text: spec.title, left: "center", top: 8,
          textStyle: { fontFamily: family, fontSize: 14, fontWeight: "bold", color: "#1d2733" }
        },
        tooltip: {
          renderMode: "richText",
          confine: true,
          textStyle: { fontFamily: family, fontSize: 12 },
          valueFormatter: formatter(spec, payload.lang)
        }
      }
    };
  }

  function legend(spec, text) {
    return { show: spec.series.length > 1, bottom: 6, textStyle: text };
  }

  function lineOption(spec, payload) {
    var b = base(spec, payload);
    var many = spec.categories.length > 36;
    b.option.tooltip.trigger = "axis";
    b.option.legend = legend(spec, b.text);
    b.option.grid = { left: 56, right: 28, top: 56, bottom: spec.series.length > 1 ? 64 : 40 };
    b.option.xAxis = {
      type: "category", data: spec.categories, boundaryGap: false,
      axisLabel: { fontFamily: b.family, hideOverlap: true }
    };
    b.option.yAxis = {
      type: "value", name: spec.unit, minInterval: 1,
      nameTextStyle: { fontFamily: b.family, color: MUTED }, axisLabel: { fontFamily: b.family }
    };
    b.option.series = spec.series.map(function (s) {
      // Straight segments: a smoothed curve would suggest counts between months that never occurred.
      return { type: "line", name: s.name, data: s.values, smooth: false, showSymbol: !many };
    });
    return b.option;
  }

  function barOption(spec, payload, horizontal) {
    var b = base(spec, payload);
    var fmt = formatter(spec, payload.lang);
    var categoryAxis = {
      type: "category", data: spec.categories,
      axisLabel: { fontFamily: b.family, interval: 0 }
    };
    var valueAxis = {
      type: "value", name: spec.unit, minInterval: 1,
      nameTextStyle: { fontFamily: b.family, color: MUTED }, axisLabel: { fontFamily: b.family }
    };
    b.option.tooltip.trigger = "axis";
    b.option.tooltip.axisPointer = { type: "shadow" };
    b.option.legend = legend(spec, b.text);
    var bottom = spec.series.length > 1 ? 64 : 40;
    if (horizontal) {
      // The first row of the table on top, as a reader reads a ranking.
      categoryAxis.inverse = true;
      categoryAxis.axisLabel.width = 190;
      categoryAxis.axisLabel.overflow = "truncate";
      b.option.grid = { left: 200, right: 56, top: 56, bottom: bottom };
      b.option.xAxis = valueAxis;
      b.option.yAxis = categoryAxis;
    } else {
      if (spec.categories.length > 6) {
        categoryAxis.axisLabel.rotate = 40;
        bottom += 48;
      }
      b.option.grid = { left: 56, right: 28, top: 56, bottom: bottom };
      b.option.xAxis = categoryAxis;
      b.option.yAxis = valueAxis;
    }
    var labelled = spec.series.length === 1;
    b.option.series = spec.series.map(function (s) {
      return {
        type: "bar", name: s.name, data: s.values, barMaxWidth: 36,
        label: {
          show: labelled, position: horizontal ? "right" : "top", fontFamily: b.family, color: MUTED,
          formatter: function (p) { return fmt(p.value); }
        }
      };
    });
    return b.option;
  }

  function pieOption(spec, payload) {
    var b = base(spec, payload);
    var fmt = formatter(spec, payload.lang);
    var values = spec.series[0].values;
    b.option.tooltip.trigger = "item";
    b.option.legend = { bottom: 6, textStyle: b.text };
    b.option.series = [{
      type: "pie", name: spec.series[0].name, radius: ["32%", "60%"], center: ["50%", "52%"],
      // A slice of nothing has no place in a pie; the table beneath the charts lists it.
      data: spec.categories.map(function (name, i) {
        return { name: name, value: values[i] };
      }).filter(function (item) { return item.value; }),
      // Only the share on each slice: the legend names the categories, and long names beside
      // the slices would run out of the chart.
      label: {
        fontFamily: b.family,
        formatter: function (p) { return fmt(p.value); }
      }
    }];
    return b.option;
  }

  function emptyOption(spec, payload) {
    var b = base(spec, payload);
    b.option.tooltip = { show: false };
    b.option.title = [
      b.option.title,
      {
        text: payload.noData, left: "center", top: "middle",
        textStyle: { fontFamily: b.family, fontSize: 13, fontWeight: "normal", color: MUTED }
      }
    ];
    return b.option;
  }

  function optionFor(spec, payload) {
    if (spec.empty) {
      return emptyOption(spec, payload);
    }
    if (spec.kind === "line") {
      return lineOption(spec, payload);
    }
    if (spec.kind === "pie") {
      return pieOption(spec, payload);
    }
    return barOption(spec, payload, spec.kind === "hbar");
  }

  function draw(payload) {
    var charts = [];
    var specs = {};
    payload.charts.forEach(function (spec) { specs[spec.name] = spec; });
    var locale = payload.lang === "en" ? "EN" : "ZH";
    document.querySelectorAll(".chart[data-chart]").forEach(function (node) {
      var spec = specs[node.getAttribute("data-chart")];
      if (!spec) {
        return;
      }
      try {
        var chart = window.echarts.init(node, null, { renderer: "canvas", locale: locale });
        // Marked drawn once ECharts has finished, its animation included (what a screenshot shows).
        var drawn = function () {
          node.setAttribute("data-rendered", "1");
          chart.off("finished", drawn);
        };
        chart.on("finished", drawn);
        chart.setOption(optionFor(spec, payload));
        charts.push(chart);
      } catch (error) {
        // One chart that fails leaves the others standing; a test waiting for it sees the mark.
        node.setAttribute("data-rendered", "error");
        if (window.console) {
          window.console.error("chart " + spec.name, error);
        }
      }
    });
    var pending = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(function () {
        charts.forEach(function (chart) { chart.resize(); });
      }, 150);
    });
  }

  function start() {
    var payload = readPayload();
    if (!payload || !window.echarts) {
      return;
    }
    fontsReady(payload.font).then(function () { draw(payload); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
