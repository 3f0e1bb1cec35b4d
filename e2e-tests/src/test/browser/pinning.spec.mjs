// Browser tests of tool pinning: the designer's "Tool pinning" card and the "Changes to approve" page, against a
// running stack whose proxy PROXY_ID pins its tools in enforce mode and whose upstream changed TOOL's description
// to NEW_DESCRIPTION (ToolPinningIT sets that up and checks the agent's side). Exits non-zero on failure.
import { adminPassword, baseUrl, required, run, screenshots, signIn, test } from "./harness.mjs";
import assert from "node:assert/strict";

const proxyId = required("PROXY_ID");
const tool = required("TOOL");
const newDescription = required("NEW_DESCRIPTION");

test("the designer shows the proxy's pinning mode", async (page) => {
  await signIn(page, "admin", adminPassword);
  await page.goto(`${baseUrl}/ui/mcps/${proxyId}`);
  await page.waitForFunction(() => document.getElementById("pin-status").textContent.includes("approved"));
  assert.equal(await page.inputValue("#pin-mode"), "enforce");
  assert.match(await page.textContent("#pin-status"), /1 change\(s\) waiting for approval/);
  await page.locator("#pinning").screenshot({ path: `${screenshots}/pinning-settings.png` });
});

test("Changes to approve shows the old and new definition side by side and Approve approves it", async (page) => {
  await signIn(page, "admin", adminPassword);
  await page.click("nav >> text=Changes");
  assert.equal(new URL(page.url()).pathname, "/ui/changes");
  const change = page.locator(`section[data-proxy="${proxyId}"][data-name="${tool}"]`);
  assert.equal(await change.count(), 1);
  assert.match(await change.locator("h2").textContent(), new RegExp(tool));
  assert.match(await change.textContent(), /Changed since it was approved/);
  const removed = await change.locator("td.removed").allTextContents();
  const added = await change.locator("td.added").allTextContents();
  assert.ok(removed.some((line) => line.includes('"description"')), `old description line: ${removed}`);
  assert.ok(added.some((line) => line.includes(newDescription)), `new description line: ${added}`);
  assert.ok(!removed.some((line) => line.includes('"inputSchema"')), "unchanged lines are not marked");
  await page.screenshot({ path: `${screenshots}/changes-to-approve.png`, fullPage: true });

  await Promise.all([page.waitForNavigation(), change.locator("button[data-approve]").click()]);
  assert.equal(await page.locator(`section[data-proxy="${proxyId}"][data-name="${tool}"]`).count(), 0);
  await page.screenshot({ path: `${screenshots}/changes-approved.png`, fullPage: true });
});

await run("pinning");
