// Dashboard browser tests: Debian's chromium driven by playwright-core against a running control plane.
// Run by DashboardBrowserIT (e2e-tests), which starts the packaged control plane on a fresh PostgreSQL database and
// passes BASE_URL, ADMIN_PASSWORD, ADMIN_TOKEN and SCREENSHOT_DIR. Exits non-zero when any test fails.
import { adminPassword, adminToken, api, baseUrl, required, run, screenshots, signIn, test } from "./harness.mjs";
import assert from "node:assert/strict";

test("signs in and shows the registry with the signed-in user", async (page) => {
  await signIn(page, "admin", adminPassword);
  assert.equal(new URL(page.url()).pathname, "/ui/overview", "signing in lands on the overview");
  await page.click("nav >> text=MCP registry");
  assert.equal(new URL(page.url()).pathname, "/ui/mcps");
  assert.match(await page.textContent("[data-testid=signed-in-user]"), /admin\s+admin/);
  assert.ok(await page.isVisible("nav >> text=Users"));
  await page.screenshot({ path: `${screenshots}/signed-in-registry.png`, fullPage: true });
});

test("refuses a wrong password without saying which part was wrong", async (page) => {
  await signIn(page, "admin", "not-the-password");
  assert.equal(new URL(page.url()).pathname, "/ui/sign-in");
  assert.equal((await page.textContent("[data-testid=sign-in-error]")).trim(), "Wrong username or password.");
  await signIn(page, "nobody-like-this", "not-the-password");
  assert.equal((await page.textContent("[data-testid=sign-in-error]")).trim(), "Wrong username or password.");
  await page.screenshot({ path: `${screenshots}/wrong-password.png`, fullPage: true });
});

test("creates a proxy from the registry page", async (page) => {
  await signIn(page, "admin", adminPassword);
  await page.goto(baseUrl + "/ui/mcps");
  await page.fill("#name", "Weather tools");
  await page.fill("#listenPath", "/weather/");
  await page.fill("#upstreamUrl", "http://127.0.0.1:9/mcp");
  await Promise.all([page.waitForLoadState("load"), page.click("form[action='/ui/mcps'] button[type=submit]")]);
  assert.equal(new URL(page.url()).pathname, "/ui/mcps");
  const names = await page.locator("table[data-testid=proxies] .name").allTextContents();
  assert.ok(names.includes("Weather tools"), `the new proxy is listed; saw ${JSON.stringify(names)}`);
  const stored = (await api("GET", "/api/mcps")).body.find((proxy) => proxy.listenPath === "/weather/");
  assert.ok(stored, "the API has the proxy");
  assert.equal(stored.name, "Weather tools");
  await page.fill("#name", "Bad path");
  await page.fill("#listenPath", "no-slash");
  await page.fill("#upstreamUrl", "http://127.0.0.1:9/mcp");
  const invalid = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"),
    page.click("form[action='/ui/mcps'] button[type=submit]")]);
  assert.equal(invalid[0].status(), 400);
  await page.waitForSelector("[role=alert]");
  assert.ok(await page.isVisible("[role=alert]"), "the form shows what to fix");
  await page.screenshot({ path: `${screenshots}/create-proxy.png`, fullPage: true });
});

test("a viewer sees no way to change anything, and the API refuses with 403", async (page) => {
  const created = await api("POST", "/api/users", { username: "vera", role: "viewer", password: "viewer-password-1" });
  assert.equal(created.status, 201);
  await signIn(page, "vera", "viewer-password-1");
  assert.equal(new URL(page.url()).pathname, "/ui/overview");
  await page.goto(baseUrl + "/ui/mcps");
  assert.equal(await page.locator("form[action='/ui/mcps']").count(), 0, "no add-proxy form for viewers");
  assert.equal(await page.locator("nav >> text=Users").count(), 0, "no Users entry for viewers");
  const usersPage = await page.goto(baseUrl + "/ui/users");
  assert.equal(usersPage.status(), 403);
  assert.match(usersPage.headers()["content-type"], /text\/html/);
  assert.ok(await page.isVisible("[data-testid=forbidden]"), "a forbidden page in the layout");
  await page.screenshot({ path: `${screenshots}/viewer-forbidden.png`, fullPage: true });
  await page.goto(baseUrl + "/ui/mcps");
  const formStatus = await page.evaluate(async () => {
    const csrf = document.querySelector("meta[name=csrf-token]").content;
    const form = new URLSearchParams({ _csrf: csrf, name: "viewer-form", listenPath: "/viewer-form/",
      upstreamUrl: "http://127.0.0.1:9/" });
    return (await fetch("/ui/mcps", { method: "POST", body: form, credentials: "same-origin" })).status;
  });
  assert.equal(formStatus, 403, "the registry form refuses a viewer even with the CSRF token");
  const refused = await page.evaluate(async () => {
    const response = await window.portcullis.fetch("/api/mcps", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name: "viewer-made", listenPath: "/viewer-made/", upstream: { url: "http://127.0.0.1:9/" } }),
    });
    return { status: response.status, type: response.headers.get("content-type") };
  });
  assert.equal(refused.status, 403);
  assert.equal(refused.type, "application/problem+json");
  const proxies = (await api("GET", "/api/mcps")).body.map((proxy) => proxy.listenPath);
  assert.ok(!proxies.includes("/viewer-made/") && !proxies.includes("/viewer-form/"), "nothing was created");
  await page.screenshot({ path: `${screenshots}/viewer-registry.png`, fullPage: true });
});

test("a form post without the CSRF token is refused", async (page) => {
  await signIn(page, "admin", adminPassword);
  await page.goto(baseUrl + "/ui/mcps");
  const before = (await api("GET", "/api/mcps")).body.length;
  const status = await page.evaluate(async () => {
    const form = new URLSearchParams({ name: "No token", listenPath: "/no-token/", upstreamUrl: "http://127.0.0.1:9/" });
    const response = await fetch("/ui/mcps", { method: "POST", body: form, credentials: "same-origin" });
    return response.status;
  });
  assert.equal(status, 403);
  assert.equal((await api("GET", "/api/mcps")).body.length, before);
  await page.fill("#name", "With token");
  await page.fill("#listenPath", "/with-token/");
  await page.fill("#upstreamUrl", "http://127.0.0.1:9/mcp");
  const [accepted] = await Promise.all([page.waitForNavigation(), page.click("form[action='/ui/mcps'] button[type=submit]")]);
  assert.ok(accepted.ok(), `the same form with its token is accepted (status ${accepted.status()})`);
  await page.waitForSelector("text=With token");
  await page.screenshot({ path: `${screenshots}/csrf.png`, fullPage: true });
});

test("a proxy named <script> is shown as text", async (page) => {
  const name = "<script>alert(1)</script>";
  const created = await api("POST", "/api/mcps", { name, listenPath: "/xss/", upstream: { url: "http://127.0.0.1:9/" } });
  assert.equal(created.status, 201);
  let dialogs = 0;
  page.on("dialog", async (dialog) => { dialogs++; await dialog.dismiss(); });
  await signIn(page, "admin", adminPassword);
  await page.goto(baseUrl + "/ui/mcps");
  const names = await page.locator("table[data-testid=proxies] .name").allTextContents();
  assert.ok(names.includes(name), `the name is shown literally; saw ${JSON.stringify(names)}`);
  assert.equal(dialogs, 0);
  await page.goto(baseUrl + "/ui/audit");
  assert.equal(dialogs, 0);
  await page.screenshot({ path: `${screenshots}/audit-log.png`, fullPage: true });
});

test("sign-out ends the session", async (page) => {
  await signIn(page, "admin", adminPassword);
  await page.goto(baseUrl + "/ui/users");
  await page.screenshot({ path: `${screenshots}/users.png`, fullPage: true });
  const cookie = (await page.context().cookies()).find((c) => c.name === "portcullis_session");
  assert.ok(cookie, "session cookie set");
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, "Strict");
  await Promise.all([page.waitForLoadState("load"), page.click("text=Sign out")]);
  assert.equal(new URL(page.url()).pathname, "/ui/sign-in");
  const reused = await fetch(baseUrl + "/api/mcps", { headers: { Cookie: `portcullis_session=${cookie.value}` } });
  assert.equal(reused.status, 401, "the old session cookie no longer works");
  await page.goto(baseUrl + "/ui/mcps");
  assert.equal(new URL(page.url()).pathname, "/ui/sign-in");
  await page.screenshot({ path: `${screenshots}/signed-out.png`, fullPage: true });
});

await run();
