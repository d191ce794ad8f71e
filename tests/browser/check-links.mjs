// Checks every internal link and anchor of a built site:
//   node check-links.mjs SITE_DIR
// Each relative href/src must name a file of the site, and each #fragment an
// id in that file. External URLs (with a scheme) are not followed.
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join, dirname, resolve, relative } from "node:path";

const site = resolve(process.argv[2] || "site");

function walk(folder) {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

function decode(text) {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#([0-9]+);/g, (_, dec) => String.fromCodePoint(parseInt(dec, 10)))
    .replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

const html = walk(site).filter((path) => path.endsWith(".html"));
const ids = new Map();
function idsOf(path) {
  if (!ids.has(path)) {
    const text = readFileSync(path, "utf8");
    ids.set(path, new Set([...text.matchAll(/\sid="([^"]*)"/g)].map((m) => decode(m[1]))));
  }
  return ids.get(path);
}

let checked = 0;
const problems = [];
for (const file of html) {
  const text = readFileSync(file, "utf8");
  for (const match of text.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
    const target = decode(match[1]);
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, mailto:, ...
    checked++;
    const [pathAndQuery, fragment] = target.split("#", 2);
    const path = decodeURIComponent(pathAndQuery.split("?")[0]);
    const where = relative(site, file);
    if (path.startsWith("/")) {
      problems.push(`${where}: absolute link ${target}`);
      continue;
    }
    const resolved = path === "" ? file : resolve(dirname(file), path);
    if (!resolved.startsWith(site)) {
      problems.push(`${where}: link leaves the site: ${target}`);
      continue;
    }
    if (!existsSync(resolved) || statSync(resolved).isDirectory()) {
      problems.push(`${where}: missing file for ${target}`);
      continue;
    }
    if (fragment && resolved.endsWith(".html") && !idsOf(resolved).has(fragment)) {
      problems.push(`${where}: no id "${fragment}" in ${relative(site, resolved)}`);
    }
  }
}
for (const problem of problems) console.log(problem);
console.log(`${checked - problems.length} passed, ${problems.length} failed`);
process.exit(problems.length === 0 ? 0 : 1);
