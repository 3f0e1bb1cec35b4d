// Policy editor: every field of a policy, read from and saved to /api/policies with If-Match.
// Inputs carry data-path = the API field path, so the server's field errors land next to their input.
(function () {
  "use strict";
  var forms = window.portcullisForms;
  var form = document.getElementById("policy-form");
  var rights = document.getElementById("access-rights");
  var policyId = form.getAttribute("data-policy-id");
  var canEdit = form.getAttribute("data-can-edit") === "true";
  var status = form.querySelector("[data-status]");
  var CATEGORIES = ["tools", "resources", "prompts"];
  var LIFECYCLE = ["initialize", "notifications/initialized", "ping", "notifications/cancelled",
    "notifications/progress"];
  var etag = null;

  function setStatus(text) {
    if (status) {
      status.textContent = text;
    }
  }
  var proxyNames = {};
  document.querySelectorAll("#proxy-names option").forEach(function (o) { proxyNames[o.value] = o.textContent; });

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") {
        node.textContent = attrs[name];
      } else if (attrs[name] !== null && attrs[name] !== undefined && attrs[name] !== false) {
        node.setAttribute(name, attrs[name] === true ? "" : attrs[name]);
      }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  var uid = 0;
  function labelled(text, input, hidden) {
    input.id = input.id || "f" + (++uid);
    return [el("label", { for: input.id, text: text, class: hidden ? "visually-hidden" : "small-label" }), input];
  }

  function numberInput(cls, value, placeholder) {
    return el("input", { type: "number", min: "1", class: cls, value: value === null || value === undefined ? null : value,
      placeholder: placeholder });
  }

  function removeButton(what) {
    return canEdit ? el("button", { type: "button", class: "link-button danger", "data-remove": "", text: "Remove",
      "aria-label": "Remove " + what }) : null;
  }

  function patternRow(value, what) {
    var input = el("input", { class: "pattern", value: value, spellcheck: "false", autocomplete: "off",
      placeholder: "regular expression" });
    return el("li", { class: "pattern-row" }, labelled(what + " pattern", input, true).concat([removeButton(what + " pattern " + value)]));
  }

  function patternList(kind, patterns, title) {
    var list = el("ul", { class: "patterns" }, (patterns || []).map(function (p) { return patternRow(p, title + " " + kind); }));
    var box = el("div", { class: "pattern-list", "data-list": kind }, [
      el("div", { class: "small-label", text: kind === "allowed" ? "Allowed" : "Blocked" }), list,
      canEdit ? el("button", { type: "button", class: "link-button", "data-add-pattern": "",
        text: "+ Add " + kind + " pattern" }) : null]);
    return box;
  }

  function acl(key, title, list) {
    list = list || {};
    return el("fieldset", { class: "acl", "data-acl": key }, [el("legend", { text: title }),
      patternList("allowed", list.allowed, title), patternList("blocked", list.blocked, title)]);
  }

  function methodRow(method) {
    method = method || {};
    var limit = method.limit || {};
    return el("div", { class: "row-line method-row" }, [].concat(
      labelled("Method", el("input", { class: "m-name", value: method.name, placeholder: "tools/call" })),
      labelled("Requests", numberInput("m-rate", limit.rate)), labelled("per seconds", numberInput("m-per", limit.per)),
      [removeButton("method limit")]));
  }

  function primitiveRow(primitive) {
    primitive = primitive || { type: "tool" };
    var limit = primitive.limit || {};
    var quota = primitive.quota || {};
    var type = el("select", { class: "p-type" }, ["tool", "resource", "prompt"].map(function (t) {
      return el("option", { value: t, text: t, selected: primitive.type === t });
    }));
    return el("div", { class: "row-line primitive-row" }, [].concat(
      labelled("Type", type), labelled("Name or URI", el("input", { class: "p-name", value: primitive.name })),
      labelled("Requests", numberInput("p-rate", limit.rate)), labelled("per seconds", numberInput("p-per", limit.per)),
      labelled("Quota max", numberInput("p-qmax", quota.max)),
      labelled("every seconds", numberInput("p-qren", quota.renewalSeconds)), [removeButton("primitive limit")]));
  }

  function tester() {
    var kind = el("select", { class: "t-kind" }, CATEGORIES.concat(["methods"]).map(function (c) {
      return el("option", { value: c, text: c === "methods" ? "JSON-RPC method" : c.replace(/s$/, "") });
    }));
    var name = el("input", { class: "t-name", placeholder: "get_users", spellcheck: "false", autocomplete: "off" });
    return el("div", { class: "tester", "data-testid": "regex-tester" }, [
      el("h4", { text: "Regex tester" }),
      el("p", { class: "muted small", text: "Type a name to see which patterns of this proxy's lists match it (whole name, "
        + "blocked wins, a non-empty allowed list is an allowlist). Your browser's regex dialect is close to Java's; "
        + "the server has the last word when you save." }),
      el("div", { class: "row-line" }, [].concat(labelled("Kind", kind), labelled("Name", name))),
      el("div", { class: "t-result", role: "status", "aria-live": "polite" })]);
  }

  function section(proxyId, right) {
    right = right || {};
    var mcp = right.mcpAccessRights || {};
    var limit = right.limit || {};
    var title = proxyNames[proxyId] ? proxyNames[proxyId] + " (" + proxyId + ")" : proxyId;
    return el("section", { class: "card proxy-rights", "data-proxy": proxyId }, [
      el("div", { class: "section-head" }, [el("h3", { text: title }), removeButton("access to " + proxyId)]),
      el("p", { class: "field-error", "data-error-slot": "" }),
      el("div", { class: "row-line" }, [].concat([el("span", { class: "small-label", text: "Rate limit on this proxy" })],
        labelled("Requests", numberInput("limit-rate", limit.rate, "requests"), true), [el("span", { text: "per" })],
        labelled("Seconds", numberInput("limit-per", limit.per, "seconds"), true), [el("span", { text: "seconds" })])),
      el("div", { class: "acl-grid" }, CATEGORIES.map(function (c) {
        return acl("mcpAccessRights." + c, c.charAt(0).toUpperCase() + c.slice(1), mcp[c]);
      }).concat([acl("jsonRpcMethodsAccessRights", "JSON-RPC methods", right.jsonRpcMethodsAccessRights)])),
      el("h4", { text: "Per-method limits" }),
      el("div", { class: "rows methods" }, (right.jsonRpcMethods || []).map(methodRow)),
      canEdit ? el("button", { type: "button", class: "link-button", "data-add-method": "", text: "+ Add method limit" }) : null,
      el("h4", { text: "Per-primitive limits and quotas" }),
      el("div", { class: "rows primitives" }, (right.mcpPrimitives || []).map(primitiveRow)),
      canEdit ? el("button", { type: "button", class: "link-button", "data-add-primitive": "",
        text: "+ Add primitive limit" }) : null,
      tester()]);
  }

  // Gives every input its API path; called after any structural change and before saving.
  function renumber() {
    rights.querySelectorAll(".proxy-rights").forEach(function (s) {
      var base = "accessRights." + s.getAttribute("data-proxy");
      s.setAttribute("data-path", base);
      s.querySelector("[data-error-slot]").setAttribute("data-error-for", base);
      s.querySelector(".limit-rate").setAttribute("data-path", base + ".limit.rate");
      s.querySelector(".limit-per").setAttribute("data-path", base + ".limit.per");
      s.querySelectorAll(".acl").forEach(function (a) {
        a.querySelectorAll(".pattern-list").forEach(function (list) {
          var path = base + "." + a.getAttribute("data-acl") + "." + list.getAttribute("data-list");
          list.setAttribute("data-path", path);
          list.querySelectorAll(".pattern").forEach(function (input, i) {
            input.setAttribute("data-path", path + "[" + i + "]");
          });
        });
      });
      rows(s, ".method-row", base + ".jsonRpcMethods", { ".m-name": ".name", ".m-rate": ".limit.rate",
        ".m-per": ".limit.per" });
      rows(s, ".primitive-row", base + ".mcpPrimitives", { ".p-type": ".type", ".p-name": ".name",
        ".p-rate": ".limit.rate", ".p-per": ".limit.per", ".p-qmax": ".quota.max", ".p-qren": ".quota.renewalSeconds" });
    });
  }

  function rows(s, selector, path, fields) {
    s.querySelectorAll(selector).forEach(function (row, i) {
      row.setAttribute("data-path", path + "[" + i + "]");
      Object.keys(fields).forEach(function (cls) {
        row.querySelector(cls).setAttribute("data-path", path + "[" + i + "]" + fields[cls]);
      });
    });
  }

  function num(input) {
    var v = input.value.trim();
    return v === "" ? null : /^-?\d+$/.test(v) ? Number(v) : v;
  }

  function pair(a, b, names) {
    var x = num(a);
    var y = num(b);
    if (x === null && y === null) {
      return null;
    }
    var out = {};
    out[names[0]] = x;
    out[names[1]] = y;
    return out;
  }

  function patterns(list) {
    return Array.prototype.map.call(list.querySelectorAll(".pattern"), function (i) { return i.value; });
  }

  function aclValue(a) {
    return { allowed: patterns(a.querySelector("[data-list=allowed]")), blocked: patterns(a.querySelector("[data-list=blocked]")) };
  }

  function collect() {
    rights.querySelectorAll(".pattern").forEach(function (input) {
      if (input.value.trim() === "") {
        input.closest("li").remove();
      }
    });
    renumber();
    var policy = { name: document.getElementById("policy-name").value };
    if (policyId) {
      policy.id = policyId;
    }
    var limit = pair(document.getElementById("policy-rate"), document.getElementById("policy-per"), ["rate", "per"]);
    if (limit) {
      policy.rate = limit.rate;
      policy.per = limit.per;
    }
    var quota = pair(document.getElementById("policy-quota-max"), document.getElementById("policy-quota-renewal"),
      ["max", "renewalSeconds"]);
    if (quota) {
      policy.quota = quota;
    }
    policy.accessRights = {};
    rights.querySelectorAll(".proxy-rights").forEach(function (s) {
      var right = { mcpAccessRights: {} };
      var own = pair(s.querySelector(".limit-rate"), s.querySelector(".limit-per"), ["rate", "per"]);
      if (own) {
        right.limit = own;
      }
      CATEGORIES.forEach(function (c) {
        right.mcpAccessRights[c] = aclValue(s.querySelector('[data-acl="mcpAccessRights.' + c + '"]'));
      });
      right.jsonRpcMethodsAccessRights = aclValue(s.querySelector('[data-acl="jsonRpcMethodsAccessRights"]'));
      right.jsonRpcMethods = Array.prototype.map.call(s.querySelectorAll(".method-row"), function (row) {
        return { name: row.querySelector(".m-name").value,
          limit: pair(row.querySelector(".m-rate"), row.querySelector(".m-per"), ["rate", "per"]) };
      });
      right.mcpPrimitives = Array.prototype.map.call(s.querySelectorAll(".primitive-row"), function (row) {
        return { type: row.querySelector(".p-type").value, name: row.querySelector(".p-name").value,
          limit: pair(row.querySelector(".p-rate"), row.querySelector(".p-per"), ["rate", "per"]),
          quota: pair(row.querySelector(".p-qmax"), row.querySelector(".p-qren"), ["max", "renewalSeconds"]) };
      });
      policy.accessRights[s.getAttribute("data-proxy")] = right;
    });
    return policy;
  }

  window.portcullisPolicyTester = { verdict: verdict };

  /** The gateway's rules for one list: full match, blocked wins, a non-empty allowed list is an allowlist. */
  function verdict(name, allowed, blocked, lifecycle) {
    function test(pattern) {
      try {
        return new RegExp("^(?:" + pattern + ")$").test(name) ? "match" : "no-match";
      } catch (e) {
        return "invalid";
      }
    }
    var result = { allowed: allowed.map(function (p) { return { pattern: p, state: test(p) }; }),
      blocked: blocked.map(function (p) { return { pattern: p, state: test(p) }; }) };
    var blocker = result.blocked.find(function (r) { return r.state === "match"; });
    var grant = result.allowed.find(function (r) { return r.state === "match"; });
    if (lifecycle) {
      result.allow = true;
      result.reason = "lifecycle methods are always allowed";
    } else if (blocker) {
      result.allow = false;
      result.reason = "blocked by " + blocker.pattern;
    } else if (allowed.length > 0) {
      result.allow = !!grant;
      result.reason = grant ? "allowed by " + grant.pattern : "matches no allowed pattern (allowlist)";
    } else {
      result.allow = true;
      result.reason = "no pattern blocks it and there is no allowlist";
    }
    return result;
  }

  function runTester(s) {
    var t = s.querySelector(".tester");
    var kind = t.querySelector(".t-kind").value;
    var name = t.querySelector(".t-name").value;
    var out = t.querySelector(".t-result");
    out.textContent = "";
    if (name === "") {
      out.removeAttribute("data-verdict");
      out.appendChild(el("p", { class: "muted small", text: "Type a name to test it." }));
      return;
    }
    var a = s.querySelector(kind === "methods" ? '[data-acl="jsonRpcMethodsAccessRights"]'
      : '[data-acl="mcpAccessRights.' + kind + '"]');
    var nonEmpty = function (p) { return p.trim() !== ""; };
    var r = verdict(name, patterns(a.querySelector("[data-list=allowed]")).filter(nonEmpty),
      patterns(a.querySelector("[data-list=blocked]")).filter(nonEmpty), kind === "methods" && LIFECYCLE.indexOf(name) >= 0);
    out.setAttribute("data-verdict", r.allow ? "allowed" : "denied");
    out.appendChild(el("p", { class: "verdict " + (r.allow ? "ok" : "denied") }, [
      el("strong", { text: r.allow ? "Allowed" : "Denied" }), el("span", { text: " - " + r.reason })]));
    var items = [];
    ["blocked", "allowed"].forEach(function (list) {
      r[list].forEach(function (p) {
        items.push(el("li", { class: "t-" + p.state, "data-list": list }, [el("code", { text: p.pattern }),
          el("span", { text: " (" + list + "): " + (p.state === "match" ? "matches" : p.state === "invalid"
            ? "not a valid pattern in the browser" : "no match") })]));
      });
    });
    out.appendChild(items.length ? el("ul", { class: "t-patterns" }, items)
      : el("p", { class: "muted small", text: "This list has no patterns." }));
  }

  function addSection(proxyId, right) {
    var s = section(proxyId, right);
    rights.appendChild(s);
    renumber();
    runTester(s);
    lockIfReadOnly(s);
    return s;
  }

  function lockIfReadOnly(root) {
    if (!canEdit) {
      root.querySelectorAll("input, select").forEach(function (input) {
        if (!input.closest(".tester")) {
          input.disabled = true;
        }
      });
    }
  }

  function showEmpty() {
    var empty = rights.querySelector(".empty-rights");
    var has = rights.querySelector(".proxy-rights");
    if (!has && !empty) {
      rights.appendChild(el("p", { class: "empty-rights muted", text: canEdit
        ? "This policy grants no proxy yet: pick one below and add it." : "This policy grants no proxy." }));
    } else if (has && empty) {
      empty.remove();
    }
  }

  function fill(policy) {
    document.getElementById("policy-name").value = policy.name || "";
    document.getElementById("policy-rate").value = policy.rate || "";
    document.getElementById("policy-per").value = policy.per || "";
    document.getElementById("policy-quota-max").value = policy.quota ? policy.quota.max : "";
    document.getElementById("policy-quota-renewal").value = policy.quota ? policy.quota.renewalSeconds : "";
    rights.textContent = "";
    Object.keys(policy.accessRights || {}).forEach(function (id) { addSection(id, policy.accessRights[id]); });
    showEmpty();
    lockIfReadOnly(form);
  }

  rights.addEventListener("input", function (event) {
    var s = event.target.closest(".proxy-rights");
    if (s) {
      runTester(s);
    }
  });
  rights.addEventListener("change", function (event) {
    var s = event.target.closest(".proxy-rights");
    if (s) {
      runTester(s);
    }
  });

  rights.addEventListener("click", function (event) {
    var target = event.target;
    var s = target.closest(".proxy-rights");
    if (!s || target.tagName !== "BUTTON") {
      return;
    }
    if (target.hasAttribute("data-remove")) {
      var row = target.closest(".pattern-row, .row-line.method-row, .row-line.primitive-row") || s;
      row.remove();
      renumber();
      showEmpty();
      if (row !== s) {
        runTester(s);
      }
    } else if (target.hasAttribute("data-add-pattern")) {
      var list = target.closest(".pattern-list");
      var added = patternRow("", list.getAttribute("data-list"));
      list.querySelector("ul").appendChild(added);
      renumber();
      added.querySelector("input").focus();
    } else if (target.hasAttribute("data-add-method")) {
      s.querySelector(".rows.methods").appendChild(methodRow());
      renumber();
      s.querySelector(".method-row:last-child .m-name").focus();
    } else if (target.hasAttribute("data-add-primitive")) {
      s.querySelector(".rows.primitives").appendChild(primitiveRow());
      renumber();
      s.querySelector(".primitive-row:last-child .p-name").focus();
    }
  });

  var addButton = document.getElementById("add-proxy-button");
  if (addButton) {
    addButton.addEventListener("click", function () {
      var id = document.getElementById("add-proxy").value;
      var existing = rights.querySelector('[data-proxy="' + CSS.escape(id) + '"]');
      var s = existing || addSection(id, {});
      showEmpty();
      s.scrollIntoView({ block: "start" });
      s.querySelector("input").focus();
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!canEdit) {
      return;
    }
    var body = collect();
    forms.clear(form);
    setStatus("Saving...");
    var url = policyId ? "/api/policies/" + encodeURIComponent(policyId) : "/api/policies";
    var headers = { "Content-Type": "application/json" };
    if (policyId) {
      headers["If-Match"] = etag;
    }
    window.portcullis.fetch(url, { method: policyId ? "PUT" : "POST", headers: headers, body: JSON.stringify(body) })
      .then(function (response) {
        if (!response.ok) {
          setStatus("");
          return forms.problemOf(response).then(function (problem) {
            if (response.status === 412) {
              problem.detail = "Someone changed this policy since you opened it. Reload the page to see their version"
                + " (your edits here are not saved).";
            }
            forms.show(form, problem);
          });
        }
        etag = response.headers.get("ETag");
        return response.json().then(function (saved) {
          if (!policyId) {
            window.location.assign("/ui/policies/" + encodeURIComponent(saved.id) + "?created");
            return;
          }
          fill(saved);
          document.querySelector("[data-policy-heading]").textContent = saved.name;
          setStatus("Saved.");
          window.portcullis.toast("Policy saved. Gateways apply it within a second.");
        });
      });
  });

  var deleteDialog = document.getElementById("policy-delete");
  if (deleteDialog) {
    document.getElementById("delete-policy").addEventListener("click", function () {
      forms.clear(deleteDialog);
      deleteDialog.showModal();
    });
    deleteDialog.querySelector("[data-close-dialog]").addEventListener("click", function () { deleteDialog.close(); });
    document.getElementById("confirm-delete-policy").addEventListener("click", function () {
      window.portcullis.fetch("/api/policies/" + encodeURIComponent(policyId),
        { method: "DELETE", headers: { "If-Match": etag } }).then(function (response) {
        if (response.ok) {
          window.location.assign("/ui/policies");
          return;
        }
        return forms.problemOf(response).then(function (problem) {
          if (problem.boundKeys) {
            problem.detail += ": " + problem.boundKeys.map(function (k) { return k.alias; }).join(", ");
          }
          forms.show(deleteDialog, problem);
        });
      });
    });
  }

  if (policyId) {
    window.portcullis.fetch("/api/policies/" + encodeURIComponent(policyId)).then(function (response) {
      if (!response.ok) {
        return forms.problemOf(response).then(function (problem) { forms.show(form, problem); });
      }
      etag = response.headers.get("ETag");
      return response.json().then(function (policy) {
        fill(policy);
        if (/[?&]created\b/.test(window.location.search)) {
          setStatus("Policy created.");
          window.portcullis.toast("Policy created. Grant it to keys on the Keys page.");
        }
        form.setAttribute("data-loaded", "");
      });
    });
  } else {
    fill({ accessRights: {} });
    form.setAttribute("data-loaded", "");
  }
})();
