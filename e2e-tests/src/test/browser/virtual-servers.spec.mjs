// Browser tests of virtual servers in the dashboard: creating one from the registry over two proxies of the mock MCP
// server, editing its members (prefix, renames, order) in the designer with the API's errors on the member, the
// Primitives tab listing what the members present under their virtual names, and the Connect tab's agent URL.
// Run by DashboardBrowserIT with BASE_URL, ADMIN_PASSWORD, ADMIN_TOKEN, MOCK_URL and SCREENSHOT_DIR.
import { adminPassword, api, baseUrl, required, run, screenshots, signIn, test, until } from "./harness.mjs";
import assert from "node:assert/strict";

const mockUrl = required("MOCK_URL");
// Listed by id in the members picker, so in this order.
const members = ["vs-shop", "vs-users"];
let virtualId = null;

async function ensureMembers() {
  for (const id of members) {
    if ((await api("GET", `/api/mcps/${id}`)).status === 404) {
      const created = await api("POST", "/api/mcps", { id, name: `Mock as ${id}`, listenPath: `/${id}/`,
        upstream: { url: mockUrl } });
      assert.equal(created.status, 201, JSON.stringify(created.body));
    }
  }
}

async function openDesigner(page) {
  await signIn(page, "admin", adminPassword);
  await page.goto(`${baseUrl}/ui/mcps/${virtualId}`);
  await page.waitForSelector("[data-testid=member-row]");
}

test("creates a virtual server from the registry: a clear choice, a members picker with prefixes", async (page) => {
  await ensureMembers();
  await signIn(page, "admin", adminPassword);
  await page.goto(baseUrl + "/ui/mcps");
  assert.equal(await page.isVisible("[data-testid=members-picker]"), false, "the picker shows for a virtual server only");
  await page.check("#kind-virtual");
  assert.equal(await page.isVisible("#upstreamUrl"), false, "a virtual server has no upstream URL");
  assert.equal((await page.textContent("#add-mcp-submit")).trim(), "Add virtual server");
  await page.fill("#name", "All mock tools");
  await page.fill("#listenPath", "/all-mock/");
  for (const [index, id] of members.entries()) {
    const row = page.locator("[data-testid=members-picker] tr", { has: page.locator(`input[value='${id}']`) });
    await row.locator("input[name=member]").check();
    await row.locator("input[name=prefix]").fill(index === 0 ? "shop_" : "users_");
  }
  await page.screenshot({ path: `${screenshots}/virtual-server-create.png`, fullPage: true });
  await Promise.all([page.waitForLoadState("load"), page.click("#add-mcp-submit")]);

  virtualId = new URL(page.url()).pathname.split("/").pop();
  assert.match(await page.textContent("[data-testid=virtual-badge]"), /virtual server/);
  const stored = (await api("GET", `/api/mcps/${virtualId}`)).body;
  assert.deepEqual(stored.members.map((m) => [m.proxy, m.prefix]), [[members[0], "shop_"], [members[1], "users_"]]);
  assert.equal(stored.upstream, undefined);

  await page.goto(baseUrl + "/ui/mcps");
  const row = page.locator("table[data-testid=proxies] tr", { has: page.locator(`a[href='/ui/mcps/${virtualId}']`) });
  assert.equal(await row.locator("[data-testid=virtual-badge]").count(), 1, "listed with the proxies, marked virtual");
  assert.match(await row.textContent(), new RegExp(`members\\s+${members[0]}, ${members[1]}`));
  await page.screenshot({ path: `${screenshots}/virtual-server-registry.png`, fullPage: true });
});

test("the designer edits members: renames and order save, a bad prefix is marked on its member", async (page) => {
  assert.ok(virtualId, "the first test created the virtual server");
  await openDesigner(page);
  assert.equal(await page.locator("#s-url").count(), 0, "no upstream fields");
  assert.equal(await page.locator("#pin-mode").count(), 0, "pinning is per member");
  assert.equal(await page.locator("[data-testid=member-row]").count(), 2);
  await page.fill("#member-1-tools", "get_users = list_users");
  await page.click("[data-testid=member-row]:nth-child(2) [data-move-up]");
  assert.equal(await page.inputValue("#member-0-proxy"), members[1], "moved up");
  await page.click("#save-settings");
  await until("saved", () => page.isVisible("#saved"));
  let stored = (await api("GET", `/api/mcps/${virtualId}`)).body;
  assert.deepEqual(stored.members.map((m) => m.proxy), [members[1], members[0]]);
  assert.deepEqual(stored.members[0].rename.tools, { get_users: "list_users" }, "the rename moved with its member");

  await page.fill("#member-1-prefix", "bad prefix!");
  await page.click("#save-settings");
  await page.waitForSelector("[data-error-for='members[1].prefix']:not(:empty)");
  assert.match(await page.textContent("[data-error-for='members[1].prefix']"), /at most 64 of the characters/);
  assert.equal(await page.getAttribute("#member-1-prefix", "aria-invalid"), "true");
  await page.locator("#members-fieldset").screenshot({ path: `${screenshots}/virtual-server-members.png` });
  stored = (await api("GET", `/api/mcps/${virtualId}`)).body;
  assert.equal(stored.members[1].prefix, "shop_", "nothing was saved");
});

test("the Primitives tab lists what the members present under their virtual names", async (page) => {
  assert.ok(virtualId, "the first test created the virtual server");
  await openDesigner(page);
  await page.click("#tab-primitives");
  await page.waitForSelector("[data-testid=virtual-tools] tbody tr");
  const names = await page.locator("[data-testid=virtual-tools] tbody td:first-child").allTextContents();
  assert.ok(names.includes("list_users"), `renamed tool listed: ${names.slice(0, 5)}`);
  assert.ok(names.includes("shop_get_users"), "prefixed tool of the other member listed");
  assert.ok(!names.includes("users_get_users"), "a renamed tool is not listed under its prefixed name");
  assert.equal(names.length, 30);
  assert.match(await page.textContent("#virtual-status"), /30 tools, 8 prompts and 3 resources/);
  assert.match(await page.textContent("[data-testid=virtual-primitives-note]"), /no primitives of its own/);
  await page.screenshot({ path: `${screenshots}/virtual-server-primitives.png`, fullPage: true });
});

test("the Connect tab gives the agent URL of the virtual server's listen path", async (page) => {
  assert.ok(virtualId, "the first test created the virtual server");
  await openDesigner(page);
  await page.click("#tab-connect");
  const endpoint = await page.textContent("[data-testid=mcp-endpoint]");
  assert.match(endpoint, /\/all-mock\/mcp$/);
  assert.match(await page.textContent("#panel-connect"), /all-mock\/mcp/);
});

await run("virtual");
