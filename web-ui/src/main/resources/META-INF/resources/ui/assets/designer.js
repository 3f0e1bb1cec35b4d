// MCP designer (/ui/mcps/{id}): Settings, Primitives and View definition over /api/mcps/{id} with If-Match.
// The API owns every rule: this script only maps fields to JSON paths and shows the problem+json field errors.
(function () {
  "use strict";
  var root = document.getElementById("designer");
  if (!root) { return; }
  var id = root.getAttribute("data-proxy-id");
  var canEdit = root.getAttribute("data-can-edit") === "true";
  // A virtual server's members editor and primitives view live in virtual-server.js (loaded on its page only).
  var virtual = root.getAttribute("data-virtual") === "true" ? window.portcullis.virtualServer : null;
  var api = "/api/mcps/" + encodeURIComponent(id);
  var state = { definition: null, etag: null, selected: null, upstream: null };

  var MIDDLEWARE = [
    { key: "allow", label: "Allow", kind: "flag", help: "once anything in this category is allowed, the rest is denied" },
    { key: "block", label: "Block", kind: "flag", help: "always wins over allow" },
    { key: "rateLimit", label: "Rate limit", kind: "rate" },
    { key: "circuitBreaker", label: "Circuit breaker", kind: "breaker" },
    { key: "timeoutMs", label: "Timeout (ms)", kind: "number", min: 1 },
    { key: "requestSizeLimit", label: "Request size limit (bytes)", kind: "number", min: 1 },
    { key: "ignoreAuthentication", label: "Ignore authentication", kind: "flag", help: "callers need no key for this one" },
    { key: "transformRequestHeaders", label: "Transform request headers", kind: "headers" },
    { key: "transformResponseHeaders", label: "Transform response headers", kind: "headers" },
    { key: "track", label: "Track (analytics)", kind: "flag" },
    { key: "doNotTrack", label: "Do not track (analytics)", kind: "flag" },
    { key: "requiredScopes", label: "Required OAuth scopes", kind: "scopes" },
    { key: "mockResponse", label: "Mock response (JSON result)", kind: "json" },
    { key: "transformRequestBody", label: "Transform request body (arguments)", kind: "body" },
    { key: "plugins", label: "Plugin", kind: "plugin", repeats: true }
  ];
  // Context variables a header value or a body edit may use (the gateway fills them in per request).
  var VARIABLES = "${consumer.id}, ${consumer.alias}, ${consumer.kind}, ${jwt.sub}, ${jwt.claims.<name>}, "
    + "${mcp.method}, ${mcp.primitive}, ${mcp.primitiveType}, ${mcp.protocolVersion}, ${proxy.id}, "
    + "${proxy.listenPath}, ${request.clientIp}, ${request.header.<name>}";
  var BODY_SYNTAX = "One edit per line: set /path = value, default /path = value, remove /path, rename /from -> /to."
    + " Paths are JSON Pointers inside params.arguments; a value is JSON when it parses (10, true, \"text\"), text otherwise.";
  var CATEGORY = { tools: "Tool", resources: "Resource", prompts: "Prompt", operations: "Operation" };

  var el = window.portcullis.el;

  function get(object, path) {
    return path.split(".").reduce(function (value, part) { return value == null ? undefined : value[part]; }, object);
  }

  function set(object, path, value) {
    var parts = path.split("."), last = parts.pop(), target = object;
    parts.forEach(function (part) {
      if (target[part] == null || typeof target[part] !== "object") { target[part] = {}; }
      target = target[part];
    });
    target[last] = value;
  }

  // ---- loading, saving, errors -------------------------------------------------------------------------------
  function load() {
    return portcullis.fetch(api).then(function (response) {
      if (!response.ok) { throw new Error("Could not load the proxy (HTTP " + response.status + ")."); }
      state.etag = response.headers.get("ETag");
      return response.json();
    }).then(function (definition) {
      state.definition = definition;
      document.getElementById("stale").hidden = true;
      fillSettings();
      renderPrimitives();
      showDefinition(definition);
    }).catch(function (error) {
      var box = document.getElementById("load-error");
      box.textContent = error.message;
      box.hidden = false;
    });
  }

  // Shows a definition in the definition editor (CodeMirror when it loaded, else the plain textarea).
  function showDefinition(definition) {
    var text = JSON.stringify(definition, null, 2);
    if (window.portcullis.definitionEditor) { window.portcullis.definitionEditor.set(text); }
    else { document.getElementById("definition-json").value = text; }
  }

  // Saves a whole definition; resolves with null on success, or the problem's field errors.
  function save(definition, panel, prefix) {
    clearErrors(panel);
    return portcullis.fetch(api, {
      method: "PUT",
      headers: { "Content-Type": "application/json", "If-Match": state.etag || "" },
      body: JSON.stringify(definition)
    }).then(function (response) {
      if (response.ok) {
        state.etag = response.headers.get("ETag");
        return response.json().then(function (saved) {
          state.definition = saved;
          fillSettings();
          renderPrimitives();
          showName(saved.name);
          showDefinition(saved);
          notice("Saved. Gateways pick the change up within a second.");
          return null;
        });
      }
      return response.json().catch(function () { return { detail: "HTTP " + response.status }; })
        .then(function (problem) {
          if (response.status === 412 || response.status === 428) {
            // The problem's detail names ETags; the stale box says what happened in words.
            document.getElementById("stale").hidden = false;
            document.getElementById("stale").scrollIntoView({ block: "nearest" });
            document.getElementById("reload").focus();
            window.portcullis.toast("Not saved: someone else changed this proxy.", "error");
            return [{ field: "", message: "changed by someone else" }];
          }
          showErrors(panel, problem, prefix);
          return problem.errors && problem.errors.length ? problem.errors : [{ field: "", message: problem.detail }];
        });
    });
  }

  function notice(text) {
    var box = document.getElementById("saved");
    box.textContent = text;
    box.hidden = false;
    window.portcullis.toast(text);
  }

  // The heading, the breadcrumb and the page title follow a rename without a reload.
  function showName(name) {
    document.querySelector("[data-testid=proxy-name]").textContent = name;
    document.title = name + " \u00b7 MCP designer \u00b7 Portcullis";
  }

  function clearErrors(panel) {
    document.getElementById("saved").hidden = true;
    panel.querySelectorAll("[data-error-for]").forEach(function (node) { node.textContent = ""; });
    panel.querySelectorAll("[aria-invalid]").forEach(function (node) { node.removeAttribute("aria-invalid"); });
    var summary = panel.querySelector("[data-summary]");
    if (summary) { summary.hidden = true; summary.textContent = ""; }
  }

  // Each error goes to the element naming the longest prefix of its field path; the rest go to the summary.
  function showErrors(panel, problem, prefix) {
    var targets = Array.prototype.slice.call(panel.querySelectorAll("[data-error-for]"));
    var unplaced = [];
    var placed = 0;
    (problem.errors || []).forEach(function (error) {
      var field = prefix && error.field.indexOf(prefix) === 0 ? error.field.substring(prefix.length) : error.field;
      var best = null;
      targets.forEach(function (target) {
        var name = target.getAttribute("data-error-for");
        var matches = field === name || field.indexOf(name + ".") === 0 || field.indexOf(name + "[") === 0;
        if (matches && (!best || name.length > best.getAttribute("data-error-for").length)) { best = target; }
      });
      if (best) {
        best.textContent = (best.textContent ? best.textContent + "; " : "") + error.message
          + (field === best.getAttribute("data-error-for") ? "" : " (" + field + ")");
        var input = best.parentNode.querySelector("input, textarea, select");
        if (input) { input.setAttribute("aria-invalid", "true"); }
        placed++;
      } else {
        unplaced.push(error.field ? error.field + ": " + error.message : error.message);
      }
    });
    if (!(problem.errors || []).length) { unplaced.push(problem.detail || "The change was refused."); }
    // The summary sits at the top of the panel: it says what went wrong, links to each marked field, takes the
    // focus and is scrolled to, so the user sees (and hears) the outcome of Save wherever the button was.
    var summary = panel.querySelector("[data-summary]");
    if (summary) {
      summary.textContent = "";
      summary.setAttribute("tabindex", "-1");
      summary.appendChild(el("p", { text: "Not saved: " + (placed > 0 ? (placed === 1 ? "one field needs" : placed + " fields need")
        + " attention" + (unplaced.length ? " and the server said:" : " (marked below).") : "the server said:") }));
      var invalid = Array.prototype.slice.call(panel.querySelectorAll("[aria-invalid=true]"));
      var items = invalid.map(function (input) {
        var label = panel.querySelector("label[for='" + input.id + "']");
        var link = el("a", { href: "#" + input.id, text: (label ? label.textContent : input.id) + ": "
          + (input.closest("div").querySelector(".field-error:not(:empty)") || { textContent: "" }).textContent });
        link.addEventListener("click", function (event) { event.preventDefault(); revealPanelOf(input); input.focus(); });
        return el("li", {}, [link]);
      }).concat(unplaced.map(function (m) { return el("li", { text: m }); }));
      if (items.length) { summary.appendChild(el("ul", {}, items)); }
      summary.hidden = false;
      summary.scrollIntoView({ block: "center" });
      summary.focus();
    }
    window.portcullis.toast("Not saved: see the errors marked on the page.", "error");
  }

  function revealPanelOf(input) {
    var detailsParent = input.closest("[hidden]");
    if (detailsParent) { detailsParent.hidden = false; }
  }

  // ---- Settings ----------------------------------------------------------------------------------------------
  var settings = document.getElementById("settings");

  // The Connect tab follows the saved authentication settings (on or off, the header agents send).
  function fillConnect() {
    var container = document.querySelector("#panel-connect [data-connect]");
    var auth = state.definition.authentication || {};
    if (container && window.portcullisConnect) {
      window.portcullisConnect.render(container, { url: container.getAttribute("data-url"), name: container.getAttribute("data-name"),
        auth: auth.enabled === true, header: auth.authToken && auth.authToken.header });
    }
  }

  function fillSettings() {
    var d = state.definition;
    fillConnect();
    settings.querySelectorAll("[data-path]").forEach(function (input) {
      var value = get(d, input.getAttribute("data-path"));
      switch (input.getAttribute("data-type")) {
        case "bool": input.checked = value === true; break;
        case "list": input.value = (value || []).join(", "); break;
        case "headers": input.value = Object.keys(value || {}).map(function (k) { return k + ": " + value[k]; }).join("\n"); break;
        case "targets": input.value = (value || []).map(function (t) { return t.weight && t.weight !== 1 ? t.url + " " + t.weight : t.url; }).join("\n"); break;
        case "json": input.value = value && value.length ? JSON.stringify(value, null, 2) : ""; break;
        default: input.value = value == null ? "" : value;
      }
      input.disabled = !canEdit;
    });
    if (virtual) { virtual.fill(d, canEdit); }
    var cors = document.getElementById("s-cors");
    cors.checked = get(d, "global.cors") != null;
    cors.disabled = !canEdit;
    showDependents();
  }

  // Fields the page cannot turn into JSON itself (a JSON list that does not parse), found by readSettings.
  var unreadable = [];

  function readSettings() {
    var d = JSON.parse(JSON.stringify(state.definition));
    var groups = {};
    unreadable = [];
    settings.querySelectorAll("[data-path]").forEach(function (input) {
      var path = input.getAttribute("data-path"), raw = input.value, value;
      switch (input.getAttribute("data-type")) {
        case "bool": value = input.checked; break;
        case "list": value = raw.split(",").map(function (s) { return s.trim(); }).filter(Boolean); break;
        case "headers":
          value = {};
          raw.split("\n").forEach(function (line) {
            var at = line.indexOf(":");
            if (line.trim()) { value[(at < 0 ? line : line.substring(0, at)).trim()] = at < 0 ? "" : line.substring(at + 1).trim(); }
          });
          break;
        case "targets": value = readTargets(raw); break;
        case "int": value = raw.trim() === "" ? null : Number(raw); break;
        case "nullable": value = raw.trim() === "" ? null : raw.trim(); break;
        case "json":
          try { value = raw.trim() === "" ? [] : JSON.parse(raw); } catch (e) {
            unreadable.push({ field: path, message: "is not valid JSON: " + e.message });
          }
          break;
        default: value = raw.trim();
      }
      var group = input.getAttribute("data-group");
      if (group) { groups[group] = groups[group] || (value != null); }
      set(d, path, value);
    });
    Object.keys(groups).forEach(function (group) { if (!groups[group]) { set(d, group, null); } });
    if (!document.getElementById("s-cors").checked) { set(d, "global.cors", null); }
    if (virtual) {
      var members = virtual.read();
      d.members = members.members;
      unreadable = unreadable.concat(members.errors);
    }
    return d;
  }

  // "url [weight]" per line; a weight that is not a number goes as written, so the server names the field.
  function readTargets(raw) {
    return raw.split("\n").map(function (line) { return line.trim(); }).filter(Boolean).map(function (line) {
      var parts = line.split(/\s+/);
      if (parts.length < 2) { return { url: parts[0] }; }
      var weight = Number(parts[1]);
      return { url: parts[0], weight: parts[1] !== "" && !isNaN(weight) ? weight : parts[1] };
    });
  }

  // Fields of a method that is switched off are hidden (their values are kept and still saved).
  var DEPENDS = {
    "s-authToken": ["s-authHeader"],
    "s-jwt": ["s-jwks", "s-issuer", "s-aud", "s-sub", "s-pclaim", "s-dpol"],
    "s-intro": ["s-iend", "s-icid", "s-isec", "s-icache"],
    "s-prm": ["s-prmres", "s-prmas", "s-prmsc"],
    "s-cors": ["s-corsOrigins", "s-corsMethods", "s-corsHeaders", "s-corsExposed", "s-corsCred", "s-corsAge"]
  };
  // With authentication off, its methods and their fields are disabled (kept and saved as they are).
  var AUTH_METHODS = ["s-authToken", "s-authHeader", "s-jwt", "s-jwks", "s-issuer", "s-aud", "s-sub", "s-pclaim", "s-dpol",
    "s-intro", "s-iend", "s-icid", "s-isec", "s-icache", "s-prm", "s-prmres", "s-prmas", "s-prmsc"];
  function showDependents() {
    Object.keys(DEPENDS).forEach(function (controller) {
      var on = document.getElementById(controller).checked;
      DEPENDS[controller].forEach(function (id) {
        document.querySelector("label[for='" + id + "']").hidden = !on;
        document.getElementById(id).parentNode.hidden = !on;
      });
    });
    var auth = document.getElementById("s-auth").checked;
    AUTH_METHODS.forEach(function (id) { document.getElementById(id).disabled = !canEdit || !auth; });
    document.getElementById("auth-off-note").hidden = auth;
  }
  document.getElementById("s-auth").addEventListener("change", showDependents);
  Object.keys(DEPENDS).forEach(function (controller) {
    document.getElementById(controller).addEventListener("change", showDependents);
  });

  settings.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!canEdit) { return; }
    var d = readSettings();
    clearErrors(settings);
    if (unreadable.length) { showErrors(settings, { errors: unreadable }); return; }
    save(d, settings);
  });

  // ---- Primitives --------------------------------------------------------------------------------------------
  var primitivesPanel = document.getElementById("panel-primitives");

  function summary(middleware) {
    var parts = [];
    MIDDLEWARE.forEach(function (option) {
      var value = middleware ? middleware[option.key] : null;
      if (isSet(option, value)) { parts.push(describe(option, value)); }
    });
    return parts.length ? parts.join("; ") : "no middleware yet";
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function seconds(n) {
    return n % 3600 === 0 ? plural(n / 3600, "hour", "hours") : n % 60 === 0 ? plural(n / 60, "minute", "minutes")
      : plural(n, "second", "seconds");
  }

  // One middleware in words: "Rate limit: 2 requests per minute", not its JSON.
  function describe(option, value) {
    switch (option.key) {
      case "allow": return "allowed";
      case "block": return "blocked";
      case "ignoreAuthentication": return "no key needed";
      case "track": return "tracked in analytics";
      case "doNotTrack": return "not tracked in analytics";
      case "rateLimit": return "rate limit " + plural(value.rate, "request", "requests") + " per " + seconds(value.per).replace(/^1 /, "");
      case "circuitBreaker": return "circuit breaker opens at " + Math.round(value.threshold * 100) + "% failures of "
        + plural(value.sampleSize, "call", "calls") + ", retries after " + seconds(value.coolDownSeconds)
        + (value.halfOpen ? " with one trial call" : "");
      case "timeoutMs": return "timeout " + (value % 1000 === 0 ? seconds(value / 1000) : value + " ms");
      case "requestSizeLimit": return "requests up to " + (value >= 1024 && value % 1024 === 0 ? value / 1024 + " KiB" : value + " bytes");
      case "requiredScopes": return "needs scope" + (value.length > 1 ? "s " : " ") + value.join(", ");
      case "mockResponse": return "answered by a mock response";
      case "transformRequestBody": return "arguments: " + value.map(bodyEditText).join("; ");
      case "plugins": return value.map(function (p) { return p.name + " (" + (p.placement || "afterAuth") + ")"; }).join(", ");
      default:
        var add = Object.keys(value.add || {}), remove = value.remove || [];
        return (option.key === "transformRequestHeaders" ? "request" : "response") + " headers: "
          + [add.length ? "sets " + add.join(", ") : "", remove.length ? "removes " + remove.join(", ") : ""].filter(Boolean).join(", ");
    }
  }

  function isSet(option, value) {
    if (value == null || value === false) { return false; }
    if (option.kind === "headers") { return Object.keys(value.add || {}).length > 0 || (value.remove || []).length > 0; }
    if (option.kind === "scopes" || option.kind === "body" || option.kind === "plugin") { return value.length > 0; }
    return true;
  }

  // A body edit as the line the form reads back ("set /owner = ${consumer.alias}").
  function bodyEditText(edit) {
    var value = edit.value === undefined ? "" : typeof edit.value === "string" && !looksLikeJson(edit.value)
      ? edit.value : JSON.stringify(edit.value);
    switch (edit.op) {
      case "remove": return "remove " + edit.path;
      case "rename": return "rename " + edit.from + " -> " + edit.path;
      default: return edit.op + " " + edit.path + " = " + value;
    }
  }

  function looksLikeJson(text) {
    try { JSON.parse(text); return true; } catch (e) { return false; }
  }

  // Reads the lines of the body-edit form; each error names the line.
  function bodyEdits(text, field, errors) {
    var edits = [];
    text.split("\n").forEach(function (raw, index) {
      var line = raw.trim();
      if (!line) { return; }
      var match = /^(set|default)\s+(\S+)\s*=\s?(.*)$/.exec(line) || /^(remove)\s+(\S+)$/.exec(line)
        || /^(rename)\s+(\S+)\s*->\s*(\S+)$/.exec(line);
      if (!match) { errors.push({ field: field, message: "line " + (index + 1) + ": write set|default /path = value, remove /path or rename /from -> /to" }); return; }
      if (match[1] === "remove") { edits.push({ op: "remove", path: match[2] }); return; }
      if (match[1] === "rename") { edits.push({ op: "rename", from: match[2], path: match[3] }); return; }
      var value = match[3];
      edits.push({ op: match[1], path: match[2], value: looksLikeJson(value) ? JSON.parse(value) : value });
    });
    if (!edits.length && !errors.length) { errors.push({ field: field, message: "write at least one edit" }); }
    return edits;
  }

  function renderPrimitives() {
    if (virtual) { return; }
    var list = document.getElementById("primitive-list");
    list.textContent = "";
    var rows = [];
    Object.keys(CATEGORY).forEach(function (category) {
      Object.keys(state.definition[category] || {}).sort().forEach(function (name) {
        rows.push({ category: category, name: name, middleware: state.definition[category][name] });
      });
    });
    if (!rows.length) {
      list.appendChild(el("div", { class: "empty", "data-testid": "no-primitives" }, [
        el("h2", { text: "No primitives configured" }),
        el("p", { text: canEdit
          ? "Every tool, prompt and resource of the upstream passes as it is. Add one below to attach middleware to it (allow, block, rate limit...)."
          : "Every tool, prompt and resource of the upstream passes as it is." })]));
    } else {
      var body = el("tbody", {}, rows.map(function (row) {
        var open = el("button", { type: "button", class: "link-button", text: row.name, "data-open": row.category + "\u0000" + row.name });
        var cells = [el("td", {}, [open]), el("td", { text: CATEGORY[row.category] }), el("td", { class: "muted", text: summary(row.middleware) })];
        if (canEdit) {
          cells.push(el("td", {}, [el("button", { type: "button", class: "link-button danger", text: "Remove",
            "aria-label": "Remove " + row.name, "data-remove": row.category + "\u0000" + row.name })]));
        }
        return el("tr", {}, cells);
      }));
      var head = ["Name", "Type", "Middleware"].concat(canEdit ? ["<actions>"] : []).map(function (h) {
        return el("th", { scope: "col" }, [h === "<actions>" ? el("span", { class: "visually-hidden", text: "Actions" }) : document.createTextNode(h)]);
      });
      list.appendChild(el("table", { class: "data", "data-testid": "primitives" }, [el("thead", {}, [el("tr", {}, head)]), body]));
    }
    if (state.selected && !(state.definition[state.selected.category] || {}).hasOwnProperty(state.selected.name)) {
      state.selected = null;
    }
    renderDetail();
  }

  primitivesPanel.addEventListener("click", function (event) {
    var open = event.target.closest("[data-open]");
    var remove = event.target.closest("[data-remove]");
    if (open) {
      var key = open.getAttribute("data-open").split("\u0000");
      state.selected = { category: key[0], name: key[1] };
      renderDetail();
      document.getElementById("primitive-detail").focus();
    } else if (remove && canEdit) {
      var parts = remove.getAttribute("data-remove").split("\u0000");
      if (!window.confirm("Remove " + CATEGORY[parts[0]].toLowerCase() + " " + parts[1] + " and its middleware?")) { return; }
      var d = JSON.parse(JSON.stringify(state.definition));
      delete d[parts[0]][parts[1]];
      save(d, primitivesPanel);
    }
  });

  function loadUpstream() {
    if (virtual) { virtual.showPrimitives(api, canEdit); return; }
    if (state.upstream || !canEdit) { return; }
    state.upstream = "loading";
    var status = document.getElementById("upstream-status");
    status.textContent = "Asking the upstream for its tools, prompts and resources...";
    portcullis.fetch(api + "/primitives").then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (answer) {
      if (!answer.ok) {
        state.upstream = { tools: [], prompts: [], resources: [] };
        status.textContent = "The upstream could not be asked (" + (answer.body.category || answer.body.detail || "no answer")
          + "). Type the exact name.";
        status.setAttribute("data-unreachable", "true");
      } else {
        state.upstream = answer.body;
        status.textContent = "The upstream offers " + answer.body.tools.length + " tools, " + answer.body.prompts.length
          + " prompts and " + answer.body.resources.length + " resources: pick one or type a name.";
      }
      offerNames();
    });
  }

  function offerNames() {
    var names = document.getElementById("p-names");
    if (!names || !state.upstream || state.upstream === "loading") { return; }
    names.textContent = "";
    var type = document.getElementById("p-type").value;
    var items = type === "tools" ? state.upstream.tools : type === "prompts" ? state.upstream.prompts
      : type === "resources" ? state.upstream.resources.map(function (r) { return { name: r.uri, description: r.name }; })
      : ["tools/call", "tools/list", "prompts/get", "prompts/list", "resources/read", "resources/list",
         "resources/subscribe", "completion/complete", "logging/setLevel"].map(function (m) { return { name: m }; });
    items.forEach(function (item) {
      names.appendChild(el("option", { value: item.name, label: item.description || item.name }));
    });
  }

  var addForm = document.getElementById("add-primitive");
  if (addForm) {
    document.getElementById("p-type").addEventListener("change", offerNames);
    addForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var type = document.getElementById("p-type").value;
      var name = document.getElementById("p-name").value.trim();
      var error = document.getElementById("p-name-error");
      error.textContent = "";
      if (!name) { error.textContent = "Type the primitive's exact name."; return; }
      if ((state.definition[type] || {}).hasOwnProperty(name)) { error.textContent = name + " is already configured."; return; }
      var d = JSON.parse(JSON.stringify(state.definition));
      d[type] = d[type] || {};
      d[type][name] = {};
      save(d, primitivesPanel).then(function (errors) {
        if (!errors) {
          document.getElementById("p-name").value = "";
          state.selected = { category: type, name: name };
          renderDetail();
        }
      });
    });
  }

  // ---- Primitive detail: middleware ----------------------------------------------------------------------------
  function renderDetail() {
    var detail = document.getElementById("primitive-detail");
    detail.textContent = "";
    detail.setAttribute("tabindex", "-1");
    var selected = state.selected;
    if (!selected) { detail.hidden = true; return; }
    detail.hidden = false;
    var middleware = state.definition[selected.category][selected.name] || {};
    detail.appendChild(el("h2", { text: CATEGORY[selected.category] + " " + selected.name }));
    detail.appendChild(el("div", { class: "alert", role: "alert", "data-summary": "", hidden: "" }));
    var configured = MIDDLEWARE.filter(function (option) { return isSet(option, middleware[option.key]); });
    if (!configured.length) {
      detail.appendChild(el("p", { class: "muted", "data-testid": "no-middleware",
        text: "No middleware on this " + CATEGORY[selected.category].toLowerCase() + " yet." + (canEdit ? " Add one below." : "") }));
    } else {
      detail.appendChild(el("ul", { class: "middleware", "data-testid": "middleware" }, configured.map(function (option) {
        var shown = option.kind === "flag" ? "on" : describe(option, middleware[option.key]);
        var details = option.kind === "json" || option.kind === "plugin"
          ? el("pre", { class: "mock-json", text: JSON.stringify(middleware[option.key], null, 2) }) : null;
        return el("li", {}, [el("strong", { text: option.label }), document.createTextNode(": " + shown), details,
          canEdit ? el("button", { type: "button", class: "link-button danger", text: "Remove", "aria-label": "Remove " + option.label,
            "data-remove-middleware": option.key }) : null,
          el("p", { class: "field-error", "data-error-for": option.key })]);
      })));
    }
    if (canEdit) { detail.appendChild(addMiddlewareForm(middleware)); }
    var back = el("button", { type: "button", class: "link-button", text: "Close" });
    back.addEventListener("click", function () { state.selected = null; renderDetail(); });
    detail.appendChild(back);
    detail.querySelectorAll("[data-remove-middleware]").forEach(function (button) {
      button.addEventListener("click", function () {
        var d = JSON.parse(JSON.stringify(state.definition));
        delete d[selected.category][selected.name][button.getAttribute("data-remove-middleware")];
        save(d, detail, selected.category + "." + selected.name + ".");
      });
    });
  }

  function addMiddlewareForm(middleware) {
    var form = el("form", { class: "card middleware-form", novalidate: "", "data-testid": "add-middleware" });
    var select = el("select", { id: "m-option" }, [el("option", { value: "", text: "Choose..." })].concat(
      MIDDLEWARE.filter(function (option) { return option.repeats || !isSet(option, middleware[option.key]); }).map(function (option) {
        return el("option", { value: option.key, text: option.label });
      })));
    var fields = el("div", { class: "grid-form", id: "m-fields" });
    form.appendChild(el("h3", { text: "Add middleware" }));
    form.appendChild(el("div", { class: "grid-form" }, [el("label", { for: "m-option", text: "Middleware" }), select]));
    form.appendChild(fields);
    form.appendChild(el("p", { class: "field-error", id: "m-error", "data-error-for": "" }));
    form.appendChild(el("button", { type: "submit", class: "primary", text: "Add middleware" }));
    select.addEventListener("change", function () { middlewareFields(fields, select.value); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var option = MIDDLEWARE.filter(function (o) { return o.key === select.value; })[0];
      var error = form.querySelector("#m-error");
      form.querySelectorAll(".field-error").forEach(function (node) { node.textContent = ""; });
      if (!option) { error.textContent = "Choose a middleware."; return; }
      var value = middlewareValue(option, form);
      if (value.errors.length) {
        value.errors.forEach(function (e) {
          var target = form.querySelector("[data-error-for='" + e.field + "']") || error;
          target.textContent = e.message;
        });
        return;
      }
      var d = JSON.parse(JSON.stringify(state.definition));
      var s = state.selected;
      d[s.category][s.name] = d[s.category][s.name] || {};
      d[s.category][s.name][option.key] = option.repeats ? (d[s.category][s.name][option.key] || []).concat([value.value]) : value.value;
      save(d, document.getElementById("primitive-detail"), s.category + "." + s.name + ".");
    });
    return form;
  }

  function input(id, label, attrs, errorFor) {
    return [el("label", { for: id, text: label }),
      el("div", {}, [el(attrs && attrs.tag || "input", Object.assign({ id: id }, attrs || {})),
        el("p", { class: "field-error", "data-error-for": errorFor })])];
  }

  function middlewareFields(fields, key) {
    fields.textContent = "";
    var option = MIDDLEWARE.filter(function (o) { return o.key === key; })[0];
    if (!option) { return; }
    var parts = [];
    switch (option.kind) {
      case "flag": parts.push(el("span", {}), el("p", { class: "muted small", text: option.help || "Turns " + option.label.toLowerCase() + " on." })); break;
      case "rate":
        parts = parts.concat(input("m-rate", "Requests", { type: "number", min: "1" }, key + ".rate"),
          input("m-per", "Per seconds", { type: "number", min: "1" }, key + ".per")); break;
      case "breaker":
        parts = parts.concat(input("m-threshold", "Failure ratio (0-1]", { type: "number", step: "0.05", min: "0", max: "1" }, key + ".threshold"),
          input("m-sample", "Sample size", { type: "number", min: "1" }, key + ".sampleSize"),
          input("m-cool", "Cool-down (seconds)", { type: "number", min: "1" }, key + ".coolDownSeconds"),
          input("m-half", "Half-open trial", { type: "checkbox", checked: "" }, key + ".halfOpen")); break;
      case "number": parts = parts.concat(input("m-number", option.label, { type: "number", min: String(option.min) }, key)); break;
      case "headers":
        parts = parts.concat(input("m-add", "Set (Name: value per line)", { tag: "textarea", rows: "3" }, key + ".add"),
          input("m-remove", "Remove (comma-separated)", {}, key + ".remove"),
          [el("span", {}), el("p", { class: "muted small", "data-testid": "variables-help", text: "Values may use " + VARIABLES
            + ". A header whose variable has no value for a request is removed. $${ writes a literal ${." })]); break;
      case "body":
        parts = parts.concat(input("m-body", "Edits", { tag: "textarea", rows: "4", class: "json-editor", spellcheck: "false",
          placeholder: "set /owner = ${consumer.alias}\ndefault /limit = 10\nremove /debug\nrename /q -> /query" }, key),
          [el("span", {}), el("p", { class: "muted small", "data-testid": "variables-help", text: BODY_SYNTAX + " Values may use "
            + VARIABLES + "; a set whose variable has no value removes the member." })]); break;
      case "scopes": parts = parts.concat(input("m-scopes", "Scopes (comma-separated)", {}, key)); break;
      case "json": parts = parts.concat(input("m-json", "Result (JSON)", { tag: "textarea", rows: "5", class: "json-editor", spellcheck: "false" }, key)); break;
      case "plugin":
        parts = parts.concat(input("m-plugin", "Plugin name", { placeholder: "redact" }, key),
          [el("label", { for: "m-placement", text: "Placement" }), el("div", {}, [el("select", { id: "m-placement" },
            ["afterAuth", "beforeAuth", "response"].map(function (p) { return el("option", { value: p, text: p }); }))])],
          input("m-config", "Config (JSON object)", { tag: "textarea", rows: "4", class: "json-editor", spellcheck: "false", placeholder: "{}" }, key + ".config"));
        break;
    }
    parts.forEach(function (part) { fields.appendChild(part); });
  }

  function middlewareValue(option, form) {
    var errors = [];
    function number(id, field, min, integer) {
      var raw = form.querySelector("#" + id).value.trim();
      var value = Number(raw);
      if (raw === "" || isNaN(value)) { errors.push({ field: field, message: "is required" }); return null; }
      if (integer && !Number.isInteger(value)) { errors.push({ field: field, message: "must be a whole number" }); }
      if (value < min) { errors.push({ field: field, message: "must be at least " + min }); }
      return value;
    }
    function list(id) { return form.querySelector("#" + id).value.split(",").map(function (s) { return s.trim(); }).filter(Boolean); }
    var key = option.key, value;
    switch (option.kind) {
      case "flag": value = true; break;
      case "rate": value = { rate: number("m-rate", key + ".rate", 1, true), per: number("m-per", key + ".per", 1, true) }; break;
      case "breaker":
        value = { threshold: number("m-threshold", key + ".threshold", 0, false), sampleSize: number("m-sample", key + ".sampleSize", 1, true),
          coolDownSeconds: number("m-cool", key + ".coolDownSeconds", 1, true), halfOpen: form.querySelector("#m-half").checked };
        if (value.threshold === 0 || value.threshold > 1) { errors.push({ field: key + ".threshold", message: "must be greater than 0 and at most 1" }); }
        break;
      case "number": value = number("m-number", key, option.min, true); break;
      case "headers":
        value = { add: {}, remove: list("m-remove") };
        form.querySelector("#m-add").value.split("\n").forEach(function (line) {
          var at = line.indexOf(":");
          if (!line.trim()) { return; }
          if (at < 1) { errors.push({ field: key + ".add", message: "write each header as Name: value" }); return; }
          value.add[line.substring(0, at).trim()] = line.substring(at + 1).trim();
        });
        if (!Object.keys(value.add).length && !value.remove.length) { errors.push({ field: key + ".add", message: "set or remove at least one header" }); }
        break;
      case "body": value = bodyEdits(form.querySelector("#m-body").value, key, errors); break;
      case "scopes":
        value = list("m-scopes");
        if (!value.length) { errors.push({ field: key, message: "name at least one scope" }); }
        break;
      case "json":
        try { value = JSON.parse(form.querySelector("#m-json").value); } catch (e) { errors.push({ field: key, message: "is not valid JSON: " + e.message }); }
        if (value === null) { errors.push({ field: key, message: "must not be null" }); }
        break;
      case "plugin":
        var config = {};
        var rawConfig = form.querySelector("#m-config").value.trim();
        try { config = rawConfig === "" ? {} : JSON.parse(rawConfig); } catch (e) { errors.push({ field: key + ".config", message: "is not valid JSON: " + e.message }); }
        value = { name: form.querySelector("#m-plugin").value.trim(), placement: form.querySelector("#m-placement").value, config: config };
        if (!value.name) { errors.push({ field: key, message: "name the plugin" }); }
        break;
    }
    return { value: value, errors: errors };
  }

  // ---- View definition -----------------------------------------------------------------------------------------
  var saveDefinition = document.getElementById("save-definition");
  if (saveDefinition) {
    saveDefinition.addEventListener("click", function () {
      var text = window.portcullis.definitionEditor ? window.portcullis.definitionEditor.get()
        : document.getElementById("definition-json").value;
      var jsonError = document.getElementById("json-error");
      var list = document.getElementById("definition-errors");
      jsonError.textContent = "";
      list.textContent = "";
      var parsed;
      try { parsed = JSON.parse(text); } catch (e) { jsonError.textContent = "Not valid JSON: " + e.message; window.portcullis.toast("Not saved: the text is not valid JSON.", "error"); return; }
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) { jsonError.textContent = "The definition must be a JSON object."; window.portcullis.toast("Not saved: the definition must be a JSON object.", "error"); return; }
      save(parsed, document.getElementById("panel-definition")).then(function (errors) {
        (errors || []).forEach(function (e) {
          var field = el("code", { text: e.field || "(definition)" });
          var editor = window.portcullis.definitionEditor;
          if (editor && e.field) {
            var jump = el("button", { type: "button", "class": "link-button" }, [field]);
            jump.addEventListener("click", function () { editor.reveal(e.field); });
            field = jump;
          }
          list.appendChild(el("li", {}, [field, document.createTextNode(" " + e.message)]));
        });
        if (errors && errors.length) {
          list.setAttribute("tabindex", "-1");
          list.focus();
        }
      });
    });
  }

  // ---- Tabs (WAI-ARIA: arrows move between tabs) -----------------------------------------------------------
  var tabs = Array.prototype.slice.call(document.querySelectorAll("[role=tab]"));
  function select(tab) {
    tabs.forEach(function (other) {
      var selected = other === tab;
      other.setAttribute("aria-selected", String(selected));
      other.tabIndex = selected ? 0 : -1;
      document.getElementById(other.getAttribute("aria-controls")).hidden = !selected;
    });
    if (tab.id === "tab-primitives") { loadUpstream(); }
  }
  tabs.forEach(function (tab, index) {
    tab.addEventListener("click", function () { select(tab); });
    tab.addEventListener("keydown", function (event) {
      var next = event.key === "ArrowRight" ? tabs[(index + 1) % tabs.length]
        : event.key === "ArrowLeft" ? tabs[(index + tabs.length - 1) % tabs.length] : null;
      if (next) { select(next); next.focus(); }
    });
  });
  document.getElementById("reload").addEventListener("click", load);
  load();
})();
