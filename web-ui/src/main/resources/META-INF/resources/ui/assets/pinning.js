// The designer's "Tool pinning" card: reads and sets the proxy's pinning mode through /api/mcps/{id}/pinning.
// Switching to enforce with nothing approved would hold every tool: the admin is asked to approve all current
// definitions in the same step (the API's approveCurrent).
(function () {
  "use strict";
  var card = document.getElementById("pinning");
  if (!card) {
    return;
  }
  var url = "/api/mcps/" + encodeURIComponent(card.getAttribute("data-proxy-id")) + "/pinning";
  var select = document.getElementById("pin-mode");
  var status = document.getElementById("pin-status");
  var error = document.getElementById("pin-error");
  var current = null;

  function show(pinning) {
    current = pinning;
    select.value = pinning.mode;
    status.textContent = pinning.pins.length + " approved definition(s); " + pinning.pending.length
      + " change(s) waiting for approval.";
    error.textContent = "";
  }

  function failed(response) {
    return response.json().catch(function () { return {}; }).then(function (problem) {
      error.textContent = problem.detail || ("HTTP " + response.status);
    });
  }

  function send(method, target, body) {
    return window.portcullis.fetch(target, {
      method: method,
      headers: { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (response) {
      if (!response.ok) {
        return failed(response);
      }
      return response.json().then(function () { return load(); });
    });
  }

  function load() {
    return window.portcullis.fetch(url).then(function (response) {
      return response.ok ? response.json().then(show) : failed(response);
    });
  }

  var save = document.getElementById("pin-save");
  if (save) {
    save.addEventListener("click", function () {
      var body = { mode: select.value };
      if (select.value === "enforce" && current && current.pins.length === 0) {
        if (!window.confirm("Nothing is approved yet: in enforce mode every tool, prompt and resource template would"
            + " be held. Approve everything the upstream lists now and enforce from there?")) {
          return;
        }
        body.approveCurrent = true;
      }
      send("PUT", url, body).then(function () { window.portcullis.toast("Pinning saved"); });
    });
    document.getElementById("pin-approve-current").addEventListener("click", function () {
      if (window.confirm("Approve everything the upstream lists now, as it is now?")) {
        send("POST", url + "/approve-current").then(function () { window.portcullis.toast("Approved"); });
      }
    });
  }
  load();
})();
