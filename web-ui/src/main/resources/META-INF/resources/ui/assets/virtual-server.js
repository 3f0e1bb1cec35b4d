// Virtual server designer parts (/ui/mcps/{id} of a virtual server): the members editor of the Settings tab (member
// proxy, prefix, renamed tools and prompts, order) and the Primitives tab's view of what the members present under
// their virtual names. designer.js calls fill/read when it loads and saves the definition; the API owns every rule.
(function () {
  "use strict";
  var rows = document.getElementById("members-rows");
  if (!rows) { return; }
  var choices = Array.prototype.slice.call(document.getElementById("member-choices").options)
    .map(function (option) { return { id: option.value, label: option.textContent }; });
  var editable = false;
  var el = window.portcullis.el;

  // One "member name = new name" per line.
  function renameText(map) {
    return Object.keys(map || {}).map(function (from) { return from + " = " + map[from]; }).join("\n");
  }

  function readRenames(text, field, errors) {
    var map = {};
    text.split("\n").forEach(function (raw, index) {
      var line = raw.trim();
      if (!line) { return; }
      var at = line.indexOf("=");
      if (at < 1 || !line.substring(at + 1).trim()) {
        errors.push({ field: field, message: "line " + (index + 1) + ": write member name = new name" });
        return;
      }
      map[line.substring(0, at).trim()] = line.substring(at + 1).trim();
    });
    return map;
  }

  function cell(control, field, label) {
    return el("td", {}, [el("div", {}, [el("label", { for: control.id, class: "visually-hidden", text: label }), control,
      el("p", { class: "field-error", "data-error-for": field })])]);
  }

  function row(member, index) {
    var select = el("select", { id: "member-" + index + "-proxy", "data-member": "proxy" });
    var known = choices.some(function (choice) { return choice.id === member.proxy; });
    (known || !member.proxy ? choices : choices.concat([{ id: member.proxy, label: member.proxy }])).forEach(function (choice) {
      var option = el("option", { value: choice.id, text: choice.label });
      if (choice.id === member.proxy) { option.selected = true; }
      select.appendChild(option);
    });
    var prefix = el("input", { id: "member-" + index + "-prefix", "data-member": "prefix", placeholder: "none" });
    prefix.value = member.prefix || "";
    var tools = el("textarea", { id: "member-" + index + "-tools", "data-member": "tools", rows: "2",
      placeholder: "get_users = list_users" });
    tools.value = renameText(member.rename && member.rename.tools);
    var prompts = el("textarea", { id: "member-" + index + "-prompts", "data-member": "prompts", rows: "2" });
    prompts.value = renameText(member.rename && member.rename.prompts);
    [select, prefix, tools, prompts].forEach(function (control) { control.disabled = !editable; });
    var actions = el("td", {});
    if (editable) {
      actions.appendChild(el("button", { type: "button", class: "link-button", "data-move-up": "", text: "Move up",
        "aria-label": "Move member " + (index + 1) + " up" }));
      actions.appendChild(document.createTextNode(" "));
      actions.appendChild(el("button", { type: "button", class: "link-button danger", "data-remove-member": "",
        text: "Remove", "aria-label": "Remove member " + (index + 1) }));
    }
    var field = "members[" + index + "]";
    return el("tr", { "data-testid": "member-row" }, [cell(select, field + ".proxy", "Member " + (index + 1) + " proxy"),
      cell(prefix, field + ".prefix", "Member " + (index + 1) + " prefix"),
      cell(tools, field + ".rename.tools", "Member " + (index + 1) + " renamed tools"),
      cell(prompts, field + ".rename.prompts", "Member " + (index + 1) + " renamed prompts"), actions]);
  }

  function render(members) {
    rows.textContent = "";
    members.forEach(function (member, index) { rows.appendChild(row(member, index)); });
  }

  // The members as the editor holds them now, with the errors of renames it cannot read.
  function read() {
    var errors = [];
    var members = Array.prototype.slice.call(rows.children).map(function (tr, index) {
      var value = function (name) { return tr.querySelector("[data-member=" + name + "]").value; };
      var member = { proxy: value("proxy") };
      if (value("prefix").trim()) { member.prefix = value("prefix").trim(); }
      var field = "members[" + index + "].rename.";
      var tools = readRenames(value("tools"), field + "tools", errors);
      var prompts = readRenames(value("prompts"), field + "prompts", errors);
      if (Object.keys(tools).length || Object.keys(prompts).length) { member.rename = { tools: tools, prompts: prompts }; }
      return member;
    });
    return { members: members, errors: errors };
  }

  rows.addEventListener("click", function (event) {
    var tr = event.target.closest("tr");
    var current = read().members;
    var index = Array.prototype.indexOf.call(rows.children, tr);
    if (event.target.closest("[data-remove-member]")) {
      current.splice(index, 1);
    } else if (event.target.closest("[data-move-up]") && index > 0) {
      current.splice(index - 1, 0, current.splice(index, 1)[0]);
    } else {
      return;
    }
    render(current);
  });

  var add = document.getElementById("add-member");
  if (add) {
    add.addEventListener("click", function () {
      var current = read().members;
      var taken = current.map(function (m) { return m.proxy; });
      var free = choices.filter(function (choice) { return taken.indexOf(choice.id) < 0; })[0];
      current.push({ proxy: free ? free.id : (choices[0] || {}).id });
      render(current);
      rows.lastElementChild.querySelector("select").focus();
    });
  }

  // ---- Primitives tab: what the members present -----------------------------------------------------------------
  var listing = null;

  function table(caption, head, items, cells) {
    return el("table", { class: "data", "data-testid": "virtual-" + caption.toLowerCase() }, [
      el("caption", { text: caption + " (" + items.length + ")" }),
      el("thead", {}, [el("tr", {}, head.map(function (h) { return el("th", { scope: "col", text: h }); }))]),
      el("tbody", {}, items.map(function (item) {
        return el("tr", {}, cells(item).map(function (text, i) {
          return el("td", {}, [i === 0 ? el("code", { text: text }) : document.createTextNode(text || "")]);
        }));
      }))]);
  }

  function showPrimitives(api, canEdit) {
    var status = document.getElementById("virtual-status");
    var box = document.getElementById("virtual-primitives");
    if (listing) { return; }
    if (!canEdit) { status.textContent = "Editors and admins can list what the members present here."; return; }
    listing = "loading";
    status.textContent = "Asking the members for their tools, prompts and resources...";
    window.portcullis.fetch(api + "/primitives").then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (answer) {
      listing = answer;
      if (!answer.ok) {
        status.textContent = "No member could be asked (" + (answer.body.category || answer.body.detail || "no answer") + ").";
        return;
      }
      var body = answer.body;
      var missing = (body.members || []).filter(function (m) { return !m.listed; }).map(function (m) { return m.proxy; });
      status.textContent = "The members present " + body.tools.length + " tools, " + body.prompts.length + " prompts and "
        + body.resources.length + " resources here." + (missing.length ? " Could not ask: " + missing.join(", ")
        + " (left out until it answers)." : "");
      box.textContent = "";
      box.appendChild(table("Tools", ["Name here", "Member", "Description"], body.tools,
        function (t) { return [t.name, t.member, t.description]; }));
      box.appendChild(table("Prompts", ["Name here", "Member", "Description"], body.prompts,
        function (p) { return [p.name, p.member, p.description]; }));
      box.appendChild(table("Resources", ["URI", "Member", "Name"], body.resources,
        function (r) { return [r.uri, r.member, r.name]; }));
    });
  }

  window.portcullis.virtualServer = {
    fill: function (definition, canEdit) {
      editable = canEdit;
      render(definition.members || []);
    },
    read: read,
    showPrimitives: showPrimitives
  };
})();
