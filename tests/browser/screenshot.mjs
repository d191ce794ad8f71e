// Screenshots of a built site: node screenshot.mjs SITE_DIR OUT_DIR [dark]
import { pathToFileURL } from "node:url";
import { join, resolve } from "node:path";
import { launch } from "./browser.mjs";

const [site, out, scheme] = process.argv.slice(2);
const context = await launch({
  viewport: { width: 1400, height: 900 },
  colorScheme: scheme === "dark" ? "dark" : "light",
  deviceScaleFactor: 1,
});
const page = await context.newPage();
const shots = [
  ["timeline.html", "timeline"],
  ["risks.html", "risk-register"],
  ["index.html", "home"],
  ["graph.html", "graph"],
  ["board.html", "board"],
  ["report.html", "report"],
  ["pages/tasks/parallel-run.html", "task"],
  ["people.html", "people"],
  ["milestones.html", "milestones"],
  ["trends.html", "trends"],
];
for (const [path, name] of shots) {
  if (process.env.ONLY && !process.env.ONLY.split(",").includes(name)) continue;
  await page.goto(pathToFileURL(resolve(join(site, path))).href);
  const suffix = scheme === "dark" ? "-dark" : "";
  await page.screenshot({ path: join(out, `${name}${suffix}.png`), fullPage: process.env.FULL_PAGE === "1" });
}
await context.close();
