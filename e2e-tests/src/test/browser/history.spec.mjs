// Browser tests of the History page: Debian's chromium driven by playwright-core against a running control plane.
// Run by DashboardBrowserIT, which passes BASE_URL, ADMIN_PASSWORD, ADMIN_TOKEN and SCREENSHOT_DIR. Tests run in
// order and build on each other (a proxy and its versions, then rollbacks to them). Exits non-zero on failure.
import { adminPassword, adminToken, api, baseUrl, run, screenshots, signIn, test } from "./harness.mjs";
import assert from "node:assert/strict";

/** The current configuration version (the ETag of the history list). */
async function currentVersion() {
  const response = await fetch(`${baseUrl}/api/config/versions?size=1`, {
    headers: { Authorization: `Bearer ${adminToken}` },
  });
  assert.equal(response.status, 200);
  return Number(response.headers.get("ETag").replaceAll('"', ""));
}

async function putProxy(id, url) {
  const current = await fetch(`${baseUrl}/api/mcps/${id}`, { headers: { Authorization: `Bearer ${adminToken}` } });
  const definition = await current.json();
  definition.upstream.url = url;
  const response = await fetch(`${baseUrl}/api/mcps/${id}`, {
    method: "PUT",
    headers: { Authorization: `Bearer ${adminToken}`, "Content-Type": "application/json",
      "If-Match": current.headers.get("ETag") },
    body: JSON.stringify(definition),
  });
  assert.equal(response.status, 200, await response.text());
}

let proxyId;
let target;

test("the History page lists each change and shows what a version changed", async (page) => {
  const created = await api("POST", "/api/mcps", { name: "History Mock", listenPath: "/history-mock/",
    upstream: { url: "http://127.0.0.1:9/mcp" } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  proxyId = created.body.id;
  target = await currentVersion();
  await putProxy(proxyId, "http://127.0.0.1:10/mcp");
  const updated = await currentVersion();

  await signIn(page, "admin", adminPassword);
  await page.click("nav >> text=History");
  assert.equal(new URL(page.url()).pathname, "/ui/history");
  const row = page.locator(`tr[data-version="${updated}"]`);
  assert.match(await row.textContent(), new RegExp(`update proxy ${proxyId}`));
  assert.match(await row.textContent(), /current/);
  assert.match(await page.textContent(`tr[data-version="${target}"]`), new RegExp(`create proxy ${proxyId}`));
  await page.screenshot({ path: `${screenshots}/history.png`, fullPage: true });

  await row.locator(`a >> text=${updated}`).click();
  assert.equal(new URL(page.url()).pathname, `/ui/history/${updated}`);
  const change = page.locator(`tr[data-change="proxy:${proxyId}"]`);
  assert.match(await change.textContent(), /changed/);
  assert.match(await change.textContent(), /upstream\.url/);
  assert.match(await change.textContent(), /"http:\/\/127\.0\.0\.1:9\/mcp"/);
  assert.match(await change.textContent(), /"http:\/\/127\.0\.0\.1:10\/mcp"/);
  assert.equal(await page.locator("#rollback").count(), 0, "the current version offers no rollback");
  await page.screenshot({ path: `${screenshots}/history-version.png`, fullPage: true });
});

test("rolling back asks first, and a change made meanwhile is reported instead of overwritten", async (page) => {
  await signIn(page, "admin", adminPassword);
  await page.goto(`${baseUrl}/ui/history/${target}`);
  await page.click("#rollback");
  await page.waitForSelector("dialog#rollback-dialog[open]");
  assert.match(await page.textContent("dialog#rollback-dialog"), new RegExp(`Roll back to version ${target}\\?`));
  assert.match(await page.textContent("dialog#rollback-dialog"), /Keys and secrets stay as they are/);
  await page.screenshot({ path: `${screenshots}/history-rollback-confirm.png`, fullPage: true });
  const before = await currentVersion();
  await page.click("dialog#rollback-dialog >> text=Cancel");
  assert.equal(await currentVersion(), before, "cancel rolls nothing back");

  await putProxy(proxyId, "http://127.0.0.1:11/mcp");
  await page.click("#rollback");
  await page.click("#confirm-rollback");
  await page.waitForSelector("dialog#rollback-dialog [data-summary]:not([hidden])");
  assert.match(await page.textContent("dialog#rollback-dialog [data-summary]"), /changed since this page was loaded/);
  assert.equal((await api("GET", `/api/mcps/${proxyId}`)).body.upstream.url, "http://127.0.0.1:11/mcp");
});

test("an admin rolls back to an earlier version and lands on the new one", async (page) => {
  await signIn(page, "admin", adminPassword);
  await page.goto(`${baseUrl}/ui/history/${target}`);
  await page.click("#rollback");
  await Promise.all([page.waitForURL(/rolledBack=/), page.click("#confirm-rollback")]);
  const now = await currentVersion();
  assert.equal(new URL(page.url()).pathname, `/ui/history/${now}`);
  assert.match(await page.textContent("[data-testid=rolled-back]"), new RegExp(`Rolled back to version ${target}`));
  assert.match(await page.textContent("[data-testid=version-summary]"), new RegExp(`rollback to version ${target}`));
  assert.equal((await api("GET", `/api/mcps/${proxyId}`)).body.upstream.url, "http://127.0.0.1:9/mcp");
  await page.screenshot({ path: `${screenshots}/history-rolled-back.png`, fullPage: true });
});

test("a viewer reads history but gets no rollback button", async (page) => {
  const created = await api("POST", "/api/users", { username: "history-viewer", role: "viewer",
    password: "viewer-password-3" });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  await signIn(page, "history-viewer", "viewer-password-3");
  await page.goto(`${baseUrl}/ui/history/${target}`);
  assert.match(await page.textContent("[data-testid=version-summary]"), new RegExp(`create proxy ${proxyId}`));
  assert.equal(await page.locator("#rollback, #rollback-dialog").count(), 0);
  const status = await page.evaluate(async (version) => (await window.portcullis.fetch(
    `/api/config/versions/${version}/rollback`, { method: "POST", headers: { "If-Match": "*" } })).status, target);
  assert.equal(status, 403);
});

await run("history");
