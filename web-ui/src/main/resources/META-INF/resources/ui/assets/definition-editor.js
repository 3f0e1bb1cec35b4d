// The designer's definition editor ("View definition" tab): CodeMirror 5 over the plain textarea, which stays the
// fallback when scripts fail. JSON highlighting, line numbers, bracket matching, and a lint gutter that marks a
// JSON syntax error at once and, after a pause in typing, every field the control plane's own rules refuse
// (POST /api/mcps/{id}/validate runs the checks a save would, and stores nothing). Tab and Shift-Tab leave the
// editor, so keyboard users are never trapped in it.
(function () {
  "use strict";
  var textarea = document.getElementById("definition-json");
  var root = document.getElementById("designer");
  if (!textarea || !root || !window.CodeMirror) { return; }
  var api = "/api/mcps/" + encodeURIComponent(root.getAttribute("data-proxy-id")) + "/validate";
  var readOnly = textarea.hasAttribute("readonly");
  var status = document.getElementById("definition-check");
  var positions = {};

  var editor = window.CodeMirror.fromTextArea(textarea, {
    mode: { name: "javascript", json: true },
    lineNumbers: true,
    matchBrackets: true,
    autoCloseBrackets: !readOnly,
    readOnly: readOnly,
    tabSize: 2,
    indentUnit: 2,
    screenReaderLabel: "Proxy definition (JSON)",
    gutters: ["CodeMirror-lint-markers"],
    lint: readOnly ? false : { getAnnotations: lint, async: true, delay: 600 },
    extraKeys: { "Tab": false, "Shift-Tab": false }
  });
  editor.on("change", function () { editor.save(); });

  // The panel starts hidden, where CodeMirror cannot measure itself: refresh it whenever the panel is shown.
  var panel = document.getElementById("panel-definition");
  new MutationObserver(function () { if (!panel.hidden) { editor.refresh(); } })
    .observe(panel, { attributes: true, attributeFilter: ["hidden"] });

  function announce(text) {
    if (status && status.textContent !== text) { status.textContent = text; }
  }

  // Async lint: syntax first (no request while the text is not JSON), then the control plane's rules.
  function lint(text, done, options, cm) {
    if (!text.trim()) { done([]); return; } // not loaded yet
    var parsed;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      var match = /position (\d+)/.exec(e.message);
      var index = match ? Number(match[1]) : text.length;
      announce("Not valid JSON.");
      done([annotation(cm, index, index + 1, "Not valid JSON: " + e.message)]);
      return;
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      announce("The definition must be a JSON object.");
      done([annotation(cm, 0, 1, "The definition must be a JSON object.")]);
      return;
    }
    positions = locate(text);
    window.portcullis.fetch(api, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: text
    }).then(function (response) {
      if (response.ok) { announce("No problems found."); done([]); return; }
      if (response.status !== 400) { done([]); return; }
      return response.json().then(function (problem) {
        var errors = problem.errors && problem.errors.length ? problem.errors
          : [{ field: "", message: problem.detail || "refused" }];
        announce(errors.length === 1 ? "1 problem: " + describe(errors[0]) : errors.length + " problems.");
        done(errors.map(function (error) {
          var at = place(error.field);
          return annotation(cm, at.from, at.to, describe(error));
        }));
      });
    }).catch(function () { done([]); });
  }

  function describe(error) {
    return (error.field ? error.field + " " : "") + error.message;
  }

  function annotation(cm, from, to, message) {
    var doc = (cm || editor).getDoc();
    return { from: doc.posFromIndex(from), to: doc.posFromIndex(Math.max(to, from + 1)), message: message,
      severity: "error" };
  }

  // Where a field path such as "upstream.targets[1]" or "tools.get_users.rateLimit" is written: its own key, else
  // the nearest enclosing one (a missing field is reported on the object that lacks it), else the first line.
  function place(field) {
    var path = field || "";
    while (path) {
      if (positions.hasOwnProperty(path)) { return positions[path]; }
      var cut = Math.max(path.lastIndexOf("."), path.lastIndexOf("["));
      path = cut > 0 ? path.slice(0, cut) : "";
    }
    return { from: 0, to: 1 };
  }

  // Field path -> character range of its key (objects) or value (array items), for text JSON.parse accepted.
  function locate(text) {
    var map = {};
    var at = 0;
    function space() { while (at < text.length && " \t\r\n".indexOf(text.charAt(at)) >= 0) { at++; } }
    function string() {
      var start = at++;
      while (at < text.length && text.charAt(at) !== "\"") { at += text.charAt(at) === "\\" ? 2 : 1; }
      at++;
      return JSON.parse(text.slice(start, at));
    }
    function value(path) {
      space();
      var c = text.charAt(at);
      if (c === "{" || c === "[") {
        var object = c === "{";
        at++;
        space();
        for (var i = 0; at < text.length && text.charAt(at) !== (object ? "}" : "]"); i++) {
          space();
          var start = at;
          var child;
          if (object) {
            child = (path ? path + "." : "") + string();
            map[child] = { from: start, to: at };
            space();
            at++; // the colon
            value(child);
          } else {
            child = path + "[" + i + "]";
            value(child);
            if (!map.hasOwnProperty(child)) { map[child] = { from: start, to: at }; }
          }
          space();
          if (text.charAt(at) === ",") { at++; space(); }
        }
        at++;
      } else if (c === "\"") {
        string();
      } else {
        while (at < text.length && ",}] \t\r\n".indexOf(text.charAt(at)) < 0) { at++; }
      }
    }
    value("");
    return map;
  }

  window.portcullis.definitionEditor = {
    set: function (text) { editor.setValue(text); editor.clearHistory(); },
    get: function () { return editor.getValue(); },
    // Puts the cursor on a field the save refused and focuses the editor.
    reveal: function (field) {
      var text = editor.getValue();
      try { JSON.parse(text); positions = locate(text); } catch (e) { positions = {}; }
      var at = place(field);
      editor.setCursor(editor.posFromIndex(at.from));
      editor.scrollIntoView(null, 80);
      editor.focus();
    }
  };
})();
