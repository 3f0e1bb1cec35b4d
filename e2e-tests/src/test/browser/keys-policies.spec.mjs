// Browser tests of the Keys and Policies pages: Debian's chromium driven by playwright-core against a running control
// plane. Run by DashboardBrowserIT (every *.spec.mjs), which passes BASE_URL, ADMIN_PASSWORD, ADMIN_TOKEN and
// SCREENSHOT_DIR. Tests run in order and build on each other (the policy, then keys with it). Exits non-zero on failure.
import { adminPassword, adminToken, api, baseUrl, required, run, screenshots, signIn, test, pick } from "./harness.mjs";
import assert from "node:assert/strict";

async function openPolicy(page, id) {
  await page.goto(`${baseUrl}/ui/policies/${id}`);
  await page.waitForSelector("#policy-form[data-loaded]");
}

let proxyId;
let policyId;

test("policies page says what to do when empty, then creates a policy with a tool allowlist", async (page) => {
  const proxy = await api("POST", "/api/mcps", { name: "KP Mock", listenPath: "/kp-mock/",
    upstream: { url: "http://127.0.0.1:9/mcp" } });
  assert.equal(proxy.status, 201, JSON.stringify(proxy.body));
  proxyId = proxy.body.id;
  await signIn(page, "admin", adminPassword);
  await page.click("nav >> text=Policies");
  assert.equal(new URL(page.url()).pathname, "/ui/policies");
  if ((await api("GET", "/api/policies")).body.length === 0) {
    assert.match(await page.textContent("[data-testid=empty-policies]"), /No policies yet/);
    await page.screenshot({ path: `${screenshots}/policies-empty.png`, fullPage: true });
  }
  await page.click("text=Create a policy");
  await page.waitForSelector("#policy-form[data-loaded]");
  assert.equal(new URL(page.url()).pathname, "/ui/policies/new");
  await page.fill("#policy-name", "Read-only agents");
  await page.fill("#policy-rate", "100");
  await page.fill("#policy-per", "60");
  await page.selectOption("#add-proxy", proxyId);
  await page.click("#add-proxy-button");
  const section = page.locator(`.proxy-rights[data-proxy=${proxyId}]`);
  const tools = section.locator('[data-acl="mcpAccessRights.tools"]');
  await tools.locator("[data-list=allowed] >> text=+ Add allowed pattern").click();
  await tools.locator("[data-list=allowed] input.pattern").fill("get_.*");
  await tools.locator("[data-list=blocked] >> text=+ Add blocked pattern").click();
  await tools.locator("[data-list=blocked] input.pattern").fill("get_secret.*");
  await section.locator("text=+ Add primitive limit").click();
  await section.locator(".primitive-row .p-name").fill("get_users");
  await section.locator(".primitive-row .p-qmax").fill("1000");
  await section.locator(".primitive-row .p-qren").fill("86400");

  const tester = section.locator("[data-testid=regex-tester]");
  const verdict = async (name) => {
    await tester.locator(".t-name").fill(name);
    return tester.locator(".t-result").getAttribute("data-verdict");
  };
  assert.equal(await verdict("get_users"), "allowed");
  assert.match(await tester.locator(".verdict").textContent(), /allowed by get_\.\*/);
  assert.equal(await verdict("get_users_extra"), "allowed", "get_.* matches the whole longer name");
  assert.equal(await verdict("delete_user"), "denied", "outside the allowlist");
  assert.match(await tester.locator(".verdict").textContent(), /allowlist/);
  assert.equal(await verdict("xget_users"), "denied", "patterns match the whole name, not a part");
  assert.equal(await verdict("get_secret_key"), "denied", "blocked wins over allowed");
  assert.match(await tester.locator(".verdict").textContent(), /blocked by get_secret\.\*/);
  await tester.locator(".t-kind").selectOption("methods");
  assert.equal(await verdict("tools/call"), "allowed", "no method lists: everything passes");
  await tester.locator(".t-kind").selectOption("tools");
  await verdict("get_users");
  await page.screenshot({ path: `${screenshots}/policy-editor-tester.png`, fullPage: true });

  await page.focus("#save-policy");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => location.search.includes("created")
    && document.querySelector("#policy-form[data-loaded]") !== null);
  policyId = new URL(page.url()).pathname.split("/").pop();
  assert.equal(await page.textContent("[data-status]"), "Policy created.");
  const stored = (await api("GET", `/api/policies/${policyId}`)).body;
  assert.equal(stored.name, "Read-only agents");
  assert.equal(stored.rate, 100);
  assert.deepEqual(stored.accessRights[proxyId].mcpAccessRights.tools.allowed, ["get_.*"]);
  assert.deepEqual(stored.accessRights[proxyId].mcpAccessRights.tools.blocked, ["get_secret.*"]);
  assert.deepEqual(stored.accessRights[proxyId].mcpPrimitives[0].quota, { max: 1000, renewalSeconds: 86400 });
  assert.equal(await page.inputValue(`.proxy-rights[data-proxy=${proxyId}] [data-acl="mcpAccessRights.tools"] [data-list=allowed] input.pattern`), "get_.*");
  await page.goto(baseUrl + "/ui/policies");
  assert.ok(await page.isVisible("table[data-testid=policies] >> text=Read-only agents"));
  await page.screenshot({ path: `${screenshots}/policies.png`, fullPage: true });
});

test("a catastrophic pattern is refused on save with the error next to the pattern", async (page) => {
  await signIn(page, "admin", adminPassword);
  await openPolicy(page, policyId);
  const resources = page.locator(`.proxy-rights[data-proxy=${proxyId}] [data-acl="mcpAccessRights.resources"]`);
  await resources.locator("[data-list=blocked] >> text=+ Add blocked pattern").click();
  await resources.locator("[data-list=blocked] input.pattern").fill("(a+)+b");
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === "PUT"),
    page.click("#save-policy")]);
  assert.equal(response.status(), 400);
  const bad = resources.locator("[data-list=blocked] input.pattern");
  // The page marks the field once it has read the problem document, a moment after the response arrives.
  await bad.and(page.locator("[aria-invalid=true]")).waitFor();
  assert.equal(await bad.getAttribute("aria-invalid"), "true");
  const message = await bad.evaluate((input) => input.nextElementSibling.className + "|" + input.nextElementSibling.textContent);
  assert.match(message, /^field-error\|.+/, `the server's message sits right after the pattern; saw ${message}`);
  assert.ok(await page.isVisible("#policy-form [data-summary]"), "a summary says a field needs attention");
  await page.screenshot({ path: `${screenshots}/policy-field-error.png`, fullPage: true });
  const stored = (await api("GET", `/api/policies/${policyId}`)).body;
  assert.deepEqual(stored.accessRights[proxyId].mcpAccessRights.resources.blocked ?? [], [], "nothing was saved");
});

test("a key is created with the policy and shown once, with a working copy button", async (page) => {
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl });
  await signIn(page, "admin", adminPassword);
  await page.click("nav >> text=Keys");
  assert.equal(new URL(page.url()).pathname, "/ui/keys");
  if ((await api("GET", "/api/keys")).body.length === 0) {
    assert.match(await page.textContent("[data-testid=empty-keys]"), /No keys yet - create one to let an agent call a proxy/);
    await page.screenshot({ path: `${screenshots}/keys-empty.png`, fullPage: true });
  }
  await page.click("#key-form button[type=submit]");
  await page.waitForSelector("#key-form [data-error-for=alias]:not(:empty)");
  assert.match(await page.textContent("#key-form [data-error-for=alias]"), /required|blank/);
  assert.match(await page.textContent("#key-form [data-error-for=proxies]"), /at least one proxy or policy/);

  await page.fill("#key-alias", "reporting-agent");
  await pick(page, "key-policies", policyId);
  await page.fill("#key-expires", "2099-12-31T23:30");
  const [created] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"),
    page.click("#key-form button[type=submit]")]);
  assert.equal(created.status(), 201);
  await page.waitForSelector("dialog#key-created[open]");
  const key = await page.inputValue("[data-testid=created-key]");
  assert.match(key, /^pcs_/);
  assert.match(await page.textContent("dialog#key-created"), /once you close this dialog nobody can show it again/);
  assert.equal(await page.getAttribute("#copy-created-key", "data-copy"), key);
  await page.click("#copy-created-key");
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), key, "the copy button put the key on the clipboard");
  await page.screenshot({ path: `${screenshots}/key-created-once.png`, fullPage: true });
  await page.click("dialog#key-created >> text=I have copied it");
  // keys.js clears the field in the dialog's close event, which fires after the click returns.
  await page.waitForFunction(() => !document.querySelector("dialog#key-created").open
    && document.querySelector("[data-testid=created-key]").value === "", null, { timeout: 5000 });
  assert.equal(await page.inputValue("[data-testid=created-key]"), "", "closing the dialog drops the key from the page");
  await page.waitForSelector("table[data-testid=keys] >> text=reporting-agent");

  await page.reload();
  assert.ok(!(await page.content()).includes(key), "after a reload the key is nowhere on the page");
  const listed = (await api("GET", "/api/keys")).body.find((k) => k.alias === "reporting-agent");
  assert.ok(listed && listed.key === undefined, "the API lists the key without its token");
  assert.deepEqual(listed.policies, [policyId]);
  assert.equal(listed.expiresAt, new Date("2099-12-31T23:30").toISOString().replace(".000Z", "Z"));
  const row = page.locator(`tr[data-key-id="${listed.id}"]`);
  assert.match(await row.textContent(), new RegExp(policyId));
  assert.match(await row.textContent(), /active/);
  await page.screenshot({ path: `${screenshots}/keys.png`, fullPage: true });
});

test("keys are searched by alias without a reload, edited, and revoked after a confirmation", async (page) => {
  assert.equal((await api("POST", "/api/keys", { alias: "billing-bot", proxies: [proxyId] })).status, 201);
  await signIn(page, "admin", adminPassword);
  await page.goto(baseUrl + "/ui/keys");
  await page.evaluate(() => { window.notReloaded = true; });
  await page.fill("#alias-search", "REPORT");
  await page.waitForFunction(() => !document.querySelector("table[data-testid=keys]")?.textContent.includes("billing-bot"));
  let aliases = await page.locator("table[data-testid=keys] .key-alias").allTextContents();
  assert.deepEqual(aliases, ["reporting-agent"]);
  await page.fill("#alias-search", "no-such-agent");
  await page.waitForSelector("[data-testid=empty-keys] >> text=No key matches");
  await page.fill("#alias-search", "");
  await page.waitForSelector("table[data-testid=keys] >> text=billing-bot");
  assert.equal(await page.evaluate(() => window.notReloaded), true, "the search did not reload the page");

  const billing = (await api("GET", "/api/keys?alias=billing")).body[0];
  await page.click(`tr[data-key-id="${billing.id}"] [data-edit-key]`);
  await page.waitForSelector("dialog#key-edit[open]");
  assert.equal(await page.inputValue("#edit-alias"), "billing-bot");
  await page.fill("#edit-alias", "billing-bot-v2");
  await pick(page, "edit-policies", policyId);
  await page.click("#key-edit-form button[type=submit]");
  await page.waitForSelector("table[data-testid=keys] >> text=billing-bot-v2");
  const edited = (await api("GET", `/api/keys/${billing.id}`)).body;
  assert.equal(edited.alias, "billing-bot-v2");
  assert.deepEqual(edited.policies, [policyId]);
  assert.deepEqual(edited.certificateFingerprints, []);

  // Binding to a client certificate: a bad fingerprint is named inline, a colon-separated one is normalised.
  const fingerprint = "0123456789abcdef".repeat(4);
  await page.click(`tr[data-key-id="${billing.id}"] [data-edit-key]`);
  await page.waitForSelector("dialog#key-edit[open]");
  await page.fill("#edit-fingerprints", "not-a-fingerprint");
  await page.click("#key-edit-form button[type=submit]");
  await page.waitForSelector("#key-edit-form [data-error-for=certificateFingerprints]:not(:empty)");
  assert.match(await page.textContent("#key-edit-form [data-error-for=certificateFingerprints]"), /SHA-256/);
  await page.fill("#edit-fingerprints", fingerprint.toUpperCase().match(/../g).join(":"));
  await page.click("#key-edit-form button[type=submit]");
  await page.waitForSelector(`tr[data-key-id="${billing.id}"] >> text=certificate-bound`);
  assert.deepEqual((await api("GET", `/api/keys/${billing.id}`)).body.certificateFingerprints, [fingerprint]);
  await page.click(`tr[data-key-id="${billing.id}"] [data-edit-key]`);
  await page.waitForSelector("dialog#key-edit[open]");
  assert.equal(await page.inputValue("#edit-fingerprints"), fingerprint);
  await page.screenshot({ path: `${screenshots}/key-edit-fingerprints.png`, fullPage: true });
  await page.click("dialog#key-edit >> text=Cancel");

  const reporting = (await api("GET", "/api/keys?alias=reporting-agent")).body[0];
  const row = page.locator(`tr[data-key-id="${reporting.id}"]`);
  await row.locator("[data-revoke-key]").click();
  await page.waitForSelector("dialog#key-revoke[open]");
  assert.match(await page.textContent("dialog#key-revoke"), /Revoke key "reporting-agent"\?/);
  await page.screenshot({ path: `${screenshots}/key-revoke-confirm.png`, fullPage: true });
  await page.click("dialog#key-revoke >> text=Cancel");
  assert.equal((await api("GET", `/api/keys/${reporting.id}`)).body.state, "active", "cancel revokes nothing");
  await row.locator("[data-revoke-key]").click();
  await page.click("#confirm-revoke");
  await page.waitForFunction((id) => document.querySelector(`tr[data-key-id="${id}"]`)?.textContent.includes("revoked"),
    reporting.id);
  assert.equal((await api("GET", `/api/keys/${reporting.id}`)).body.state, "revoked");
  assert.equal(await row.locator("[data-revoke-key]").count(), 0, "a revoked key offers no more actions");
  await page.screenshot({ path: `${screenshots}/keys-after-revoke.png`, fullPage: true });
});

test("a viewer sees keys and policies read-only, can still use the regex tester, and the API refuses changes", async (page) => {
  const created = await api("POST", "/api/users", { username: "kp-viewer", role: "viewer", password: "viewer-password-2" });
  assert.equal(created.status, 201);
  await signIn(page, "kp-viewer", "viewer-password-2");
  await page.goto(baseUrl + "/ui/keys");
  assert.ok(await page.isVisible("table[data-testid=keys]"), "the viewer sees the keys");
  assert.equal(await page.locator("#key-form").count(), 0, "no create form");
  assert.equal(await page.locator("#new-key").count(), 0, "no create button");
  assert.equal(await page.locator("[data-revoke-key], [data-edit-key]").count(), 0, "no revoke or edit buttons");
  await page.screenshot({ path: `${screenshots}/keys-viewer.png`, fullPage: true });

  await page.goto(baseUrl + "/ui/policies");
  assert.equal(await page.locator("text=Create a policy").count(), 0);
  assert.equal((await page.goto(baseUrl + "/ui/policies/new")).status(), 403, "the new-policy page is refused");
  await openPolicy(page, policyId);
  assert.ok(await page.isVisible("[data-testid=read-only]"));
  assert.equal(await page.locator("#save-policy, #delete-policy, #add-proxy-button, [data-remove], [data-add-pattern]").count(), 0,
    "no edit controls");
  assert.equal(await page.isDisabled("#policy-name"), true);
  assert.equal(await page.isDisabled(`.proxy-rights[data-proxy=${proxyId}] input.pattern >> nth=0`), true);
  const tester = page.locator(`.proxy-rights[data-proxy=${proxyId}] [data-testid=regex-tester]`);
  await tester.locator(".t-name").fill("delete_user");
  assert.equal(await tester.locator(".t-result").getAttribute("data-verdict"), "denied");
  await page.screenshot({ path: `${screenshots}/policy-viewer.png`, fullPage: true });

  const refused = await page.evaluate(async ([id]) => {
    const put = await window.portcullis.fetch(`/api/policies/${id}`, { method: "DELETE" });
    const key = await window.portcullis.fetch("/api/keys", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ alias: "viewer-key", policies: [id] }) });
    return [put.status, key.status];
  }, [policyId]);
  assert.deepEqual(refused, [403, 403]);
  assert.equal((await api("GET", `/api/policies/${policyId}`)).status, 200, "the policy is still there");
});

await run();
