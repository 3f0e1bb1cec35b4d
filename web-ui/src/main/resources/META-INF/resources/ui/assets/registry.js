// MCP registry (/ui/mcps): the add form shows the fields of the kind chosen (proxy of an MCP server or virtual
// server). Without script both sets show and the server ignores the other kind's fields.
(function () {
  "use strict";
  var form = document.getElementById("add-mcp-form");
  if (!form) { return; }
  var url = document.getElementById("upstreamUrl");

  function show() {
    var chosen = form.querySelector("input[name=kind]:checked");
    var kind = chosen ? chosen.value : "proxy";
    form.querySelectorAll("[data-kind]").forEach(function (node) {
      node.hidden = node.getAttribute("data-kind") !== kind;
    });
    url.required = kind === "proxy";
    document.getElementById("add-mcp-submit").textContent = kind === "virtual" ? "Add virtual server" : "Add proxy";
  }

  form.querySelectorAll("input[name=kind]").forEach(function (radio) { radio.addEventListener("change", show); });
  show();
})();
