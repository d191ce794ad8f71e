// Drives `planbook serve` with a real browser: a page open in headless
// Chromium reloads by itself after an edit, shows the error overlay (file
// and line) when the front matter breaks, and recovers when it is fixed.
//   node serve-live.mjs PLANBOOK_BINARY
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { launch } from "./browser.mjs";
import { check, expect, fail, finish } from "./harness.mjs";

const binary = resolve(process.argv[2] || "../../target/debug/planbook");
const plan = mkdtempSync(join(tmpdir(), "planbook-serve-plan-"));
const page_md = (text) =>
  `---\nkind: task\nowner: alice\nstart: 2026-03-02\nduration: 3d\n---\n# Migrate invoices\n\n${text}\n`;
mkdirSync(join(plan, "tasks"));
writeFileSync(join(plan, "planbook.toml"), 'title = "Live plan"\n\n[people]\nalice = { name = "Alice" }\n');
writeFileSync(join(plan, "tasks/migrate.md"), page_md("First version."));

const port = await new Promise((done) => {
  const probe = createServer();
  probe.listen(0, "127.0.0.1", () => {
    const { port } = probe.address();
    probe.close(() => done(port));
  });
});
const server = spawn(binary, ["serve", plan, "--port", String(port), "--today", "2026-03-02"], {
  stdio: ["ignore", "pipe", "pipe"],
});
let output = "";
server.stdout.on("data", (chunk) => (output += chunk));
server.stderr.on("data", (chunk) => (output += chunk));

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

let context;
try {
  for (let waited = 0; !output.includes("serving the plan at"); waited += 50) {
    if (waited > 20000) throw new Error(`server did not start: ${output}`);
    await sleep(50);
  }
  context = await launch();
  const page = await context.newPage();
  const consoleErrors = [];
  page.on("pageerror", (error) => consoleErrors.push(error.message));
  const url = `http://127.0.0.1:${port}/pages/tasks/migrate.html`;

  await check("the served page renders with the live-reload script", async () => {
    await page.goto(url);
    await page.locator("text=First version.").waitFor({ timeout: 5000 });
    expect((await page.locator('script[src="/__planbook/live-reload.js"]').count()) === 1, "script injected");
  });

  await check("an edit reloads the open page by itself", async () => {
    await sleep(300); // let the EventSource connect
    writeFileSync(join(plan, "tasks/migrate.md"), page_md("Second version."));
    await page.locator("text=Second version.").waitFor({ timeout: 10000 });
  });

  await check("broken front matter shows the overlay naming file and line", async () => {
    writeFileSync(join(plan, "tasks/migrate.md"), page_md("Third.").replace("owner: alice", "owner: [alice"));
    const overlay = page.locator("#planbook-error-overlay");
    await overlay.waitFor({ state: "visible", timeout: 10000 });
    const text = await overlay.innerText();
    expect(/tasks\/migrate\.md:\d+:\d+/.test(text), `overlay names file:line:col: ${text}`);
    expect(text.includes("front matter"), `overlay explains: ${text}`);
  });

  await check("fixing the page removes the overlay and shows the fix", async () => {
    writeFileSync(join(plan, "tasks/migrate.md"), page_md("Fixed version."));
    await page.locator("text=Fixed version.").waitFor({ timeout: 10000 });
    expect((await page.locator("#planbook-error-overlay").count()) === 0, "overlay gone");
  });

  await check("no script errors in the page", async () => {
    expect(consoleErrors.length === 0, consoleErrors.join("; "));
  });
} catch (error) {
  fail(error.message);
} finally {
  if (context) await context.close();
  server.kill("SIGINT");
}
finish();
