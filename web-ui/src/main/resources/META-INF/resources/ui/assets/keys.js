// Keys page: create (token shown once), edit and revoke through /api/keys; the list is re-rendered by htmx.
(function () {
  "use strict";
  var forms = window.portcullisForms;
  var createForm = document.getElementById("key-form");
  var created = document.getElementById("key-created");
  var editDialog = document.getElementById("key-edit");
  var editForm = document.getElementById("key-edit-form");
  var revokeDialog = document.getElementById("key-revoke");
  var editing = null;
  var revoking = null;

  function refreshRows() {
    var alias = document.getElementById("alias-search").value;
    return htmx.ajax("GET", "/ui/keys/rows?alias=" + encodeURIComponent(alias),
      { target: "#key-rows", swap: "outerHTML" });
  }

  function selected(select) {
    return Array.prototype.filter.call(select.options, function (o) { return o.selected; })
      .map(function (o) { return o.value; });
  }

  function body(form) {
    var expires = form.elements.expiresAt.value;
    var when = expires ? new Date(expires) : null;
    return {
      alias: form.elements.alias.value,
      policies: selected(form.elements.policies),
      proxies: selected(form.elements.proxies),
      expiresAt: when && !isNaN(when.getTime()) ? when.toISOString() : (expires || null),
      certificateFingerprints: fingerprints(form.elements.certificateFingerprints.value),
    };
  }

  // One fingerprint per line (commas and blanks also separate them); the API checks and normalises each.
  function fingerprints(text) {
    return text.split(/[\s,]+/).filter(function (value) { return value.length > 0; });
  }

  function localInput(iso) {
    if (!iso) {
      return "";
    }
    var d = new Date(iso);
    var pad = function (n) { return String(n).padStart(2, "0"); };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + pad(d.getHours()) + ":"
      + pad(d.getMinutes());
  }

  function send(method, url, payload, headers) {
    return window.portcullis.fetch(url, {
      method: method,
      headers: Object.assign({ "Content-Type": "application/json" }, headers || {}),
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
  }

  document.getElementById("new-key").addEventListener("click", function () {
    document.getElementById("key-form-card").scrollIntoView({ block: "start" });
    document.getElementById("key-alias").focus();
  });

  createForm.addEventListener("submit", function (event) {
    event.preventDefault();
    forms.clear(createForm);
    send("POST", "/api/keys", body(createForm)).then(function (response) {
      if (response.status !== 201) {
        return forms.problemOf(response).then(function (problem) { forms.show(createForm, problem); });
      }
      return response.json().then(function (key) {
        var proxies = selected(createForm.elements.proxies);
        var policies = selected(createForm.elements.policies);
        createForm.reset();
        var value = document.getElementById("created-key-value");
        value.value = key.key;
        document.getElementById("copy-created-key").setAttribute("data-copy", key.key);
        created.querySelector("[data-created-alias]").textContent = key.alias;
        created.showModal();
        value.select();
        window.portcullis.announce("Key " + key.alias + " created. Copy it now: it is shown once.");
        connect(key.key, proxies, policies);
        refreshRows();
      });
    });
  });

  // The Connect panel of the dialog: ready-to-paste configurations for the proxies the key reaches (granted
  // directly or through its policies), filled with the key.
  var connectChoice = document.getElementById("connect-proxy");
  var connectKey = null;
  function connect(key, proxies, policies) {
    connectKey = key;
    Promise.all(policies.map(function (id) {
      return window.portcullis.fetch("/api/policies/" + encodeURIComponent(id)).then(function (r) { return r.ok ? r.json() : {}; });
    })).then(function (found) {
      var ids = proxies.slice();
      found.forEach(function (policy) {
        Object.keys(policy.accessRights || {}).forEach(function (id) { if (ids.indexOf(id) < 0) { ids.push(id); } });
      });
      var options = ids.map(function (id) {
        return createForm.querySelector("#key-proxies option[value='" + CSS.escape(id) + "']");
      }).filter(function (option) { return option && option.getAttribute("data-mcp-url"); });
      connectChoice.textContent = "";
      options.forEach(function (option) {
        var choice = document.createElement("option");
        choice.value = option.value;
        choice.textContent = option.textContent;
        choice.setAttribute("data-mcp-url", option.getAttribute("data-mcp-url"));
        connectChoice.appendChild(choice);
      });
      created.querySelector("[data-connect-choice]").hidden = options.length < 2;
      created.querySelector("[data-testid=key-connect]").hidden = options.length === 0;
      if (options.length) { showConnect(); }
    });
  }
  function showConnect() {
    var option = connectChoice.options[connectChoice.selectedIndex];
    var container = created.querySelector("[data-key-connect]");
    window.portcullis.fetch("/api/mcps/" + encodeURIComponent(option.value)).then(function (r) { return r.ok ? r.json() : {}; })
      .then(function (proxy) {
        var auth = proxy.authentication || {};
        if (connectKey) {
          window.portcullisConnect.render(container, { url: option.getAttribute("data-mcp-url"), name: option.value,
            key: connectKey, auth: auth.enabled !== false, header: auth.authToken && auth.authToken.header });
        }
      });
  }
  connectChoice.addEventListener("change", showConnect);

  // The token leaves the page when the dialog closes: it is in no other place.
  created.addEventListener("close", function () {
    connectKey = null;
    document.getElementById("created-key-value").value = "";
    document.getElementById("copy-created-key").setAttribute("data-copy", "");
    created.querySelector("[data-key-connect]").textContent = "";
    created.querySelector("[data-testid=key-connect]").hidden = true;
    document.getElementById("alias-search").focus();
  });

  document.addEventListener("click", function (event) {
    var edit = event.target.closest("[data-edit-key]");
    var revoke = event.target.closest("[data-revoke-key]");
    var close = event.target.closest("[data-close-dialog]");
    if (edit) {
      openEdit(edit.getAttribute("data-edit-key"));
    } else if (revoke) {
      revoking = revoke.getAttribute("data-revoke-key");
      forms.clear(revokeDialog);
      revokeDialog.querySelector("[data-revoke-alias]").textContent = revoke.getAttribute("data-alias");
      revokeDialog.showModal();
    } else if (close) {
      close.closest("dialog").close();
    }
  });

  function openEdit(id) {
    window.portcullis.fetch("/api/keys/" + encodeURIComponent(id)).then(function (response) {
      if (!response.ok) {
        return forms.problemOf(response).then(function (problem) { window.alert(problem.detail); });
      }
      var etag = response.headers.get("ETag");
      return response.json().then(function (key) {
        editing = { id: id, etag: etag };
        forms.clear(editForm);
        editForm.elements.alias.value = key.alias;
        [["policies", key.policies], ["proxies", key.proxies]].forEach(function (pair) {
          Array.prototype.forEach.call(editForm.elements[pair[0]].options, function (o) {
            o.selected = pair[1].indexOf(o.value) >= 0;
          });
          editForm.elements[pair[0]].dispatchEvent(new Event("change"));
        });
        editForm.elements.expiresAt.value = localInput(key.expiresAt);
        editForm.elements.certificateFingerprints.value = (key.certificateFingerprints || []).join("\n");
        editDialog.showModal();
      });
    });
  }

  editForm.addEventListener("submit", function (event) {
    event.preventDefault();
    send("PUT", "/api/keys/" + encodeURIComponent(editing.id), body(editForm), { "If-Match": editing.etag })
      .then(function (response) {
        if (!response.ok) {
          return forms.problemOf(response).then(function (problem) {
            if (response.status === 412) {
              problem = { detail: "Someone changed this key since you opened it; nothing was saved. Close and edit it again to see their version." };
            }
            forms.show(editForm, problem);
          });
        }
        editDialog.close();
        window.portcullis.toast("Key saved. Gateways apply the change within a second.");
        refreshRows();
      });
  });

  document.getElementById("confirm-revoke").addEventListener("click", function () {
    send("DELETE", "/api/keys/" + encodeURIComponent(revoking)).then(function (response) {
      if (!response.ok) {
        return forms.problemOf(response).then(function (problem) { forms.show(revokeDialog, problem); });
      }
      revokeDialog.close();
      window.portcullis.toast("Key revoked. Gateways refuse it within a second.");
      refreshRows();
    });
  });
})();
