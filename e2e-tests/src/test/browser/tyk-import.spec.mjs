// Browser tests of the Import from Tyk page: Debian's chromium driven by playwright-core against a running control
// plane. Run by DashboardBrowserIT, which passes BASE_URL, ADMIN_PASSWORD, ADMIN_TOKEN and SCREENSHOT_DIR. Tests run
// in order: a preview saves nothing, the import creates what the preview showed. Exits non-zero on failure.
import { adminPassword, api, baseUrl, run, screenshots, signIn, test } from "./harness.mjs";
import assert from "node:assert/strict";

const apiId = "c1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6";
const definition = {
  openapi: "3.0.3",
  info: { title: "Weather MCP", version: "2025-11-25" },
  components: { securitySchemes: { authToken: { type: "apiKey", in: "header", name: "Authorization" } } },
  "x-tyk-api-gateway": {
    info: { id: apiId, orgId: "5e9d9544a1dcd60001d0ed20", name: "Weather MCP", state: { active: true } },
    upstream: { url: "http://127.0.0.1:9/mcp" },
    server: { listenPath: { value: "/weather-tyk/", strip: true },
      authentication: { enabled: true, securitySchemes: { authToken: { enabled: true } } } },
    middleware: { mcpTools: { get_forecast: { rateLimit: { enabled: true, rate: 10, per: "1m" } } } },
  },
};
const policy = {
  id: "weather-readers", name: "Weather readers", org_id: "5e9d9544a1dcd60001d0ed20", rate: 100, per: 60,
  quota_max: -1, tags: ["weather"],
  access_rights: { [apiId]: { api_id: apiId, api_name: "Weather MCP", versions: ["Default"],
    mcp_access_rights: { tools: { allowed: ["get_.*"] } } } },
};

async function openImport(page) {
  await signIn(page, "admin", adminPassword);
  await page.click("nav >> text=Import");
  assert.equal(new URL(page.url()).pathname, "/ui/import/tyk");
}

test("a preview shows what each Tyk object becomes and what is left behind, and saves nothing", async (page) => {
  await openImport(page);
  await page.fill("#tyk-apis", JSON.stringify(definition, null, 2));
  await page.fill("#tyk-policies", JSON.stringify(policy, null, 2));
  await page.click("#tyk-preview");
  await page.waitForSelector("#tyk-report:not([hidden])");

  assert.match(await page.textContent("#tyk-report h2"), /Preview: nothing has been saved/);
  const proxy = page.locator('[data-import-item="apiDefinitions[0]"]');
  assert.match(await proxy.textContent(), new RegExp(`Proxy ${apiId}: would be created`));
  assert.match(await proxy.textContent(), /x-tyk-api-gateway\.info\.orgId: Portcullis has no organisations/);
  const imported = page.locator('[data-import-item="policies[0]"]');
  assert.match(await imported.textContent(), /Policy weather-readers: would be created/);
  assert.match(await imported.textContent(), /org_id/);
  assert.match(await imported.textContent(), /tags: policies carry no tags/);
  await page.screenshot({ path: `${screenshots}/tyk-import-preview.png`, fullPage: true });
  assert.equal((await api("GET", `/api/mcps/${apiId}`)).status, 404);
  assert.equal((await api("GET", "/api/policies/weather-readers")).status, 404);
});

test("importing creates the proxy and policy; importing again is refused with the reason", async (page) => {
  await openImport(page);
  await page.fill("#tyk-apis", JSON.stringify(definition));
  await page.fill("#tyk-policies", JSON.stringify(policy));
  await page.click("#tyk-import-now");
  await page.waitForSelector("#tyk-report:not([hidden])");

  assert.match(await page.textContent("#tyk-report h2"), /Imported/);
  assert.match(await page.textContent('[data-import-item="apiDefinitions[0]"]'), /: created/);
  const proxy = await api("GET", `/api/mcps/${apiId}`);
  assert.equal(proxy.status, 200);
  assert.equal(proxy.body.tools.get_forecast.rateLimit.per, 60);
  assert.deepEqual((await api("GET", "/api/policies/weather-readers")).body.accessRights[apiId]
    .mcpAccessRights.tools.allowed, ["get_.*"]);
  await page.screenshot({ path: `${screenshots}/tyk-import-done.png`, fullPage: true });

  await page.click("#tyk-import-now");
  await page.waitForSelector("#tyk-import [data-summary]:not([hidden])");
  assert.match(await page.textContent("#tyk-import [data-summary]"), /which already exists/);
});

await run("import");
