// Connect panel: the exact MCP endpoint of a proxy and ready-to-paste configuration for the clients agents use,
// filled with the URL and, when known (right after a key is created), the key. Used by the designer's Connect tab
// and the key-created dialog: window.portcullisConnect.render(container, { url, name, header, key, auth }).
(function () {
  "use strict";
  var PLACEHOLDER = "<your-key>";

  // The header an agent sends: "Authorization: Bearer <key>" by default; a custom header carries the bare key.
  function credential(options) {
    if (options.auth === false) { return null; }
    var header = options.header || "Authorization";
    var key = options.key || PLACEHOLDER;
    return { name: header, value: header.toLowerCase() === "authorization" ? "Bearer " + key : key };
  }

  function quote(text) { return "'" + text.replace(/'/g, "'\\''") + "'"; }

  function snippets(options) {
    var url = options.url;
    var name = (options.name || "portcullis").replace(/[^A-Za-z0-9_-]+/g, "-");
    var cred = credential(options);
    var headers = {};
    if (cred) { headers[cred.name] = cred.value; }
    var headerArg = cred ? " --header " + quote(cred.name + ": " + cred.value) : "";
    var vscode = { servers: {} };
    vscode.servers[name] = Object.assign({ type: "http", url: url }, cred ? { headers: headers } : {});
    var generic = { mcpServers: {} };
    generic.mcpServers[name] = Object.assign({ type: "streamable-http", url: url }, cred ? { headers: headers } : {});
    var initialize = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25",
      capabilities: {}, clientInfo: { name: "curl", version: "1.0" } } });
    return [
      { id: "inspector", title: "MCP Inspector (CLI)", text: "npx @modelcontextprotocol/inspector --cli " + quote(url)
        + " --transport http" + headerArg + " --method tools/list" },
      { id: "vscode", title: "VS Code (.vscode/mcp.json)", text: JSON.stringify(vscode, null, 2) },
      { id: "claude", title: "Claude Code", text: "claude mcp add --transport http " + name + " " + quote(url) + headerArg },
      { id: "json", title: "Generic JSON (mcpServers)", text: JSON.stringify(generic, null, 2) },
      { id: "curl", title: "curl (initialize)", text: "curl -sS " + quote(url) + " \\\n  -H 'Content-Type: application/json' \\\n"
        + "  -H 'Accept: application/json, text/event-stream' \\\n" + (cred ? "  -H " + quote(cred.name + ": " + cred.value) + " \\\n" : "")
        + "  -d " + quote(initialize) }
    ];
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text != null) { node.textContent = text; }
    return node;
  }

  function render(container, options) {
    container.textContent = "";
    var endpoint = el("p", { class: "endpoint" });
    endpoint.appendChild(el("span", { class: "label" }, "MCP endpoint"));
    endpoint.appendChild(el("code", { "data-testid": "connect-endpoint" }, options.url));
    endpoint.appendChild(el("button", { type: "button", class: "link-button", "data-copy": options.url, "aria-label": "Copy the MCP endpoint" }, "Copy"));
    container.appendChild(endpoint);
    var cred = credential(options);
    container.appendChild(el("p", { class: "muted small" }, cred
      ? (options.key ? "Filled with the key just created: it is not shown again once you leave."
        : "Replace " + PLACEHOLDER + " with the agent's key (Keys page). Agents send it as " + cred.name + ": "
          + (cred.name.toLowerCase() === "authorization" ? "Bearer <key>." : "<key>."))
      : "Authentication is off for this proxy: agents need no key."));
    var list = el("div", { class: "snippets" });
    snippets(options).forEach(function (snippet) {
      var box = el("section", { class: "snippet", "data-snippet": snippet.id });
      var head = el("h3", {}, snippet.title);
      head.appendChild(el("button", { type: "button", class: "link-button", "data-copy": snippet.text,
        "aria-label": "Copy the " + snippet.title + " configuration" }, "Copy"));
      box.appendChild(head);
      box.appendChild(el("pre", { tabindex: "0" }, snippet.text));
      list.appendChild(box);
    });
    container.appendChild(list);
  }

  window.portcullisConnect = { render: render, snippets: snippets };
  document.querySelectorAll("[data-connect]").forEach(function (container) {
    render(container, { url: container.getAttribute("data-url"), name: container.getAttribute("data-name") });
  });
})();
