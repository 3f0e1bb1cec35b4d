// Monitoring page: reads the filters, asks /api/analytics/... and fills the charts and tables without a reload.
// The filters live in the URL (history.replaceState), so a filtered view can be bookmarked or shared.
(function () {
  "use strict";
  var form = document.getElementById("monitoring-filters");
  if (!form) {
    return;
  }
  var charts = window.portcullisCharts;
  var RANGES = { "1h": 3600000, "24h": 86400000, "7d": 7 * 86400000, "30d": 30 * 86400000 };
  var FILTERS = ["proxy", "member", "primitiveType", "primitive", "alias", "key"];
  var PAGE_SIZE = 25;
  var TOP_PRIMITIVES = 8;
  var REFRESH_MS = 60000;
  var results = document.getElementById("monitoring-results");
  var empty = document.querySelector("[data-testid=monitoring-empty]");
  var status = document.getElementById("monitoring-status");
  var alertBox = document.querySelector("[data-testid=monitoring-error]");
  var proxyNames = {};
  Array.prototype.forEach.call(form.proxy.options, function (option) {
    if (option.value) {
      proxyNames[option.value] = option.textContent;
    }
  });
  var sequence = 0;
  var typing;
  var page = 0;

  function proxyName(id) {
    return id ? proxyNames[id] || id : "(no proxy matched)";
  }

  function primitiveLabel(item) {
    return item.primitive ? item.primitive : "(no primitive)";
  }

  // The API's query for the current filters; from/to are ISO instants.
  function query() {
    var params = new URLSearchParams();
    var range = form.range.value;
    if (range === "custom") {
      if (form.from.value) {
        params.set("from", new Date(form.from.value).toISOString());
      }
      if (form.to.value) {
        params.set("to", new Date(form.to.value).toISOString());
      }
    } else {
      var now = Date.now();
      params.set("from", new Date(now - RANGES[range]).toISOString());
      params.set("to", new Date(now).toISOString());
    }
    FILTERS.forEach(function (name) {
      var value = form[name].value.trim();
      if (value) {
        params.set(name, value);
      }
    });
    return params;
  }

  function pageUrlState() {
    var params = new URLSearchParams();
    params.set("range", form.range.value);
    if (form.range.value === "custom") {
      ["from", "to"].forEach(function (name) { if (form[name].value) { params.set(name, form[name].value); } });
    }
    FILTERS.forEach(function (name) { if (form[name].value.trim()) { params.set(name, form[name].value.trim()); } });
    history.replaceState(null, "", "/ui/monitoring?" + params.toString());
  }

  function restoreFromUrl() {
    var params = new URLSearchParams(location.search);
    if (params.get("range") && (RANGES[params.get("range")] || params.get("range") === "custom")) {
      form.range.value = params.get("range");
    }
    ["from", "to"].concat(FILTERS).forEach(function (name) {
      if (params.get(name) !== null) {
        form[name].value = params.get(name);
      }
    });
    showCustomRange();
  }

  function showCustomRange() {
    var custom = form.range.value === "custom";
    form.querySelectorAll(".custom-range").forEach(function (field) { field.hidden = !custom; });
    if (custom && !form.from.value) {
      var to = new Date();
      var from = new Date(to.getTime() - RANGES["24h"]);
      form.from.value = localInput(from);
      form.to.value = localInput(to);
    }
  }

  function localInput(date) {
    var local = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
    return local.toISOString().slice(0, 16);
  }

  function clearErrors() {
    alertBox.hidden = true;
    form.querySelectorAll("[data-error-for]").forEach(function (slot) { slot.hidden = true; slot.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach(function (input) { input.removeAttribute("aria-invalid"); });
  }

  // A problem+json answer: each error next to the field it names, the rest on top.
  function showProblem(problem) {
    var general = [];
    (problem.errors || []).forEach(function (error) {
      var slot = form.querySelector("[data-error-for='" + error.field + "']");
      if (slot && !slot.parentElement.closest("[hidden]")) {
        slot.textContent = error.message;
        slot.hidden = false;
        form[error.field].setAttribute("aria-invalid", "true");
      } else {
        general.push((error.field ? error.field + ": " : "") + error.message);
      }
    });
    if (general.length || !(problem.errors || []).length) {
      alertBox.textContent = general.length ? general.join("; ") : (problem.detail || problem.title || "Request failed");
      alertBox.hidden = false;
    }
  }

  function get(path, params) {
    return window.portcullis.fetch(path + "?" + params.toString()).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) {
          body.status = response.status;
          throw body;
        }
        return body;
      });
    });
  }

  function with_(params, extra) {
    var copy = new URLSearchParams(params);
    Object.keys(extra).forEach(function (name) { copy.set(name, extra[name]); });
    return copy;
  }

  function refresh(resetPage) {
    if (resetPage) {
      page = 0;
    }
    clearTimeout(typing);
    var mine = ++sequence;
    var params = query();
    pageUrlState();
    status.textContent = "Loading…";
    Promise.all([
      get("/api/analytics/traffic", with_(params, { groupBy: "proxy" })),
      get("/api/analytics/traffic", with_(params, { groupBy: "primitive" })),
      get("/api/analytics/primitives", with_(params, { sort: "used", limit: 10 })),
      get("/api/analytics/primitives", with_(params, { sort: "failing", limit: 10 })),
      get("/api/analytics/primitives", with_(params, { sort: "slowest", limit: 10 })),
      get("/api/analytics/records", with_(params, { page: page, size: PAGE_SIZE })),
      get("/api/analytics/consumers", with_(params, { limit: 10 }))
    ]).then(function (answers) {
      if (mine !== sequence) {
        return;
      }
      clearErrors();
      draw(answers[0], answers[1], answers[2], answers[3], answers[4], answers[5], answers[6]);
      status.textContent = "Updated " + new Date().toLocaleTimeString() + " · " + rangeText(answers[0]);
    }).catch(function (problem) {
      if (mine !== sequence) {
        return;
      }
      clearErrors();
      results.hidden = true;
      empty.hidden = true;
      showProblem(problem || {});
      status.textContent = "Not updated: fix the filters above.";
    });
  }

  function rangeText(traffic) {
    return new Date(traffic.from).toLocaleString() + " to " + new Date(traffic.to).toLocaleString() + ", per "
      + traffic.resolution;
  }

  function draw(proxyTraffic, primitiveTraffic, used, failing, slowest, records, consumers) {
    var hasTraffic = proxyTraffic.points.length > 0 || records.items.length > 0;
    results.hidden = !hasTraffic;
    empty.hidden = hasTraffic;
    if (!hasTraffic) {
      describeEmpty();
      return;
    }
    var times = charts.timeline(proxyTraffic.from, proxyTraffic.to, proxyTraffic.resolution);
    drawProxies(times, proxyTraffic);
    drawPrimitiveVolume(times, primitiveTraffic);
    drawRankings(used.items, failing.items, slowest.items);
    drawConsumers(consumers.items);
    drawRecords(records);
  }

  function describeEmpty() {
    var filtered = form.range.value === "custom" || FILTERS.some(function (name) { return form[name].value.trim(); });
    empty.querySelector("[data-empty-title]").textContent = filtered
      ? "No traffic matches these filters" : "No traffic yet - send a request through a gateway";
    empty.querySelector("[data-empty-text]").textContent = filtered
      ? "Nothing was recorded for this selection. Widen the time range or clear the filters."
      : "Requests that agents send through a gateway appear here within seconds.";
    var example = empty.querySelector("[data-empty-example]");
    if (example) {
      var selected = form.proxy.selectedOptions[0];
      var first = form.proxy.options[1];
      var url = (selected && selected.dataset.gatewayUrl) || (first && first.dataset.gatewayUrl) || "";
      example.textContent = url;
      example.closest("[data-empty-example-wrap]").hidden = !url;
    }
  }

  function series(points, keyOf, labelOf, valueOf) {
    var byKey = new Map();
    points.forEach(function (point) {
      var key = keyOf(point);
      if (!byKey.has(key)) {
        byKey.set(key, { label: labelOf(point), values: new Map(), total: 0 });
      }
      var one = byKey.get(key);
      var time = Date.parse(point.time);
      var value = valueOf(point);
      one.values.set(time, (one.values.get(time) || 0) + value);
      one.total += value;
    });
    return Array.from(byKey.values());
  }

  function statusColor(code) {
    var n = Number(code);
    return n >= 500 ? "#c92a2a" : n >= 400 ? "#e67700" : n >= 300 ? "#1098ad" : n >= 200 ? "#2f9e44" : "#868e96";
  }

  function drawProxies(times, traffic) {
    var byProxy = function (p) { return p.proxy || ""; };
    var name = function (p) { return proxyName(p.proxy); };
    charts.timeSeries("chart-proxy-requests", times, traffic.resolution,
      series(traffic.points, byProxy, name, function (p) { return p.requests; }));
    charts.timeSeries("chart-proxy-errors", times, traffic.resolution,
      series(traffic.points, byProxy, name, function (p) { return p.errors; }));

    var codes = {};
    traffic.points.forEach(function (p) {
      Object.keys(p.statusCodes).forEach(function (code) { codes[code] = true; });
    });
    var statusSeries = Object.keys(codes).sort().map(function (code) {
      var one = series(traffic.points.filter(function (p) { return p.statusCodes[code]; }),
        function () { return code; }, function () { return code; }, function (p) { return p.statusCodes[code]; })[0];
      one.color = statusColor(code);
      return one;
    });
    charts.timeSeries("chart-status", times, traffic.resolution, statusSeries, true);
    fillTable("status-totals", statusSeries.map(function (one) {
      return [badge(one.label, "status-" + one.label.charAt(0) + "xx"), number(one.total)];
    }));

    var totals = new Map();
    traffic.points.forEach(function (p) {
      var key = p.proxy || "";
      var total = totals.get(key) || { proxy: p.proxy, requests: 0, errors: 0, codes: {} };
      total.requests += p.requests;
      total.errors += p.errors;
      Object.keys(p.statusCodes).forEach(function (code) {
        total.codes[code] = (total.codes[code] || 0) + p.statusCodes[code];
      });
      totals.set(key, total);
    });
    var rows = Array.from(totals.values()).sort(function (a, b) { return b.requests - a.requests; });
    var requests = 0;
    var errors = 0;
    fillTable("proxy-totals", rows.map(function (total) {
      requests += total.requests;
      errors += total.errors;
      var codesText = Object.keys(total.codes).sort().map(function (code) { return code + ": " + total.codes[code]; })
        .join(", ");
      return [text(proxyName(total.proxy)), number(total.requests), number(total.errors),
        number(percent(total.errors, total.requests)), text(codesText)];
    }));
    setText("total-requests", requests.toLocaleString());
    setText("total-errors", errors.toLocaleString());
    setText("total-error-rate", percent(errors, requests));
  }

  function drawPrimitiveVolume(times, traffic) {
    var all = series(traffic.points.filter(function (p) { return p.primitive; }),
      function (p) { return (p.proxy || "") + "\u0000" + p.primitiveType + "\u0000" + p.primitive; },
      function (p) { return p.primitive + " (" + proxyName(p.proxy) + ")"; },
      function (p) { return p.requests; });
    all.sort(function (a, b) { return b.total - a.total; });
    charts.timeSeries("chart-primitive-volume", times, traffic.resolution, all.slice(0, TOP_PRIMITIVES));
    document.querySelector("[data-primitive-volume-note]").textContent = all.length === 0
      ? "No tool, prompt or resource calls in this selection (only other MCP methods)."
      : all.length > TOP_PRIMITIVES ? "The " + TOP_PRIMITIVES + " busiest of " + all.length + " primitives." : "";
  }

  function drawRankings(used, failing, slowest) {
    // A name may exist on several proxies: without a proxy filter, each bar says which proxy it is.
    var names = function (items) {
      return items.map(function (item) {
        return primitiveLabel(item) + (form.proxy.value ? "" : " (" + proxyName(item.proxy) + ")");
      });
    };
    charts.horizontalBars("chart-used", names(used), [{ label: "Requests", values: used.map(function (i) {
      return i.requests; }) }]);
    fillTable("most-used", used.map(function (item) {
      return [primitiveCell(item), text(proxyName(item.proxy)), number(item.requests)];
    }), "No tool, prompt or resource calls in this selection.");

    var failed = failing.filter(function (item) { return item.errors > 0; });
    charts.horizontalBars("chart-failing", names(failed), [{ label: "Error rate %", color: "#c92a2a",
      values: failed.map(function (i) { return Math.round(i.errorRate * 1000) / 10; }) }], "error rate %");
    fillTable("most-failing", failed.map(function (item) {
      return [primitiveCell(item), text(proxyName(item.proxy)), number(item.errors),
        number(percent(item.errors, item.requests))];
    }), "No primitive failed in this selection.");

    charts.horizontalBars("chart-slowest", names(slowest), [
      { label: "Average", values: slowest.map(function (i) { return round(i.avgLatencyMs); }) },
      { label: "p95", values: slowest.map(function (i) { return round(i.p95LatencyMs); }) }], "ms");
    fillTable("slowest", slowest.map(function (item) {
      return [primitiveCell(item), text(proxyName(item.proxy)), number(round(item.avgLatencyMs)),
        number(round(item.p95LatencyMs)), number(item.requests)];
    }), "No tool, prompt or resource calls in this selection.");
  }

  // Which agents call: requests and errors per key alias (a key without an alias shows its id).
  function drawConsumers(consumers) {
    var label = function (item) { return item.alias || item.key || "(no key)"; };
    charts.horizontalBars("chart-keys", consumers.map(label), [
      { label: "Requests", values: consumers.map(function (i) { return i.requests; }) },
      { label: "Errors", color: "#c92a2a", values: consumers.map(function (i) { return i.errors; }) }]);
    fillTable("busiest-keys", consumers.map(function (item) {
      return [item.alias ? aliasCell(item.alias) : text(item.key || "(no key)"), number(item.requests),
        number(item.errors), number(round(item.p95LatencyMs))];
    }), "No requests in this selection.");
  }

  function drawRecords(records) {
    fillTable("recent-requests", records.items.map(function (r) {
      var error = r.errorReason || (r.mcpErrorCode != null ? "JSON-RPC " + r.mcpErrorCode : "")
        || (r.upstreamErrorCode != null ? "upstream " + r.upstreamErrorCode : "") || (r.toolError ? "tool error" : "");
      var time = document.createElement("time");
      time.dateTime = r.time;
      time.textContent = window.portcullis.formatTime(r.time);
      time.title = r.time;
      // A virtual server's request names the member proxy that served it: "all-tools → mock-mcp".
      var proxy = r.member ? proxyName(r.proxy) + " \u2192 " + proxyName(r.member) : proxyName(r.proxy);
      return [time, text(proxy), text(r.mcpMethod || r.httpMethod),
        text(r.mcpPrimitiveName ? r.mcpPrimitiveType + " " + r.mcpPrimitiveName : ""), aliasCell(r.alias),
        badge(String(r.status), "status-" + String(r.status).charAt(0) + "xx"), text(error),
        number(round(r.latencyMicros / 1000)), text(r.gateway)];
    }), "No requests on this page.");
    results.querySelector("[data-page=newer]").disabled = records.page === 0;
    results.querySelector("[data-page=older]").disabled = !records.hasMore;
    results.querySelector("[data-page-label]").textContent = "Page " + (records.page + 1);
  }

  // Text filters apply after a short pause (registered once, not per redraw).
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "INPUT" && event.target.type !== "datetime-local") {
      clearTimeout(typing);
      typing = setTimeout(function () { refresh(true); }, 500);
    }
  });

  // A key alias in Recent requests filters the whole page on that key: which tools does this agent call?
  results.addEventListener("click", function (event) {
    var button = event.target.closest("[data-filter-alias]");
    if (button) {
      form.alias.value = button.getAttribute("data-filter-alias");
      refresh(true);
      form.alias.focus();
    }
  });

  function aliasCell(alias) {
    if (!alias) { return text(""); }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "link-button";
    button.setAttribute("data-filter-alias", alias);
    button.title = "Show only the traffic of this key";
    button.textContent = alias;
    return button;
  }

  function primitiveCell(item) {
    var cell = document.createElement("span");
    var type = document.createElement("span");
    type.className = "badge";
    type.textContent = item.primitiveType || "-";
    cell.appendChild(type);
    cell.appendChild(document.createTextNode(" " + primitiveLabel(item)));
    return cell;
  }

  function fillTable(testId, rows, emptyText) {
    var body = document.querySelector("[data-testid=" + testId + "] tbody");
    body.replaceChildren();
    if (rows.length === 0 && emptyText) {
      var row = body.insertRow();
      var cell = row.insertCell();
      cell.colSpan = body.closest("table").tHead.rows[0].cells.length;
      cell.className = "muted";
      cell.textContent = emptyText;
      return;
    }
    rows.forEach(function (cells) {
      var row = body.insertRow();
      cells.forEach(function (content) {
        var cell = row.insertCell();
        if (content.numeric) {
          cell.className = "num";
        }
        cell.appendChild(content.node || content);
      });
    });
  }

  function text(value) {
    return document.createTextNode(value == null ? "" : String(value));
  }

  function number(value) {
    return { node: text(typeof value === "number" ? value.toLocaleString() : value), numeric: true };
  }

  function badge(value, className) {
    var span = document.createElement("span");
    span.className = "badge " + className;
    span.textContent = value;
    return span;
  }

  function setText(testId, value) {
    document.querySelector("[data-testid=" + testId + "]").textContent = value;
  }

  function percent(part, whole) {
    return whole === 0 ? "0%" : (Math.round(part / whole * 1000) / 10) + "%";
  }

  function round(value) {
    return Math.round(value * 10) / 10;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    refresh(true);
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { showCustomRange(); refresh(true); }, 0);
  });
  form.addEventListener("change", function (event) {
    if (event.target === form.range) {
      showCustomRange();
    }
    if (event.target.tagName === "SELECT" || event.target.type === "datetime-local") {
      refresh(true);
    }
  });
  results.querySelector("[data-page=newer]").addEventListener("click", function () { page--; refresh(false); });
  results.querySelector("[data-page=older]").addEventListener("click", function () { page++; refresh(false); });
  setInterval(function () {
    if (form.range.value !== "custom" && !document.hidden) {
      refresh(false);
    }
  }, REFRESH_MS);

  restoreFromUrl();
  refresh(true);
})();
