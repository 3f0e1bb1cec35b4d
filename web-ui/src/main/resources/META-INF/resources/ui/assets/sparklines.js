// MCP registry: a traffic sparkline per proxy (requests per hour over the last 24 hours), drawn on
// <canvas data-sparkline="proxy id"> from one /api/analytics/traffic call. No chart library needed.
(function () {
  "use strict";
  var canvases = document.querySelectorAll("canvas[data-sparkline]");
  if (canvases.length === 0 || !window.portcullis) {
    return;
  }
  var HOUR = 3600000;
  var to = Date.now();
  var first = Math.floor((to - 24 * HOUR) / HOUR) * HOUR;
  var params = new URLSearchParams({ groupBy: "proxy", resolution: "hour",
    from: new Date(to - 24 * HOUR).toISOString(), to: new Date(to).toISOString() });
  window.portcullis.fetch("/api/analytics/traffic?" + params).then(function (response) {
    return response.ok ? response.json() : null;
  }).then(function (traffic) {
    if (!traffic) {
      return;
    }
    var perProxy = {};
    traffic.points.forEach(function (point) {
      var slot = Math.round((Date.parse(point.time) - first) / HOUR);
      var counts = perProxy[point.proxy] || (perProxy[point.proxy] = new Array(25).fill(0));
      if (slot >= 0 && slot < counts.length) {
        counts[slot] += point.requests;
      }
    });
    canvases.forEach(function (canvas) {
      var counts = perProxy[canvas.dataset.sparkline] || new Array(25).fill(0);
      var total = counts.reduce(function (a, b) { return a + b; }, 0);
      canvas.setAttribute("aria-label", total + " requests in the last 24 hours");
      canvas.title = total + " requests in the last 24 hours";
      canvas.dataset.total = String(total);
      draw(canvas, counts);
    });
  });

  function draw(canvas, counts) {
    var context = canvas.getContext("2d");
    var width = canvas.width;
    var height = canvas.height;
    var max = Math.max.apply(null, counts.concat([1]));
    context.clearRect(0, 0, width, height);
    context.strokeStyle = "#1f5fbf";
    context.lineWidth = 1.5;
    context.beginPath();
    counts.forEach(function (count, index) {
      var x = index * (width - 2) / (counts.length - 1) + 1;
      var y = height - 2 - count / max * (height - 4);
      if (index === 0) {
        context.moveTo(x, y);
      } else {
        context.lineTo(x, y);
      }
    });
    context.stroke();
  }
})();
