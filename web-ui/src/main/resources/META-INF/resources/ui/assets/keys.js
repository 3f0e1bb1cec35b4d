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
        createForm.reset();
        var value = document.getElementById("created-key-value");
        value.value = key.key;
        document.getElementById("copy-created-key").setAttribute("data-copy", key.key);
        created.querySelector("[data-created-alias]").textContent = key.alias;
        created.showModal();
        value.select();
        refreshRows();
      });
    });
  });

  // The token leaves the page when the dialog closes: it is in no other place.
  created.addEventListener("close", function () {
    document.getElementById("created-key-value").value = "";
    document.getElementById("copy-created-key").setAttribute("data-copy", "");
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
          return forms.problemOf(response).then(function (problem) { forms.show(editForm, problem); });
        }
        editDialog.close();
        refreshRows();
      });
  });

  document.getElementById("confirm-revoke").addEventListener("click", function () {
    send("DELETE", "/api/keys/" + encodeURIComponent(revoking)).then(function (response) {
      if (!response.ok) {
        return forms.problemOf(response).then(function (problem) { forms.show(revokeDialog, problem); });
      }
      revokeDialog.close();
      refreshRows();
    });
  });
})();
