// Chart.js helpers for the Monitoring page: one chart per canvas, updated in place when the filters change.
// Buckets without traffic are absent from /api/analytics/traffic; these helpers lay points on a full timeline.
(function () {
  "use strict";
  var PALETTE = ["#1f5fbf", "#d9480f", "#2f9e44", "#9c36b5", "#e8590c", "#1098ad", "#c2255c", "#5c940d",
    "#364fc7", "#868e96"];
  var STEP = { minute: 60000, hour: 3600000, day: 86400000 };
  var MAX_LABELS = 2000;
  var charts = {};

  function color(index) {
    return PALETTE[index % PALETTE.length];
  }

  // Bucket starts (epoch ms) from the range's first bucket to its end; the server truncates to UTC units.
  function timeline(from, to, resolution) {
    var step = STEP[resolution];
    var start = Math.floor(Date.parse(from) / step) * step;
    var end = Date.parse(to);
    var times = [];
    for (var t = start; t < end && times.length < MAX_LABELS; t += step) {
      times.push(t);
    }
    return times;
  }

  function label(time, resolution) {
    var date = new Date(time);
    if (resolution === "day") {
      return date.toLocaleDateString(undefined, { month: "short", day: "numeric" });
    }
    var clock = date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
    return resolution === "hour" && date.getHours() === 0
      ? date.toLocaleDateString(undefined, { month: "short", day: "numeric" }) + " " + clock : clock;
  }

  // series: [{label, values: Map(time ms -> number)}] -> Chart.js datasets on the timeline.
  function datasets(times, series, options) {
    return series.map(function (one, index) {
      return Object.assign({
        label: one.label,
        data: times.map(function (t) { return one.values.get(t) || 0; }),
        borderColor: one.color || color(index),
        backgroundColor: one.color || color(index),
        borderWidth: 2,
        pointRadius: times.length > 60 ? 0 : 2,
        tension: 0.2
      }, options || {});
    });
  }

  function render(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas || typeof Chart === "undefined") {
      return;
    }
    config.options = Object.assign({
      animation: false,
      maintainAspectRatio: false,
      interaction: { mode: "index", intersect: false },
      plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } }
    }, config.options || {});
    if (charts[id]) {
      charts[id].destroy();
    }
    charts[id] = new Chart(canvas, config);
  }

  function timeSeries(id, times, resolution, series, stacked) {
    render(id, {
      type: stacked ? "bar" : "line",
      data: {
        labels: times.map(function (t) { return label(t, resolution); }),
        datasets: datasets(times, series, stacked ? { borderWidth: 0 } : {})
      },
      options: {
        scales: {
          x: { stacked: !!stacked, ticks: { maxTicksLimit: 12, autoSkip: true } },
          y: { stacked: !!stacked, beginAtZero: true, ticks: { precision: 0 } }
        }
      }
    });
  }

  // bars: [{label, values: [numbers per category]}]. Every category is labelled (no skipping), and the chart is as
  // tall as its bars need, so ten primitives do not get the room of a time series.
  function horizontalBars(id, categories, bars, unit) {
    var canvas = document.getElementById(id);
    if (canvas && canvas.parentNode) {
      canvas.parentNode.style.height = Math.max(90, categories.length * (bars.length > 1 ? 30 : 22) + 56) + "px";
    }
    render(id, {
      type: "bar",
      data: {
        labels: categories,
        datasets: bars.map(function (bar, index) {
          return { label: bar.label, data: bar.values, backgroundColor: bar.color || color(index),
            maxBarThickness: 24 };
        })
      },
      options: {
        indexAxis: "y",
        plugins: { legend: { display: bars.length > 1, position: "bottom" } },
        scales: { x: { beginAtZero: true, title: { display: !!unit, text: unit || "" } },
          y: { ticks: { autoSkip: false } } }
      }
    });
  }

  window.portcullisCharts = { timeline: timeline, timeSeries: timeSeries, horizontalBars: horizontalBars,
    color: color };
})();
