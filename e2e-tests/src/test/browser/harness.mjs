// What every dashboard browser test file shares: the settings DashboardBrowserIT/DesignerBrowserIT pass as
// environment variables, an admin API client, sign-in, and a tiny runner (one fresh browser context per test, a
// screenshot of the page when a test fails, "N/M browser tests passed" and a non-zero exit on failure).
// Chromium is Debian's /usr/bin/chromium, driven by playwright-core; nothing is downloaded.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";

export function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

export const baseUrl = required("BASE_URL");
export const adminPassword = required("ADMIN_PASSWORD");
export const adminToken = required("ADMIN_TOKEN");
export const screenshots = required("SCREENSHOT_DIR");
mkdirSync(screenshots, { recursive: true });

/** A Dashboard API call with a bearer token (the admin's by default); the body parsed when there is one. */
export async function api(method, path, body, token = adminToken) {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

export async function signIn(page, username, password) {
  await page.goto(baseUrl + "/ui/sign-in");
  await page.fill("#username", username);
  await page.fill("#password", password);
  await Promise.all([page.waitForLoadState("load"), page.click("button[type=submit]")]);
}

const tests = [];

/** Registers a test; {@link run} runs them in order, each with its own browser context at 1280x800. */
export function test(name, body) {
  tests.push({ name, body });
}

/** Runs the registered tests, prints "ok"/"not ok" per test and "<passed>/<all> <label>browser tests passed". */
export async function run(label = "") {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--no-first-run"],
  });
  let failed = 0;
  for (const { name, body } of tests) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    try {
      await body(page);
      console.log(`ok - ${name}`);
    } catch (error) {
      failed++;
      console.log(`not ok - ${name}\n  ${String(error && error.stack || error).replaceAll("\n", "\n  ")}`);
      await page.screenshot({ path: `${screenshots}/FAILED-${name.replace(/[^a-z0-9]+/gi, "-")}.png`, fullPage: true })
        .catch(() => {});
    } finally {
      await context.close();
    }
  }
  await browser.close();
  console.log(`${tests.length - failed}/${tests.length} ${label ? label + " " : ""}browser tests passed`);
  process.exit(failed === 0 ? 0 : 1);
}

/** Picks an option of a dashboard multi-picker by keyboard: types into its search, Enter on the first match. */
export async function pick(page, selectId, text) {
  await page.fill(`#${selectId}-search`, text);
  await page.keyboard.press("Enter");
  await page.fill(`#${selectId}-search`, "");
}

/** Polls {@code probe} every 250 ms until it returns something truthy (returned), or fails after the timeout. */
export async function until(what, probe, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
