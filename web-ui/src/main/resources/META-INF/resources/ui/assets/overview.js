// Overview: the last hour's requests and errors and the top failing primitives, from the analytics API.
(function () {
  "use strict";
  var to = new Date();
  var from = new Date(to.getTime() - 3600000);
  var range = "from=" + encodeURIComponent(from.toISOString()) + "&to=" + encodeURIComponent(to.toISOString());
  var proxyNames = {};

  function json(url) {
    return window.portcullis.fetch(url).then(function (response) {
      if (!response.ok) { throw new Error("The analytics could not be read (HTTP " + response.status + ")."); }
      return response.json();
    });
  }

  function cell(text, className) {
    var td = document.createElement("td");
    td.textContent = text;
    if (className) { td.className = className; }
    return td;
  }

  Promise.all([json("/api/analytics/traffic?groupBy=proxy&" + range), json("/api/analytics/primitives?sort=failing&limit=5&" + range),
    json("/api/mcps").catch(function () { return []; })]).then(function (answers) {
    answers[2].forEach(function (proxy) { proxyNames[proxy.id] = proxy.name; });
    var requests = 0, errors = 0;
    answers[0].points.forEach(function (point) { requests += point.requests; errors += point.errors; });
    document.querySelector("[data-testid=overview-requests]").textContent = requests.toLocaleString();
    document.querySelector("[data-testid=overview-errors]").textContent = errors.toLocaleString();
    document.querySelector("[data-testid=overview-error-rate]").textContent = requests
      ? (100 * errors / requests).toFixed(1) + "% of requests" : "no traffic";
    document.querySelector("[data-errors-tile]").classList.toggle("bad", errors > 0);
    var body = document.querySelector("[data-testid=overview-failing] tbody");
    body.textContent = "";
    answers[1].items.forEach(function (item) {
      var row = document.createElement("tr");
      var name = document.createElement("td");
      var link = document.createElement("a");
      link.href = "/ui/monitoring?range=1h&proxy=" + encodeURIComponent(item.proxy || "") + "&primitive="
        + encodeURIComponent(item.primitive || "");
      link.textContent = item.primitive || "(no primitive)";
      name.appendChild(link);
      row.appendChild(name);
      row.appendChild(cell(item.proxy ? proxyNames[item.proxy] || item.proxy : "(no proxy matched)"));
      row.appendChild(cell(item.errors.toLocaleString(), "num"));
      row.appendChild(cell((100 * item.errorRate).toFixed(1) + "%", "num"));
      body.appendChild(row);
    });
    if (!answers[1].items.length) {
      var none = document.createElement("tr");
      none.appendChild(cell("No errors in the last hour.", "muted"));
      none.firstChild.colSpan = 4;
      body.appendChild(none);
    }
  }).catch(function (error) {
    var box = document.querySelector("[data-testid=overview-error]");
    box.textContent = error.message;
    box.hidden = false;
  });
})();
