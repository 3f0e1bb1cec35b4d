// Browser tests of the dashboard's everyday ergonomics: where the root and sign-in lead, the overview, the navigation
// at 1024 and 800 px, feedback where the user looks, readable text instead of JSON, keyboard multi-pickers, the
// Connect panel, local times, Monitoring labels and the Users actions. Run by DashboardErgonomicsBrowserIT with BASE_URL,
// ADMIN_PASSWORD, ADMIN_TOKEN, SCREENSHOT_DIR, GATEWAY_URL, GATEWAY_ID and MOCK_URL. Tests run in order and build
// on each other (a proxy, a key, traffic). Exits non-zero when any test fails.
import { adminPassword, api, baseUrl, pick, required, run, screenshots, signIn, test, until } from "./harness.mjs";
import assert from "node:assert/strict";

const gatewayUrl = required("GATEWAY_URL");
const gatewayId = required("GATEWAY_ID");
const mockUrl = required("MOCK_URL");
const PROXY = "ux-demo";
const ENDPOINT = `${gatewayUrl}/ux-demo/mcp`;
const ISO = /\d{4}-\d\d-\d\dT\d\d:\d\d/;

async function rpc(key, message, session) {
  const headers = { "Content-Type": "application/json", Accept: "application/json, text/event-stream",
    Authorization: `Bearer ${key}` };
  if (session) {
    headers["Mcp-Session-Id"] = session;
  }
  const response = await fetch(ENDPOINT, { method: "POST", headers, body: JSON.stringify(message) });
  await response.text();
  return response;
}

test("the root leads to sign-in, signing in lands on the overview, and every page has a favicon", async (page) => {
  const created = await api("POST", "/api/mcps", { id: PROXY, name: "UX demo", listenPath: "/ux-demo/",
    upstream: { url: mockUrl }, authentication: { enabled: true, authToken: { enabled: true, header: "Authorization" } } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  await page.goto(baseUrl + "/");
  assert.equal(new URL(page.url()).pathname, "/ui/sign-in", "the root leads a signed-out browser to sign-in");
  assert.equal(await page.getAttribute("link[rel=icon]", "href"), "/ui/assets/favicon.svg");
  assert.equal((await page.request.get(baseUrl + "/ui/assets/favicon.svg")).status(), 200);
  assert.equal((await page.request.get(baseUrl + "/favicon.ico")).status(), 200, "/favicon.ico leads to the icon");
  await signIn(page, "admin", adminPassword);
  assert.equal(new URL(page.url()).pathname, "/ui/overview");
  await page.goto(baseUrl + "/");
  assert.equal(new URL(page.url()).pathname, "/ui/overview", "the root leads a signed-in admin to the overview");
  assert.equal(await page.getAttribute("link[rel=icon]", "href"), "/ui/assets/favicon.svg");
});

test("the overview shows proxies, gateways up to date, the last hour's traffic, failing primitives and changes", async (page) => {
  const key = (await api("POST", "/api/keys", { alias: "ux-agent", proxies: [PROXY] })).body.key;
  await until("the gateway to serve the key", async () =>
    (await rpc(key, { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25",
      capabilities: {}, clientInfo: { name: "ux", version: "1" } } })).status === 200);
  const init = await rpc(key, { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25",
    capabilities: {}, clientInfo: { name: "ux", version: "1" } } });
  const session = init.headers.get("mcp-session-id");
  for (let i = 0; i < 3; i++) {
    await rpc(key, { jsonrpc: "2.0", id: 10 + i, method: "tools/call", params: { name: "process_order", arguments: { bad: 1 } } }, session);
  }
  await rpc(key, { jsonrpc: "2.0", id: 20, method: "tools/call", params: { name: "get_users", arguments: {} } }, session);
  await until("the control plane to ingest the requests", async () =>
    (await api("GET", `/api/analytics/primitives?proxy=${PROXY}&sort=failing`)).body.items
      .some((item) => item.primitive === "process_order" && item.errors >= 3), 60000);

  await signIn(page, "admin", adminPassword);
  await page.waitForFunction(() => /^\d/.test(document.querySelector("[data-testid=overview-requests]").textContent));
  const proxies = (await api("GET", "/api/mcps")).body.length;
  assert.equal((await page.textContent("[data-testid=overview-proxies]")).trim(), String(proxies));
  assert.match(await page.textContent("[data-testid=overview-gateways]"), /^\d+ of \d+$/);
  assert.ok(Number((await page.textContent("[data-testid=overview-requests]")).replace(/\D/g, "")) >= 5);
  assert.ok(Number((await page.textContent("[data-testid=overview-errors]")).replace(/\D/g, "")) >= 3);
  const failing = await page.locator("[data-testid=overview-failing] tbody tr", { hasText: "process_order" })
    .filter({ hasText: "UX demo" }).textContent();
  assert.match(failing, /process_order\s*UX demo\s*\d+\s*[\d.]+%/, "a failing primitive is named with its proxy");
  const change = await page.textContent("[data-testid=overview-changes] tbody tr:first-child");
  assert.doesNotMatch(change, ISO, "times are local and human, not ISO");
  assert.match(change, /admin/);
  await page.screenshot({ path: `${screenshots}/overview.png`, fullPage: true });
});

test("the navigation fits at 1024 px on one row and at 800 px with every entry and Sign out in view", async (page) => {
  await signIn(page, "admin", adminPassword);
  for (const width of [1440, 1280, 1024]) {
    await page.setViewportSize({ width, height: 700 });
    const bar = await page.locator("header.topbar").boundingBox();
    assert.ok(bar.height <= 56, `one row at ${width} px: ${bar.height}`);
    const items = await page.$$eval("header.topbar nav a", (links) => links.map((a) => a.getBoundingClientRect().height));
    assert.ok(items.every((h) => h < 40), `no entry wraps at ${width} px: ${items}`);
    const lastEntry = await page.$$eval("header.topbar nav a", (links) => Math.max(...links.map((a) => a.getBoundingClientRect().right)));
    const account = await page.locator("header.topbar .account").boundingBox();
    assert.ok(lastEntry <= account.x, `the entries end (${lastEntry}) before the account starts (${account.x}) at ${width} px`);
  }
  await page.setViewportSize({ width: 800, height: 600 });
  const signOut = await page.locator("text=Sign out").boundingBox();
  assert.ok(signOut.x + signOut.width <= 800, `Sign out is in view at 800 px (right edge ${signOut.x + signOut.width})`);
  const hidden = await page.$$eval("header.topbar nav a", (links) => links
    .filter((a) => a.getBoundingClientRect().right > window.innerWidth).map((a) => a.textContent.trim()));
  assert.deepEqual(hidden, [], "every navigation entry is in view at 800 px");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= 800, `the page does not scroll sideways at 800 px (${overflow})`);
  await page.screenshot({ path: `${screenshots}/navigation-800.png` });
});

test("the registry and the designer copy the agent endpoint, ending in /mcp", async (page) => {
  await signIn(page, "admin", adminPassword);
  await page.goto(baseUrl + "/ui/mcps");
  const row = page.locator("table[data-testid=proxies] tr", { hasText: "UX demo" });
  assert.equal(await row.locator("[data-copy]").getAttribute("data-copy"), ENDPOINT);
  await page.goto(`${baseUrl}/ui/mcps/${PROXY}`);
  assert.equal((await page.textContent("[data-testid=mcp-endpoint]")).trim(), ENDPOINT);
});

test("a failed designer save moves focus to an error summary and says so; a rename updates the heading", async (page) => {
  await signIn(page, "admin", adminPassword);
  await page.goto(`${baseUrl}/ui/mcps/${PROXY}`);
  await page.waitForFunction(() => document.getElementById("s-name").value === "UX demo");
  await page.fill("#s-timeout", "0");
  await page.click("#save-settings");
  await page.waitForSelector("#settings [data-summary]:not([hidden])");
  assert.equal(await page.evaluate(() => document.activeElement.matches("#settings [data-summary]")), true,
    "the focus moves to the summary of what to fix");
  assert.match(await page.textContent("#settings [data-summary]"), /Not saved: one field needs attention/);
  assert.match(await page.textContent("[data-testid=toast]"), /Not saved/);
  await page.waitForFunction(() => /Not saved/.test(document.getElementById("announcer").textContent),
    null, { timeout: 2000 }); // the polite live region screen readers hear
  const box = await page.locator("#settings [data-summary]").boundingBox();
  assert.ok(box.y >= 0 && box.y < 800, "the summary is in view");
  await page.click("#settings [data-summary] a");
  assert.equal(await page.evaluate(() => document.activeElement.id), "s-timeout", "the summary links to the field");

  await page.fill("#s-timeout", "30000");
  await page.fill("#s-name", "UX demo renamed");
  await page.click("#save-settings");
  await page.waitForFunction(() => document.querySelector("[data-testid=proxy-name]").textContent === "UX demo renamed");
  assert.match(await page.title(), /^UX demo renamed/);
  await page.waitForSelector("[data-testid=toast] >> text=Saved");
  await page.screenshot({ path: `${screenshots}/designer-saved-toast.png` });
});

test("authentication methods are disabled while authentication is off", async (page) => {
  await signIn(page, "admin", adminPassword);
  await page.goto(`${baseUrl}/ui/mcps/${PROXY}`);
  await page.waitForFunction(() => document.getElementById("s-name").value !== "");
  assert.equal(await page.isDisabled("#s-authToken"), false);
  await page.uncheck("#s-auth");
  for (const id of ["#s-authToken", "#s-authHeader", "#s-jwt", "#s-intro", "#s-prm"]) {
    assert.equal(await page.isDisabled(id), true, `${id} is disabled with authentication off`);
  }
  assert.ok(await page.isVisible("#auth-off-note"));
  await page.check("#s-auth");
  assert.equal(await page.isDisabled("#s-authToken"), false);
});

test("a stale designer save says so in words, without ETags", async (page) => {
  await signIn(page, "admin", adminPassword);
  await page.goto(`${baseUrl}/ui/mcps/${PROXY}`);
  await page.waitForFunction(() => document.getElementById("s-name").value !== "");
  const current = await fetch(`${baseUrl}/api/mcps/${PROXY}`, { headers: { Authorization: `Bearer ${required("ADMIN_TOKEN")}` } });
  const definition = await current.json();
  definition.upstream.timeoutMs = 29000;
  const put = await fetch(`${baseUrl}/api/mcps/${PROXY}`, { method: "PUT", body: JSON.stringify(definition),
    headers: { Authorization: `Bearer ${required("ADMIN_TOKEN")}`, "Content-Type": "application/json",
      "If-Match": current.headers.get("ETag") } });
  assert.equal(put.status, 200);
  await page.click("#save-settings");
  await page.waitForSelector("#stale:not([hidden])");
  const text = await page.evaluate(() => document.getElementById("main").innerText);
  assert.doesNotMatch(text, /ETag|If-Match|"\d+"/, "no ETag text on the page");
  assert.equal(await page.evaluate(() => document.activeElement.id), "reload");
});

test("middleware reads as text, primitives added with defaults list no default fields in History", async (page) => {
  const read = await fetch(`${baseUrl}/api/mcps/${PROXY}`, { headers: { Authorization: `Bearer ${required("ADMIN_TOKEN")}` } });
  const definition = await read.json();
  definition.tools = { get_users: { rateLimit: { rate: 2, per: 60 }, timeoutMs: 5000 } };
  const saved = await fetch(`${baseUrl}/api/mcps/${PROXY}`, { method: "PUT", body: JSON.stringify(definition),
    headers: { Authorization: `Bearer ${required("ADMIN_TOKEN")}`, "Content-Type": "application/json",
      "If-Match": read.headers.get("ETag") } });
  assert.equal(saved.status, 200);
  await signIn(page, "admin", adminPassword);
  await page.goto(`${baseUrl}/ui/mcps/${PROXY}`);
  await page.click("#tab-primitives");
  const summary = await page.textContent("table[data-testid=primitives] tr:has-text('get_users')");
  assert.match(summary, /rate limit 2 requests per minute; timeout 5 seconds/);
  assert.doesNotMatch(summary, /[{}"]/, "no JSON in the summary");
  await page.click("text=get_users");
  assert.match(await page.textContent("[data-testid=middleware]"), /Rate limit: rate limit 2 requests per minute/);

  await page.goto(baseUrl + "/ui/history");
  const latest = page.locator("table[data-testid=history] tbody tr").first();
  assert.doesNotMatch(await latest.textContent(), ISO, "History shows local human times");
  assert.doesNotMatch(await latest.textContent(), /\.\d{3,}/, "no microseconds");
  await latest.locator("a").first().click();
  const fields = await page.$$eval(`tr[data-change="proxy:${PROXY}"] .field-diff tbody tr td:first-child`,
    (cells) => cells.map((cell) => cell.textContent.trim()));
  assert.deepEqual(fields.sort(), ["tools.get_users.rateLimit.per", "tools.get_users.rateLimit.rate",
    "tools.get_users.timeoutMs"], "only the fields that hold a value are listed");
  await page.screenshot({ path: `${screenshots}/history-added-primitive.png`, fullPage: true });
});

test("the audit log shows each change as a field diff, not raw JSON", async (page) => {
  await signIn(page, "admin", adminPassword);
  await page.goto(`${baseUrl}/ui/audit?entityType=proxy&entityId=${PROXY}`);
  const first = page.locator("table[data-testid=audit] tbody tr").first();
  const change = first.locator("[data-testid=audit-change]");
  assert.match(await change.locator(".field-diff").innerText(), /tools\.get_users\.timeoutMs\s+absent\s+5000/);
  assert.equal(await change.locator("details pre").first().isVisible(), false, "the JSON is folded away");
  assert.doesNotMatch(await first.locator("time").textContent(), ISO);
  await page.screenshot({ path: `${screenshots}/audit-diff.png`, fullPage: true });
});

test("the Connect tab gives the endpoint and ready-to-paste configurations", async (page) => {
  await signIn(page, "admin", adminPassword);
  await page.goto(`${baseUrl}/ui/mcps/${PROXY}`);
  await page.click("#tab-connect");
  assert.equal((await page.textContent("[data-testid=connect-endpoint]")).trim(), ENDPOINT);
  const snippet = async (id) => page.textContent(`[data-snippet=${id}] pre`);
  assert.match(await snippet("claude"), new RegExp(`^claude mcp add --transport http ux-demo '${ENDPOINT}' --header 'Authorization: Bearer <your-key>'$`));
  assert.match(await snippet("inspector"), /npx @modelcontextprotocol\/inspector --cli .* --transport http --header 'Authorization: Bearer <your-key>'/);
  const vscode = JSON.parse(await snippet("vscode"));
  assert.deepEqual(vscode.servers["ux-demo"], { type: "http", url: ENDPOINT, headers: { Authorization: "Bearer <your-key>" } });
  assert.equal(JSON.parse(await snippet("json")).mcpServers["ux-demo"].url, ENDPOINT);
  assert.match(await snippet("curl"), /curl -sS .*\/ux-demo\/mcp/);
  await page.setViewportSize({ width: 1024, height: 800 });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 1024, "long lines scroll inside their box");
  await page.screenshot({ path: `${screenshots}/designer-connect.png`, fullPage: true });
});

test("keys: keyboard multi-picker, Escape asks before losing the key, Connect filled with the key", async (page) => {
  await signIn(page, "admin", adminPassword);
  await page.goto(baseUrl + "/ui/keys");
  await page.fill("#key-alias", "picker-agent");
  await page.focus("#key-proxies-search");
  await page.keyboard.type("ux-d");
  assert.equal(await page.locator(".picker-list:visible li").count(), 1, "typing narrows the list");
  await page.keyboard.press("Enter");
  assert.deepEqual(await page.$$eval("#key-proxies option:checked", (o) => o.map((x) => x.value)), [PROXY]);
  assert.match(await page.textContent("[data-picker-for=key-proxies] .chip"), /UX demo renamed/);
  await page.fill("#key-proxies-search", "");
  await page.keyboard.press("Backspace");
  assert.equal(await page.$$eval("#key-proxies option:checked", (o) => o.length), 0, "Backspace removes the last pick");
  await pick(page, "key-proxies", PROXY);
  const [created] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"),
    page.click("#key-form button[type=submit]")]);
  assert.equal(created.status(), 201);
  await page.waitForSelector("dialog#key-created[open]");
  const key = await page.inputValue("[data-testid=created-key]");
  await page.waitForSelector("[data-testid=key-connect]:not([hidden]) [data-snippet=claude]");
  assert.match(await page.textContent("[data-testid=key-connect] [data-snippet=claude] pre"),
    new RegExp(`--header 'Authorization: Bearer ${key}'`), "the Connect panel is filled with the new key");
  await page.screenshot({ path: `${screenshots}/key-created-connect.png`, fullPage: true });

  page.once("dialog", (question) => question.dismiss());
  await page.focus("[data-testid=created-key]");
  await page.keyboard.press("Escape");
  assert.equal(await page.evaluate(() => document.getElementById("key-created").open), true, "dismissing keeps it open");
  assert.equal(await page.inputValue("[data-testid=created-key]"), key);
  page.once("dialog", (question) => question.accept());
  await page.keyboard.press("Escape");
  // The key leaves the page in the dialog's close event, which the browser fires in a task after the dialog closed:
  // wait for both (a timeout here means the key stayed).
  await page.waitForFunction(() => !document.getElementById("key-created").open
    && document.querySelector("[data-testid=created-key]").value === "");
  assert.equal(await page.inputValue("[data-testid=created-key]"), "");
  const row = page.locator("table[data-testid=keys] tr", { hasText: "picker-agent" });
  assert.doesNotMatch(await row.textContent(), /UTC|T\d\d:\d\d/, "key times are local and human");
});

test("monitoring labels every bar, names the proxy of each primitive and filters by a key's alias", async (page) => {
  await signIn(page, "admin", adminPassword);
  await page.goto(baseUrl + "/ui/monitoring?range=1h");
  await page.waitForFunction(() => document.getElementById("monitoring-status").textContent.startsWith("Updated"));
  const labels = await page.evaluate(() => {
    const chart = window.Chart.getChart(document.getElementById("chart-used"));
    return { categories: chart.data.labels, ticks: chart.scales.y.ticks.length };
  });
  assert.ok(labels.categories.length >= 2);
  assert.equal(labels.ticks, labels.categories.length, "every bar has its label");
  assert.ok(labels.categories.some((label) => label === "process_order (UX demo renamed)"), JSON.stringify(labels.categories));
  await page.click("[data-testid=recent-requests] [data-filter-alias=ux-agent] >> nth=0");
  await page.waitForFunction(() => new URL(location.href).searchParams.get("alias") === "ux-agent");
  await page.waitForFunction(() => document.getElementById("monitoring-status").textContent.startsWith("Updated"));
  const aliases = await page.$$eval("[data-testid=recent-requests] tbody tr td:nth-child(5)", (cells) =>
    [...new Set(cells.map((cell) => cell.textContent.trim()))]);
  assert.deepEqual(aliases, ["ux-agent"]);
  await page.screenshot({ path: `${screenshots}/monitoring-by-alias.png`, fullPage: true });
});

test("users are disabled and enabled, get a new password and are deleted from the Users page", async (page) => {
  assert.equal((await api("POST", "/api/users", { username: "ursula", role: "editor", password: "editor-password-1" })).status, 201);
  await signIn(page, "admin", adminPassword);
  await page.goto(baseUrl + "/ui/users");
  const row = () => page.locator("tr[data-user=ursula]");
  await Promise.all([page.waitForLoadState("load"), row().locator("text=Disable").click()]);
  assert.match(await page.textContent("[data-testid=users-done]"), /ursula disabled/);
  assert.match(await row().textContent(), /disabled/);
  assert.equal((await api("GET", "/api/users")).body.find((u) => u.username === "ursula").enabled, false);
  await Promise.all([page.waitForLoadState("load"), row().locator("text=Enable").click()]);
  assert.match(await page.textContent("[data-testid=users-done]"), /ursula enabled/);

  await row().locator("summary").click();
  await row().locator("input[type=password]").fill("a-brand-new-password");
  await Promise.all([page.waitForLoadState("load"), row().locator("button[type=submit]", { hasText: "Set password" }).click()]);
  assert.match(await page.textContent("[data-testid=users-done]"), /Password of ursula reset/);
  const other = await page.context().browser().newContext();
  const second = await other.newPage();
  await signIn(second, "ursula", "a-brand-new-password");
  assert.equal(new URL(second.url()).pathname, "/ui/overview", "the new password works");
  await other.close();

  page.once("dialog", (question) => question.dismiss());
  await row().locator("text=Delete").click();
  assert.equal(await row().count(), 1, "dismissing the question deletes nothing");
  page.once("dialog", (question) => question.accept());
  await Promise.all([page.waitForLoadState("load"), row().locator("text=Delete").click()]);
  assert.match(await page.textContent("[data-testid=users-done]"), /ursula deleted/);
  assert.equal(await row().count(), 0);
  await page.screenshot({ path: `${screenshots}/users-actions.png`, fullPage: true });
});

await run("ux");
