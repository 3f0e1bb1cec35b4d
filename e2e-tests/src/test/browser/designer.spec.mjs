// MCP designer browser tests and the quickstart walk-through (docs/quickstart.md): Debian's chromium driven by
// playwright-core. Run by DesignerBrowserIT (e2e-tests) against a stack like `./portcullis up` (control plane, a
// gateway, the mock MCP server, the demo seed), with BASE_URL, ADMIN_PASSWORD, ADMIN_TOKEN, GATEWAY_MCP_URL and
// SCREENSHOT_DIR. Exits non-zero when any test fails. The quickstart runs first: its screenshots (copied to
// docs/images) show what a fresh stack shows.
import { adminPassword, adminToken, baseUrl, required, run, screenshots, signIn, test, pick } from "./harness.mjs";
import assert from "node:assert/strict";

const gatewayMcpUrl = required("GATEWAY_MCP_URL");

async function api(method, path, body, headers = {}) {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { Authorization: `Bearer ${adminToken}`, "Content-Type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, etag: response.headers.get("ETag"), body: text ? JSON.parse(text) : null };
}

async function createProxy(id, upstreamUrl) {
  const created = await api("POST", "/api/mcps", { id, name: `Designer ${id}`, listenPath: `/${id}/`,
    upstream: { url: upstreamUrl } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body;
}

async function openDesigner(page, id) {
  await page.goto(`${baseUrl}/ui/mcps/${id}`);
  await page.waitForFunction(() => document.getElementById("s-name").value !== "");
}

async function openPrimitives(page) {
  await page.click("#tab-primitives");
  await page.waitForFunction(() => !document.getElementById("upstream-status")
    || /offers|could not/.test(document.getElementById("upstream-status").textContent));
}

// One MCP exchange through the gateway: initialize, notifications/initialized, tools/list.
async function mcp(headers) {
  const common = { "Content-Type": "application/json", Accept: "application/json, text/event-stream", ...headers };
  const init = await fetch(gatewayMcpUrl, { method: "POST", headers: common, body: JSON.stringify({ jsonrpc: "2.0",
    id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {},
      clientInfo: { name: "quickstart", version: "1" } } }) });
  if (init.status !== 200) {
    return { status: init.status, wwwAuthenticate: init.headers.get("WWW-Authenticate"), tools: null };
  }
  const session = { ...common, "Mcp-Session-Id": init.headers.get("Mcp-Session-Id") ?? "",
    "MCP-Protocol-Version": "2025-11-25" };
  await init.text();
  await (await fetch(gatewayMcpUrl, { method: "POST", headers: session,
    body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }) })).text();
  const list = await fetch(gatewayMcpUrl, { method: "POST", headers: session,
    body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list", params: {} }) });
  const text = await list.text();
  const json = JSON.parse(list.headers.get("Content-Type").startsWith("text/event-stream")
    ? text.split("\n").filter((line) => line.startsWith("data:")).map((line) => line.slice(5)).join("") : text);
  return { status: list.status, tools: json.result.tools.map((tool) => tool.name) };
}

// First, so its screenshots show what a fresh `./portcullis up` shows: only the seeded proxy and key.
test("quickstart: switch authentication on, create a key on the Keys page, 401 without it, 15 tools with it",
  async (page) => {
  const seeded = await api("GET", "/api/mcps/mock-mcp");
  const off = await api("PUT", "/api/mcps/mock-mcp",
    { ...seeded.body, authentication: { ...seeded.body.authentication, enabled: false } },
    { "If-Match": seeded.etag });
  assert.equal(off.status, 200, "the test starts from authentication off");
  await waitFor(async () => (await mcp({})).status === 200, "the gateway serves the proxy without authentication");

  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl });
  await signIn(page, "admin", adminPassword);
  await Promise.all([page.waitForURL(`${baseUrl}/ui/mcps`), page.click("nav >> text=MCP registry")]);
  await page.screenshot({ path: `${screenshots}/quickstart-1-registry.png` });
  await Promise.all([page.waitForURL(`${baseUrl}/ui/mcps/mock-mcp`), page.click("text=Mock MCP Server")]);
  await page.waitForFunction(() => document.getElementById("s-name").value === "Mock MCP Server");
  await page.check("#s-auth");
  await page.check("#s-authToken");
  await page.fill("#s-authHeader", "Authorization");
  await page.locator("fieldset:has(legend:text('Authentication'))").screenshot(
    { path: `${screenshots}/quickstart-2-authentication.png` });
  await page.click("#save-settings");
  await page.waitForSelector("#saved:not([hidden])");
  assert.ok(await page.locator("#saved").isVisible(), "the saved notice stays in view");
  await page.screenshot({ path: `${screenshots}/quickstart-3-saved.png` });
  assert.equal((await api("GET", "/api/mcps/mock-mcp")).body.authentication.enabled, true);

  await Promise.all([page.waitForURL(`${baseUrl}/ui/keys`), page.click("nav >> text=Keys")]);
  await page.click("#new-key");
  await page.fill("#key-alias", "my-agent");
  const proxyOption = await page.locator("#key-proxies option", { hasText: "Mock MCP Server" }).getAttribute("value");
  assert.equal(proxyOption, "mock-mcp", "the Proxies list offers the seeded proxy by its name");
  await pick(page, "key-proxies", "mock-mcp");
  await page.locator("#key-form-card").screenshot({ path: `${screenshots}/quickstart-4-create-key.png` });
  const [created] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/api/keys")),
    page.click("#key-form button[type=submit]")]);
  assert.equal(created.status(), 201);
  await page.waitForSelector("dialog#key-created[open]");
  assert.equal(await page.textContent("dialog#key-created [data-created-alias]"), "my-agent");
  await page.click("#copy-created-key");
  await page.waitForFunction(() => document.getElementById("copy-created-key").textContent === "Copied");
  const key = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(key, /^pcs_/, "the Copy button put the key on the clipboard");
  assert.equal(await page.inputValue("[data-testid=created-key]"), key, "the dialog shows the same key");
  await page.screenshot({ path: `${screenshots}/quickstart-5-key-created.png` });
  await page.click("dialog#key-created >> text=I have copied it");
  await page.waitForSelector("table[data-testid=keys] >> text=my-agent");
  const listed = (await api("GET", "/api/keys?alias=my-agent")).body;
  assert.equal(listed.length, 1);
  assert.deepEqual(listed[0].proxies, ["mock-mcp"], "the key grants the Mock MCP Server proxy directly");

  await waitFor(async () => (await mcp({})).status === 401, "the gateway refuses a request without a key");
  const withKey = { Authorization: `Bearer ${key}` };
  await waitFor(async () => (await mcp(withKey)).status === 200, "the gateway knows the key made on the Keys page");
  const refused = await mcp({});
  assert.equal(refused.status, 401);
  const tools = await mcp(withKey);
  assert.equal(tools.status, 200);
  assert.equal(tools.tools.length, 15, JSON.stringify(tools.tools));
  await page.setContent(`<pre style="font: 14px monospace; padding: 1rem">$ POST ${gatewayMcpUrl} (no Authorization)
HTTP ${refused.status}  WWW-Authenticate: ${refused.wwwAuthenticate ?? "-"}

$ POST ${gatewayMcpUrl}  Authorization: Bearer pcs_... (the key copied from the Keys page)
initialize -> 200, tools/list -> ${tools.tools.length} tools:
${tools.tools.join("\n")}</pre>`);
  await page.locator("pre").screenshot({ path: `${screenshots}/quickstart-6-tools-listed.png` });
});

test("opens a proxy from the registry, saves settings with If-Match and shows field errors", async (page) => {
  const mock = (await api("GET", "/api/mcps/mock-mcp")).body.upstream.url;
  await createProxy("settings-demo", mock);
  await signIn(page, "admin", adminPassword);
  await page.goto(baseUrl + "/ui/mcps");
  await Promise.all([page.waitForURL(`${baseUrl}/ui/mcps/settings-demo`), page.click("text=Designer settings-demo")]);
  await page.waitForFunction(() => document.getElementById("s-name").value !== "");
  assert.equal(await page.inputValue("#s-listenPath"), "/settings-demo/");
  await page.fill("#s-name", "Settings demo");
  await page.fill("#s-tags", "edge, eu");
  await page.fill("#s-reqAdd", "X-Team: platform");
  await page.fill("#s-rate", "100");
  await page.fill("#s-per", "60");
  await page.click("#save-settings");
  await page.waitForSelector("#saved:not([hidden])");
  const saved = (await api("GET", "/api/mcps/settings-demo")).body;
  assert.equal(saved.name, "Settings demo");
  assert.deepEqual(saved.gatewayTags, ["edge", "eu"]);
  assert.deepEqual(saved.global.transformRequestHeaders.add, { "X-Team": "platform" });
  assert.deepEqual(saved.global.rateLimit, { rate: 100, per: 60 });
  await page.screenshot({ path: `${screenshots}/designer-settings.png`, fullPage: true });

  // Load balancing: more instances with weights, the algorithm and passive health, as the Settings tab writes them.
  await page.fill("#s-targets", "http://127.0.0.1:7001 2\nhttp://127.0.0.1:7002");
  await page.selectOption("#s-balancing", "leastRequests");
  await page.fill("#s-hfail", "5");
  await page.fill("#s-hcool", "2000");
  await page.click("#save-settings");
  await waitFor(async () => ((await api("GET", "/api/mcps/settings-demo")).body.upstream.balancing === "leastRequests"),
    "the balancing settings saved");
  const balanced = (await api("GET", "/api/mcps/settings-demo")).body.upstream;
  assert.deepEqual(balanced.targets.map((t) => [t.url, t.weight]),
    [["http://127.0.0.1:7001", 2], ["http://127.0.0.1:7002", 1]], JSON.stringify(balanced.targets));
  assert.deepEqual(balanced.passiveHealth, { failures: 5, coolDownMs: 2000 });
  assert.equal(balanced.sessionAffinity, true);
  await page.fill("#s-targets", "ftp://127.0.0.1:7003");
  await page.click("#save-settings");
  await page.waitForFunction(() => document.querySelector("[data-error-for='upstream.targets']").textContent !== "");
  await page.screenshot({ path: `${screenshots}/designer-load-balancing.png`, fullPage: true });
  await page.fill("#s-targets", "");
  await page.click("#save-settings");
  await waitFor(async () => (await api("GET", "/api/mcps/settings-demo")).body.upstream.targets.length === 0,
    "the targets removed");

  await page.fill("#s-listenPath", "no-slash");
  await page.click("#save-settings");
  await page.waitForFunction(() => document.querySelector("[data-error-for='listenPath']").textContent !== "");
  assert.equal(await page.getAttribute("#s-listenPath", "aria-invalid"), "true");
  await page.screenshot({ path: `${screenshots}/designer-settings-field-error.png`, fullPage: true });

  const current = await api("GET", "/api/mcps/settings-demo");
  const changed = await api("PUT", "/api/mcps/settings-demo", { ...current.body, name: "Changed elsewhere" },
    { "If-Match": current.etag });
  assert.equal(changed.status, 200);
  await page.fill("#s-listenPath", "/settings-demo/");
  await page.fill("#s-name", "My stale edit");
  await page.click("#save-settings");
  await page.waitForSelector("#stale:not([hidden])");
  assert.match(await page.textContent("#stale"), /changed by someone else/);
  assert.equal((await api("GET", "/api/mcps/settings-demo")).body.name, "Changed elsewhere", "nothing overwritten");
  await page.screenshot({ path: `${screenshots}/designer-stale-save.png`, fullPage: true });
  await page.click("#reload");
  await page.waitForFunction(() => document.getElementById("s-name").value === "Changed elsewhere");
});

test("adds a primitive offered by the live upstream, adds and removes middleware with validation", async (page) => {
  const mock = (await api("GET", "/api/mcps/mock-mcp")).body.upstream.url;
  await createProxy("primitives-demo", mock);
  await signIn(page, "admin", adminPassword);
  await openDesigner(page, "primitives-demo");
  await openPrimitives(page);
  assert.ok(await page.isVisible("[data-testid=no-primitives]"), "an empty state says what to do");
  assert.match(await page.textContent("#upstream-status"), /offers 15 tools, 4 prompts and 3 resources/);
  const offered = await page.$$eval("#p-names option", (options) => options.map((o) => o.value));
  assert.ok(offered.includes("get_users") && offered.length === 15, `offered ${JSON.stringify(offered)}`);
  await page.fill("#p-name", "get_users");
  await page.click("#add-primitive button[type=submit]");
  await page.waitForSelector("#primitive-detail:not([hidden]) [data-testid=no-middleware]");

  await page.selectOption("#m-option", "rateLimit");
  await page.fill("#m-rate", "0");
  await page.fill("#m-per", "60");
  await page.click("[data-testid=add-middleware] button[type=submit]");
  assert.equal(await page.textContent("[data-error-for='rateLimit.rate']"), "must be at least 1");
  await page.fill("#m-rate", "10");
  await page.click("[data-testid=add-middleware] button[type=submit]");
  await page.waitForSelector("[data-testid=middleware] >> text=Rate limit");

  for (const [option, fill] of [
    ["circuitBreaker", async () => { await page.fill("#m-threshold", "0.5"); await page.fill("#m-sample", "10");
      await page.fill("#m-cool", "30"); }],
    ["timeoutMs", async () => page.fill("#m-number", "5000")],
    ["requestSizeLimit", async () => page.fill("#m-number", "65536")],
    ["ignoreAuthentication", async () => {}],
    ["transformResponseHeaders", async () => page.fill("#m-remove", "Server")],
    ["track", async () => {}],
    ["requiredScopes", async () => page.fill("#m-scopes", "users:read")],
    ["allow", async () => {}],
  ]) {
    await page.selectOption("#m-option", option);
    await fill();
    await page.click("[data-testid=add-middleware] button[type=submit]");
    await page.waitForFunction((key) => !Array.from(document.querySelectorAll("#m-option option"))
      .some((o) => o.value === key), option);
  }
  await page.selectOption("#m-option", "mockResponse");
  await page.fill("#m-json", "{not json");
  await page.click("[data-testid=add-middleware] button[type=submit]");
  assert.match(await page.textContent("[data-error-for='mockResponse']"), /not valid JSON/);
  await page.fill("#m-json", '{"content":[{"type":"text","text":"mocked"}]}');
  await page.click("[data-testid=add-middleware] button[type=submit]");
  await page.waitForSelector("[data-testid=middleware] >> text=Mock response");

  await page.selectOption("#m-option", "transformRequestHeaders");
  await page.fill("#m-add", "Bad Header: x");
  await page.click("[data-testid=add-middleware] button[type=submit]");
  await page.waitForFunction(() => /transformRequestHeaders/.test(
    document.querySelector("[data-error-for='transformRequestHeaders.add']").textContent));
  await page.screenshot({ path: `${screenshots}/designer-primitive-detail.png`, fullPage: true });

  let stored = (await api("GET", "/api/mcps/primitives-demo")).body.tools.get_users;
  assert.deepEqual(stored.rateLimit, { rate: 10, per: 60 });
  assert.deepEqual(stored.circuitBreaker, { threshold: 0.5, sampleSize: 10, coolDownSeconds: 30, halfOpen: true });
  assert.equal(stored.timeoutMs, 5000);
  assert.equal(stored.requestSizeLimit, 65536);
  assert.equal(stored.ignoreAuthentication, true);
  assert.deepEqual(stored.transformResponseHeaders.remove, ["Server"]);
  assert.equal(stored.track, true);
  assert.deepEqual(stored.requiredScopes, ["users:read"]);
  assert.equal(stored.allow, true);
  assert.deepEqual(stored.mockResponse, { content: [{ type: "text", text: "mocked" }] });

  await page.click("[aria-label='Remove Rate limit']");
  await page.waitForFunction(() => !/Rate limit/.test(document.querySelector("[data-testid=middleware]").textContent));
  stored = (await api("GET", "/api/mcps/primitives-demo")).body.tools.get_users;
  assert.equal(stored.rateLimit ?? null, null, "the rate limit is gone");

  await page.selectOption("#p-type", "tools");
  await page.fill("#p-name", "delete_user");
  await page.click("#add-primitive button[type=submit]");
  await page.waitForSelector("#primitive-detail h2 >> text=Tool delete_user");
  await page.selectOption("#m-option", "block");
  await page.click("[data-testid=add-middleware] button[type=submit]");
  await page.waitForSelector("[data-testid=middleware] >> text=Block");
  await page.screenshot({ path: `${screenshots}/designer-primitives.png`, fullPage: true });
  const listedNames = await page.locator("[data-testid=primitives] [data-open]").allTextContents();
  assert.deepEqual(listedNames, ["delete_user", "get_users"]);

  page.once("dialog", (dialog) => dialog.accept());
  await page.click("[aria-label='Remove delete_user']");
  await page.waitForFunction(() => !/delete_user/.test(document.querySelector("#primitive-list").textContent));
  assert.equal((await api("GET", "/api/mcps/primitives-demo")).body.tools.delete_user, undefined);
});

// One tools/call of get_anything through the gateway (initialize first); the mock echoes headers and arguments.
async function echo(endpoint, key, args) {
  const common = { "Content-Type": "application/json", Accept: "application/json, text/event-stream",
    Authorization: `Bearer ${key}` };
  const init = await fetch(endpoint, { method: "POST", headers: common, body: JSON.stringify({ jsonrpc: "2.0", id: 1,
    method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {},
      clientInfo: { name: "transforms", version: "1" } } }) });
  await init.text();
  if (init.status !== 200) { return null; }
  const session = { ...common, "Mcp-Session-Id": init.headers.get("Mcp-Session-Id") ?? "",
    "MCP-Protocol-Version": "2025-11-25" };
  await (await fetch(endpoint, { method: "POST", headers: session,
    body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }) })).text();
  const call = await fetch(endpoint, { method: "POST", headers: { ...session, "X-Consumer": "forged" },
    body: JSON.stringify({ jsonrpc: "2.0", id: "echo-1", method: "tools/call",
      params: { name: "get_anything", arguments: args } }) });
  const text = await call.text();
  const json = JSON.parse(call.headers.get("Content-Type").startsWith("text/event-stream")
    ? text.split("\n").filter((line) => line.startsWith("data:")).map((line) => line.slice(5)).join("") : text);
  return { id: json.id, ...json.result.structuredContent };
}

test("context variables and a body transform set in the designer reach the upstream", async (page) => {
  const mock = (await api("GET", "/api/mcps/mock-mcp")).body.upstream.url;
  await createProxy("transforms-demo", mock);
  const key = await api("POST", "/api/keys", { alias: "designer-agent", proxies: ["transforms-demo"] });
  assert.equal(key.status, 201, JSON.stringify(key.body));
  await signIn(page, "admin", adminPassword);
  await openDesigner(page, "transforms-demo");

  await page.click("[data-testid=variables-help] summary");
  assert.match(await page.textContent("[data-testid=variables-help]"), /\$\{consumer\.alias\}/);
  await page.fill("#s-reqAdd", "X-Consumer: ${consumer.nickname}");
  await page.click("#save-settings");
  await page.waitForFunction(() => /unknown variable/.test(
    document.querySelector("[data-error-for='global.transformRequestHeaders.add']").textContent));
  await page.fill("#s-reqAdd", "X-Consumer: ${consumer.alias}");
  await page.click("#save-settings");
  await page.waitForSelector("#saved:not([hidden])");

  await openPrimitives(page);
  await page.fill("#p-name", "get_anything");
  await page.click("#add-primitive button[type=submit]");
  await page.waitForSelector("#primitive-detail:not([hidden]) [data-testid=no-middleware]");
  await page.selectOption("#m-option", "transformRequestBody");
  assert.match(await page.textContent("#m-fields [data-testid=variables-help]"), /\$\{jwt\.claims\.<name>\}/);
  await page.fill("#m-body", "set owner = x");
  await page.click("[data-testid=add-middleware] button[type=submit]");
  await page.waitForFunction(() => /JSON Pointer/.test(
    document.querySelector("[data-error-for='transformRequestBody']").textContent));
  await page.fill("#m-body", "set /owner = ${consumer.alias}\ndefault /limit = 10\nremove /debug\nrename /q -> /query");
  await page.click("[data-testid=add-middleware] button[type=submit]");
  await page.waitForSelector("[data-testid=middleware] >> text=Transform request body");
  assert.match(await page.textContent("[data-testid=middleware]"), /set \/owner = \$\{consumer\.alias\}; default \/limit = 10/);
  await page.screenshot({ path: `${screenshots}/designer-body-transform.png`, fullPage: true });

  const stored = (await api("GET", "/api/mcps/transforms-demo")).body;
  assert.deepEqual(stored.tools.get_anything.transformRequestBody, [
    { op: "set", path: "/owner", value: "${consumer.alias}" }, { op: "default", path: "/limit", value: 10 },
    { op: "remove", path: "/debug" }, { op: "rename", from: "/q", path: "/query" }]);

  const endpoint = new URL(gatewayMcpUrl).origin + "/transforms-demo/mcp";
  let echoed = null;
  await waitFor(async () => {
    echoed = await echo(endpoint, key.body.key, { owner: "someone-else", debug: true, q: "users" });
    return echoed !== null && echoed.arguments.owner === "designer-agent";
  }, "the gateway applies the designer's transforms");
  assert.equal(echoed.id, "echo-1");
  assert.equal(echoed.headers["x-consumer"], "designer-agent");
  assert.deepEqual(echoed.arguments, { owner: "designer-agent", limit: 10, query: "users" });
});

test("an unreachable upstream lets the admin type the primitive's name", async (page) => {
  await createProxy("unreachable-demo", "http://127.0.0.1:9");
  await signIn(page, "admin", adminPassword);
  await openDesigner(page, "unreachable-demo");
  await openPrimitives(page);
  assert.match(await page.textContent("#upstream-status"), /could not be asked \(unreachable\)\. Type the exact name/);
  await page.selectOption("#p-type", "resources");
  await page.fill("#p-name", "internal://*");
  await page.click("#add-primitive button[type=submit]");
  await page.waitForSelector("#primitive-detail h2 >> text=Resource internal://*");
  await page.screenshot({ path: `${screenshots}/designer-upstream-unreachable.png`, fullPage: true });
  assert.deepEqual(Object.keys((await api("GET", "/api/mcps/unreachable-demo")).body.resources), ["internal://*"]);
});

test("the definition editor highlights JSON, marks syntax and rule errors as you type, and saves with If-Match",
  async (page) => {
  const mock = (await api("GET", "/api/mcps/mock-mcp")).body.upstream.url;
  await createProxy("json-demo", mock);
  await signIn(page, "admin", adminPassword);
  await openDesigner(page, "json-demo");
  await page.click("#tab-definition");
  await page.waitForSelector(".CodeMirror .cm-property", { state: "visible" });
  const text = await page.inputValue("#definition-json");
  assert.equal(JSON.parse(text).id, "json-demo");
  assert.deepEqual(Object.keys(JSON.parse(text)), Object.keys((await api("GET", "/api/mcps/json-demo")).body),
    "the documented (canonical) field order");

  // A syntax error typed by hand is marked at once, and cleared when undone.
  await page.click(".CodeMirror-line >> nth=0");
  await page.keyboard.press("End");
  await page.keyboard.type(",");
  await page.waitForSelector(".CodeMirror-lint-marker-error");
  await waitFor(async () => /Not valid JSON/.test(await page.textContent("#definition-check")), "syntax reported");
  await page.keyboard.press("Backspace");
  await waitFor(async () => /No problems found/.test(await page.textContent("#definition-check")), "syntax cleared");
  assert.equal(await page.locator(".CodeMirror-lint-marker-error").count(), 0);
  // Tab leaves the editor (no keyboard trap).
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => !!document.activeElement.closest(".CodeMirror")), false);

  // Rule errors come from the control plane's own checks, marked on the lines of the offending fields.
  const definition = JSON.parse(text);
  definition.listenPath = "missing-slash";
  definition.upstream.timeoutMs = -1;
  await page.evaluate((t) => window.portcullis.definitionEditor.set(t), JSON.stringify(definition, null, 2));
  await waitFor(async () => /\d+ problems/.test(await page.textContent("#definition-check")), "rule errors reported");
  const marked = await page.evaluate(() => {
    const cm = document.querySelector(".CodeMirror").CodeMirror;
    return cm.state.lint.marked.map((mark) => cm.getLine(mark.find().from.line).trim());
  });
  assert.ok(marked.some((line) => line.startsWith("\"listenPath\"")), JSON.stringify(marked));
  assert.ok(marked.some((line) => line.startsWith("\"timeoutMs\"")), JSON.stringify(marked));
  assert.equal((await api("GET", "/api/mcps/json-demo")).body.listenPath, "/json-demo/", "checking saves nothing");
  await page.screenshot({ path: `${screenshots}/designer-definition-lint.png`, fullPage: true });

  // Saving anyway lists the errors; each one takes the cursor to its field.
  await page.click("#save-definition");
  await page.waitForSelector("#definition-errors li");
  const errors = await page.locator("#definition-errors li code").allTextContents();
  assert.ok(errors.includes("listenPath") && errors.includes("upstream.timeoutMs"), JSON.stringify(errors));
  await page.screenshot({ path: `${screenshots}/designer-definition-errors.png`, fullPage: true });
  await page.click("#definition-errors li button >> text=upstream.timeoutMs");
  assert.deepEqual(await page.evaluate(() => {
    const cm = document.querySelector(".CodeMirror").CodeMirror;
    return [cm.getLine(cm.getCursor().line).trim().split(":")[0], !!document.activeElement.closest(".CodeMirror")];
  }), ["\"timeoutMs\"", true]);

  definition.listenPath = "/json-demo/";
  definition.upstream.timeoutMs = 12000;
  await page.evaluate((t) => window.portcullis.definitionEditor.set(t), JSON.stringify(definition, null, 2));
  await page.click("#save-definition");
  await page.waitForSelector("#saved:not([hidden])");
  assert.equal((await api("GET", "/api/mcps/json-demo")).body.upstream.timeoutMs, 12000);
});

test("plugins: proxy-wide in Settings as a JSON list, per primitive on the Primitives tab, with the server's field errors",
  async (page) => {
    const mock = (await api("GET", "/api/mcps/mock-mcp")).body.upstream.url;
    await createProxy("plugins-demo", mock);
    await signIn(page, "admin", adminPassword);
    await openDesigner(page, "plugins-demo");
    await page.fill("#s-plugins", "[not json");
    await page.click("#save-settings");
    assert.match(await page.textContent("[data-error-for='global.plugins']"), /not valid JSON/);

    await page.fill("#s-plugins", JSON.stringify([{ name: "server-time", config: { zone: "Mars/Olympus" } }]));
    await page.click("#save-settings");
    await page.waitForFunction(() => /Mars\/Olympus is not a known time-zone id/.test(
      document.querySelector("[data-error-for='global.plugins']").textContent));
    await page.fill("#s-plugins", JSON.stringify([{ name: "server-time", placement: "afterAuth", config: { zone: "UTC" } }]));
    await page.click("#save-settings");
    await page.waitForSelector("#saved:not([hidden])");
    let stored = (await api("GET", "/api/mcps/plugins-demo")).body;
    assert.deepEqual(stored.global.plugins, [{ name: "server-time", placement: "afterAuth", config: { zone: "UTC" } }]);
    assert.match(await page.inputValue("#s-plugins"), /"zone": "UTC"/);

    await openPrimitives(page);
    await page.fill("#p-name", "get_users");
    await page.click("#add-primitive button[type=submit]");
    await page.waitForSelector("#primitive-detail:not([hidden]) [data-testid=no-middleware]");
    await page.selectOption("#m-option", "plugins");
    await page.fill("#m-plugin", "redact");
    await page.selectOption("#m-placement", "response");
    await page.fill("#m-config", '{"replacement": "[email]"}');
    await page.click("[data-testid=add-middleware] button[type=submit]");
    await page.waitForSelector("[data-testid=middleware] >> text=redact (response)");
    await page.screenshot({ path: `${screenshots}/designer-plugins.png`, fullPage: true });
    stored = (await api("GET", "/api/mcps/plugins-demo")).body.tools.get_users;
    assert.deepEqual(stored.plugins, [{ name: "redact", placement: "response", config: { replacement: "[email]" } }]);
  });

test("a viewer sees the designer read-only", async (page) => {
  const created = await api("POST", "/api/users", { username: "vic", role: "viewer", password: "viewer-password-2" });
  assert.equal(created.status, 201);
  await signIn(page, "vic", "viewer-password-2");
  await openDesigner(page, "mock-mcp");
  assert.equal(await page.locator("#save-settings").count(), 0, "no save button");
  assert.equal(await page.isDisabled("#s-name"), true, "fields are disabled");
  await openPrimitives(page);
  assert.equal(await page.locator("#add-primitive").count(), 0, "no add-primitive form");
  await page.click("#tab-definition");
  assert.equal(await page.getAttribute("#definition-json", "readonly"), "");
  await page.waitForSelector(".CodeMirror .cm-property", { state: "visible" });
  assert.equal(await page.evaluate(() => document.querySelector(".CodeMirror").CodeMirror.getOption("readOnly")), true);
  assert.equal(await page.locator("#save-definition").count(), 0);
  await page.screenshot({ path: `${screenshots}/designer-viewer.png`, fullPage: true });
});

async function waitFor(condition, what) {
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    if (await condition()) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting until ${what}`);
}

await run("designer");
