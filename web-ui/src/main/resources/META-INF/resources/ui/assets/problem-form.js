// Shows an application/problem+json answer on a form: each field error next to the element that names the field,
// the rest in the form's summary ([data-summary]). Used by the Keys and Policies pages; the server is the judge.
(function () {
  "use strict";

  function clear(root) {
    root.querySelectorAll(".field-error[data-generated]").forEach(function (node) { node.remove(); });
    root.querySelectorAll("[data-error-for]").forEach(function (node) { node.textContent = ""; });
    root.querySelectorAll("[aria-invalid]").forEach(function (node) { node.removeAttribute("aria-invalid"); });
    root.querySelectorAll("[data-summary]").forEach(function (node) { node.hidden = true; node.textContent = ""; });
  }

  // "a.b[2].c" -> ["a.b[2].c", "a.b[2]", "a.b", "a"]: the field, then each parent.
  function candidates(field) {
    var out = [];
    var current = field;
    while (current) {
      out.push(current);
      var cut = Math.max(current.lastIndexOf("."), current.lastIndexOf("["));
      current = cut > 0 ? current.substring(0, cut) : "";
    }
    return out;
  }

  function find(root, field) {
    var paths = candidates(field);
    for (var i = 0; i < paths.length; i++) {
      var escaped = CSS.escape(paths[i]);
      var slot = root.querySelector('[data-error-for="' + escaped + '"]');
      if (slot) {
        return { slot: slot };
      }
      var input = root.querySelector('[data-path="' + escaped + '"]');
      if (input) {
        return { input: input };
      }
    }
    return null;
  }

  function place(target, message) {
    if (target.slot) {
      target.slot.textContent = target.slot.textContent ? target.slot.textContent + "; " + message : message;
      var control = target.slot.parentElement.querySelector("input, select, textarea");
      if (control) {
        control.setAttribute("aria-invalid", "true");
      }
      return;
    }
    var input = target.input;
    input.setAttribute("aria-invalid", "true");
    var note = document.createElement("p");
    note.className = "field-error";
    note.setAttribute("data-generated", "");
    note.textContent = message;
    var anchor = input.closest("[data-error-anchor]") || input;
    anchor.insertAdjacentElement(anchor === input && input.tagName !== "INPUT" && input.tagName !== "SELECT"
      ? "afterbegin" : "afterend", note);
  }

  /** Shows the problem on root; returns how many field errors were placed next to their field. */
  function show(root, problem, fallback) {
    clear(root);
    var summary = root.querySelector("[data-summary]");
    var loose = [];
    var placed = 0;
    (problem && problem.errors || []).forEach(function (error) {
      var target = error.field ? find(root, error.field) : null;
      if (target) {
        place(target, error.message);
        placed++;
      } else {
        loose.push(error.field ? error.field + ": " + error.message : error.message);
      }
    });
    if (summary) {
      var lines = [];
      if (placed > 0) {
        lines.push(placed === 1 ? "One field needs attention (marked below)." : placed + " fields need attention (marked below).");
      }
      if (loose.length === 0 && placed === 0) {
        lines.push(problem && problem.detail ? problem.detail : fallback || "The request failed.");
      }
      summary.textContent = lines.concat(loose).join(" ");
      summary.hidden = false;
    }
    var first = root.querySelector("[aria-invalid=true]");
    if (first) {
      first.focus();
    } else if (summary) {
      summary.setAttribute("tabindex", "-1");
      summary.scrollIntoView({ block: "nearest" });
      summary.focus();
    }
    return placed;
  }

  /** Reads a response body as a problem (or a generic one when the body is not JSON). */
  function problemOf(response) {
    return response.text().then(function (text) {
      try {
        return JSON.parse(text);
      } catch (e) {
        return { status: response.status, detail: "The server answered " + response.status + "." };
      }
    });
  }

  window.portcullisForms = { clear: clear, show: show, problemOf: problemOf };
})();
