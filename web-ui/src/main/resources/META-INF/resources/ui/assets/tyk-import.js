// The Import from Tyk page: sends the pasted JSON to POST /api/import/tyk (dry run for Preview) and shows the
// report: what each Tyk object became, and each Tyk field left behind with the reason. The server is the judge.
(function () {
  "use strict";

  var form = document.getElementById("tyk-import");
  var report = document.getElementById("tyk-report");
  var forms = window.portcullisForms;

  function parsed(id, wrap) {
    var text = document.getElementById(id).value.trim();
    if (!text) {
      return undefined;
    }
    var value = JSON.parse(text);
    return wrap && !Array.isArray(value) && (value.openapi || value["x-tyk-api-gateway"] || value.access_rights)
      ? [value] : value;
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined) {
      node.textContent = text;
    }
    if (className) {
      node.className = className;
    }
    return node;
  }

  function item(kind, entry, saved) {
    var card = element("section", undefined, "card");
    card.setAttribute("data-import-item", entry.source);
    card.appendChild(element("h3", kind + " " + (entry.id || "?") + (entry.tykId && entry.tykId !== entry.id
      ? " (Tyk id " + entry.tykId + ")" : "") + (saved ? ": created" : ": would be created")));
    if (entry.ignored.length) {
      card.appendChild(element("p", entry.ignored.length + " Tyk field" + (entry.ignored.length === 1 ? " is" : "s are")
        + " not carried over:"));
      var list = element("ul", undefined, "ignored");
      entry.ignored.forEach(function (ignored) {
        var line = element("li");
        line.appendChild(element("code", ignored.field));
        line.appendChild(document.createTextNode(": " + ignored.reason));
        list.appendChild(line);
      });
      card.appendChild(list);
    } else {
      card.appendChild(element("p", "Every Tyk field with a value was carried over.", "muted"));
    }
    if (entry.result) {
      var details = element("details");
      details.appendChild(element("summary", "Portcullis definition"));
      details.appendChild(element("pre", JSON.stringify(entry.result, null, 2), "code"));
      card.appendChild(details);
    }
    return card;
  }

  function show(answer, saved) {
    var items = report.querySelector("[data-report-items]");
    items.textContent = "";
    report.querySelector("[data-report-heading]").textContent = saved ? "Imported"
      : "Preview: nothing has been saved";
    answer.proxies.forEach(function (entry) { items.appendChild(item("Proxy", entry, saved)); });
    answer.policies.forEach(function (entry) { items.appendChild(item("Policy", entry, saved)); });
    report.hidden = false;
  }

  form.querySelectorAll("input[type=file][data-load]").forEach(function (input) {
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (file) {
        file.text().then(function (text) { document.getElementById(input.getAttribute("data-load")).value = text; });
      }
    });
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var dryRun = !(event.submitter && event.submitter.value === "import");
    var body = { dryRun: dryRun };
    forms.clear(form);
    report.hidden = true;
    try {
      var apis = parsed("tyk-apis", true);
      var policies = parsed("tyk-policies", true);
      if (apis !== undefined) { body.apiDefinitions = apis; }
      if (policies !== undefined) { body.policies = policies; }
    } catch (notJson) {
      forms.show(form, { detail: "That is not valid JSON: " + notJson.message, errors: [] });
      return;
    }
    window.portcullis.fetch("/api/import/tyk", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body) }).then(function (response) {
      if (response.ok) {
        return response.json().then(function (answer) {
          show(answer, !dryRun);
          window.portcullis.announce(dryRun ? "Preview ready" : "Imported");
        });
      }
      return forms.problemOf(response).then(function (problem) {
        forms.show(form, problem);
        if (problem.report) {
          show(problem.report, false);
          report.querySelector("[data-report-heading]").textContent = "Not imported: fix the problems above";
        }
      });
    });
  });
})();
