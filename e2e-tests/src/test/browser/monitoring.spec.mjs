// Monitoring and Gateways browser tests: real MCP traffic through the stack's gateway, then the pages.
// Run by DashboardBrowserIT, which passes BASE_URL, ADMIN_PASSWORD, ADMIN_TOKEN, SCREENSHOT_DIR, GATEWAY_URL (the
// gateway agents call), GATEWAY_ID and MOCK_URL (the mock MCP server). Exits non-zero when any test fails.
import { adminPassword, adminToken, api, baseUrl, required, run, screenshots, signIn, test, until } from "./harness.mjs";
import assert from "node:assert/strict";

const gatewayUrl = required("GATEWAY_URL");
const gatewayId = required("GATEWAY_ID");
const mockUrl = required("MOCK_URL");

// The monitoring page finished its latest refresh (the status line says when).
async function refreshed(page) {
  await page.waitForFunction(() => {
    const status = document.getElementById("monitoring-status").textContent;
    return status.startsWith("Updated") || status.startsWith("Not updated");
  });
}

async function rows(page, testId) {
  return page.$$eval(`[data-testid=${testId}] tbody tr`,
    (trs) => trs.map((tr) => Array.from(tr.cells).map((td) => td.textContent.trim())));
}

// Every request the tests send through the gateway, so the dashboard's numbers can be checked against them.
const sent = [];

async function mcp(path, message, headers = {}) {
  const response = await fetch(gatewayUrl + path, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", ...headers },
    body: JSON.stringify(message),
  });
  const body = await response.text();
  const rpcError = /"error"\s*:\s*\{/.test(body);
  sent.push({ path, status: response.status, error: response.status >= 400 || rpcError,
    tool: message.method === "tools/call" ? message.params.name : null, keyed: "Authorization" in headers });
  return { status: response.status, session: response.headers.get("mcp-session-id"), body };
}

const call = (id, tool) => ({ jsonrpc: "2.0", id, method: "tools/call", params: { name: tool, arguments: {} } });
const initialize = { jsonrpc: "2.0", id: 1, method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "browser-test", version: "1" } } };

const PROXY = "monitored";
const LISTEN = "/monitored/";
let currentVersion = 0;

test("before any traffic, monitoring says how to send some, with the gateway URL", async (page) => {
  const created = await api("POST", "/api/mcps", {
    id: PROXY, name: "Monitored MCP", listenPath: LISTEN, upstream: { url: mockUrl },
    authentication: { enabled: true, authToken: { enabled: true, header: "Authorization" } },
    tools: { generate_uuid: { rateLimit: { rate: 2, per: 60 } }, get_anything: { block: true } },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  await signIn(page, "admin", adminPassword);
  await page.goto(baseUrl + "/ui/monitoring");
  await refreshed(page);
  assert.ok(await page.isVisible("[data-testid=monitoring-empty]"), "the empty state is shown");
  assert.equal((await page.textContent("[data-testid=monitoring-empty] h2")).trim(),
    "No traffic yet - send a request through a gateway");
  assert.equal((await page.textContent("[data-testid=gateway-url]")).trim(), gatewayUrl);
  assert.match(await page.textContent("[data-testid=monitoring-empty]"), new RegExp(`${gatewayUrl}/\\S+/`));
  assert.ok(await page.isHidden("#monitoring-results"));
  await page.screenshot({ path: `${screenshots}/monitoring-empty.png`, fullPage: true });
});

test("the Gateways page shows the stack's gateway connected and up to date", async (page) => {
  const key = await api("POST", "/api/keys", { alias: "monitor-agent", proxies: [PROXY] });
  assert.equal(key.status, 201, JSON.stringify(key.body));
  process.env.MONITOR_KEY = key.body.key;
  await signIn(page, "admin", adminPassword);
  await until("the gateway to apply the current configuration", async () => {
    await page.goto(baseUrl + "/ui/gateways");
    return page.isVisible(`tr[data-gateway="${gatewayId}"] >> text=up to date`);
  });
  const row = page.locator(`tr[data-gateway="${gatewayId}"]`);
  currentVersion = Number((await page.textContent("[data-testid=current-version]")).trim());
  assert.ok(currentVersion > 0);
  assert.match(await row.locator("[data-testid=applied-version]").textContent(),
    new RegExp(`^\\s*${currentVersion} of ${currentVersion}\\s+up to date`));
  assert.equal((await row.locator("[data-testid=connection]").textContent()).trim(), "connected");
  assert.equal((await row.locator("[data-testid=last-rejection]").textContent()).trim(), "none");
  assert.match(await row.textContent(), /just now|seconds? ago/);
  await page.screenshot({ path: `${screenshots}/gateways.png`, fullPage: true });
});

test("traffic through the gateway fills the charts and tables with the numbers sent", async (page) => {
  const key = { Authorization: `Bearer ${process.env.MONITOR_KEY}` };
  const path = `${LISTEN}mcp`;
  const session = await mcp(path, initialize, key);
  assert.equal(session.status, 200, session.body);
  const withSession = { ...key, "Mcp-Session-Id": session.session };
  for (let i = 0; i < 5; i++) {
    assert.equal((await mcp(path, call(10 + i, "get_users"), withSession)).status, 200);
  }
  const limited = [];
  for (let i = 0; i < 3; i++) {
    limited.push((await mcp(path, call(20 + i, "generate_uuid"), withSession)).status);
  }
  assert.deepEqual(limited, [200, 200, 429]);
  const blocked = await mcp(path, call(30, "get_anything"), withSession);
  assert.ok(sent.at(-1).error, `a blocked tool is an error: ${blocked.status} ${blocked.body}`);
  assert.equal((await mcp(path, call(31, "get_users"), { "Mcp-Session-Id": session.session })).status, 401);

  await until("the control plane to ingest every request", async () =>
    (await api("GET", `/api/analytics/records?proxy=${PROXY}&size=100`)).body.items.length === sent.length);

  await signIn(page, "admin", adminPassword);
  await page.goto(baseUrl + "/ui/monitoring");
  await refreshed(page);
  assert.ok(await page.isVisible("#monitoring-results"), "results replace the empty state");
  const statusCounts = {};
  sent.forEach((one) => { statusCounts[one.status] = (statusCounts[one.status] || 0) + 1; });
  const errors = sent.filter((one) => one.error).length;
  const proxyRow = (await rows(page, "proxy-totals")).find((cells) => cells[0] === "Monitored MCP");
  assert.ok(proxyRow, "a row for the proxy");
  assert.equal(proxyRow[1], String(sent.length));
  assert.equal(proxyRow[2], String(errors));
  assert.equal(proxyRow[4], Object.keys(statusCounts).sort().map((code) => `${code}: ${statusCounts[code]}`).join(", "));
  const statusRows = Object.fromEntries((await rows(page, "status-totals")).map((cells) => [cells[0], cells[1]]));
  assert.equal(statusRows["429"], "1");
  assert.equal(statusRows["401"], "1");

  const used = await rows(page, "most-used");
  assert.equal(used[0][0], `tool get_users`);
  assert.equal(used[0][1], "Monitored MCP");
  assert.equal(used[0][2], String(sent.filter((one) => one.tool === "get_users").length),
    "every get_users call, the one refused for its missing key too");
  const uuid = used.find((cells) => cells[0] === "tool generate_uuid");
  assert.equal(uuid[2], "3");
  const failing = await rows(page, "most-failing");
  assert.ok(failing.some((cells) => cells[0] === "tool generate_uuid" && cells[2] === "1" && cells[3] === "33.3%"),
    `generate_uuid failed once in three: ${JSON.stringify(failing)}`);
  assert.ok(failing.some((cells) => cells[0] === "tool get_anything"), "the blocked tool is failing");
  const slowest = await rows(page, "slowest");
  assert.ok(slowest.length >= 3 && slowest.every((cells) => Number(cells[3]) >= 0), JSON.stringify(slowest));
  const keys = await rows(page, "busiest-keys");
  assert.equal(keys[0][0], "monitor-agent", JSON.stringify(keys));
  assert.equal(keys[0][1], String(sent.filter((one) => one.keyed).length), "every keyed request counted for its key");
  assert.ok(keys.some((cells) => cells[0] === "(no key)"), `the request without a key: ${JSON.stringify(keys)}`);
  const recent = await rows(page, "recent-requests");
  assert.equal(recent.length, sent.length);
  assert.ok(recent.some((cells) => cells[5] === "429" && cells[6] === "rate_limited"), JSON.stringify(recent));
  assert.ok(await page.isDisabled("[data-page=older]"), "one page holds every request");
  for (const canvas of ["chart-proxy-requests", "chart-proxy-errors", "chart-status", "chart-primitive-volume",
    "chart-used", "chart-failing", "chart-slowest", "chart-keys"]) {
    assert.ok(await page.evaluate((id) => Boolean(Chart.getChart(id)), canvas), `${canvas} is drawn`);
  }
  const plotted = await page.evaluate(() =>
    Chart.getChart("chart-proxy-requests").data.datasets.find((d) => d.label === "Monitored MCP")
      .data.reduce((a, b) => a + b, 0));
  assert.equal(plotted, sent.length, "the requests chart adds up to what was sent");
  await page.screenshot({ path: `${screenshots}/monitoring.png`, fullPage: true });

  await page.goto(baseUrl + "/ui/mcps");
  const sparkline = `canvas[data-sparkline="${PROXY}"]`;
  await page.waitForSelector(`${sparkline}[data-total]`);
  assert.equal(await page.getAttribute(sparkline, "data-total"), String(sent.length));
  assert.equal(await page.getAttribute(sparkline, "aria-label"), `${sent.length} requests in the last 24 hours`);
  await page.screenshot({ path: `${screenshots}/registry-sparklines.png`, fullPage: true });
});

test("filters narrow the charts and tables without reloading the page", async (page) => {
  await signIn(page, "admin", adminPassword);
  await page.goto(baseUrl + "/ui/monitoring");
  await refreshed(page);
  await page.evaluate(() => { window.notReloaded = true; });

  await page.selectOption("#proxy", PROXY);
  await page.fill("#primitive", "generate_uuid");
  await page.press("#primitive", "Enter");
  await refreshed(page);
  await until("the filtered totals", async () => (await page.textContent("[data-testid=total-requests]")) === "3");
  const proxyRow = (await rows(page, "proxy-totals"))[0];
  assert.deepEqual(proxyRow.slice(1), ["3", "1", "33.3%", "200: 2, 429: 1"]);
  assert.equal((await rows(page, "recent-requests")).length, 3);
  assert.match(page.url(), /proxy=monitored/);
  assert.match(page.url(), /primitive=generate_uuid/);
  await page.screenshot({ path: `${screenshots}/monitoring-filtered.png`, fullPage: true });

  await page.fill("#primitive", "");
  await page.fill("#alias", "monitor-agent");
  await page.press("#alias", "Enter");
  await until("the alias filter", async () =>
    (await page.textContent("[data-testid=total-requests]")) === String(sent.filter((one) => one.keyed).length));
  assert.ok((await rows(page, "recent-requests")).every((cells) => cells[4] === "monitor-agent"));

  // Which agents call generate_uuid? The busiest-keys table answers for a primitive filter; an alias there filters
  // the whole page on that agent.
  await page.fill("#alias", "");
  await page.fill("#primitive", "generate_uuid");
  await page.press("#primitive", "Enter");
  await until("the keys calling generate_uuid", async () => {
    const keys = await rows(page, "busiest-keys");
    return keys.length === 1 && keys[0][0] === "monitor-agent" && keys[0][1] === "3";
  });
  await page.fill("#primitive", "");
  await page.click("[data-testid=busiest-keys] [data-filter-alias=monitor-agent]");
  await until("the alias filter from the keys table", async () => (await page.inputValue("#alias")) === "monitor-agent"
    && (await page.textContent("[data-testid=total-requests]")) === String(sent.filter((one) => one.keyed).length));

  // Served by member: only what virtual servers sent to the proxy (this stack has none).
  await page.fill("#alias", "");
  await page.selectOption("#member", PROXY);
  await page.press("#primitive", "Enter");
  await until("the member filter", () => page.isVisible("[data-testid=monitoring-empty]"));
  assert.match(page.url(), /member=monitored/);
  await page.selectOption("#member", "");

  await page.fill("#alias", "nobody-has-this-alias");
  await page.press("#alias", "Enter");
  await until("the empty state for the filters", () => page.isVisible("[data-testid=monitoring-empty]"));
  assert.equal((await page.textContent("[data-testid=monitoring-empty] h2")).trim(), "No traffic matches these filters");

  await page.selectOption("#range", "custom");
  await page.fill("#from", "2030-01-02T00:00");
  await page.fill("#to", "2030-01-01T00:00");
  await page.press("#to", "Enter");
  await until("the API's error next to the field", () => page.isVisible("#from-error"));
  assert.equal((await page.textContent("#from-error")).trim(), "must be before 'to'");
  assert.equal(await page.getAttribute("#from", "aria-invalid"), "true");
  await refreshed(page);
  await page.screenshot({ path: `${screenshots}/monitoring-field-error.png`, fullPage: true });

  await page.selectOption("#range", "7d");
  await page.click("button[type=reset]");
  await until("cleared filters", async () =>
    Number((await page.textContent("[data-testid=total-requests]")).replace(/\D/g, "")) >= sent.length);
  assert.equal(await page.evaluate(() => window.notReloaded), true, "the page was never reloaded");
});

test("a viewer watches the traffic", async (page) => {
  const created = await api("POST", "/api/users", { username: "mona", role: "viewer", password: "monitor-password-1" });
  assert.equal(created.status, 201);
  await signIn(page, "mona", "monitor-password-1");
  await page.click("nav >> text=Monitoring");
  await refreshed(page);
  assert.equal(new URL(page.url()).pathname, "/ui/monitoring");
  const proxyRow = (await rows(page, "proxy-totals")).find((cells) => cells[0] === "Monitored MCP");
  assert.equal(proxyRow[1], String(sent.length));
  await page.click("nav >> text=Gateways");
  assert.ok(await page.isVisible(`tr[data-gateway="${gatewayId}"]`));
  assert.equal(await page.locator("main form[method=post], main button.primary").count(), 0, "nothing to change");
  await page.screenshot({ path: `${screenshots}/gateways-viewer.png`, fullPage: true });
});

await run();
