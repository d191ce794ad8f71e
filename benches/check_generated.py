#!/usr/bin/env python3
"""Self-check for plans written by benches/gen_plan.rs (python3 stdlib only).

    python3 benches/check_generated.py PLAN_DIR [PLAN_DIR...]

Checks, independently of planbook itself, that a generated plan is what the
benchmarks assume: lint-clean by the rules of the format. In particular:

- front matter parses (with a small parser for the YAML subset the generator
  writes; when PyYAML happens to be installed, every front matter is also
  parsed by it and the two results must agree) and has no unknown keys;
- ids are unique; owners, resources, stakeholders are in the roster;
- every `depends_on`, `milestone`, `affects` and objective milestone names an
  existing item; task dependencies point only at earlier tasks (or
  milestones); the dependency graph has no cycle;
- tasks have an owner, a duration and a `start` or dependencies; milestones
  have criteria and no date; risks have a valid rating, a mitigation and, at
  or above the contingency threshold, a trigger and a response;
- every relative Markdown link resolves to an existing page and, with an
  `#anchor`, to a heading of that page (GitHub-style slugs).

It also prints statistics: pages per kind, body sizes, the largest folder, and
the schedule (critical-path forward pass) so a too-long chain shows up.
Exit status: 0 when every plan is clean, 1 otherwise.
"""

import datetime as dt
import os
import re
import sys
import tomllib

try:  # optional cross-check only
    import yaml  # type: ignore
    YAML_LOADER = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
except ImportError:  # pragma: no cover
    yaml = None

COMMON = {"kind", "id", "title", "owner", "status", "tags", "lint"}
KEYS = {
    "task": COMMON | {"resources", "depends_on", "start", "duration", "end",
                      "effort", "started", "finished", "priority",
                      "milestone", "progress", "workstream"},
    "milestone": COMMON | {"date", "criteria", "depends_on", "reached"},
    "risk": COMMON | {"probability", "impact", "score", "mitigation",
                      "contingency", "affects"},
    "plan": COMMON | {"objectives", "scope", "stakeholders", "communication"},
    "person": COMMON | {"name", "role", "email", "availability", "workdays", "leaves"},
}
PERSON_CFG = {"name", "role", "email", "availability", "workdays", "leaves"}
STATUS = {
    "task": {"planned", "active", "done", "blocked", "cancelled"},
    "milestone": {"planned", "reached", "missed"},
    "risk": {"open", "closed", "occurred"},
}
LEVELS3 = {"low": 1, "medium": 2, "high": 3}
ID_RE = re.compile(r"^[A-Za-z0-9._-]+$")
DURATION_RE = re.compile(r"^(\d+)([dw]?)$")
LINK_RE = re.compile(r"\[([^\]\n]*)\]\(([^)\s]+)\)")
HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


# --------------------------------------------------------------------------
# A small parser for the YAML subset written by gen_plan: block mappings and
# sequences, flow sequences and flow mappings of scalars, plain and
# double-quoted scalars. Scalars stay strings (the caller converts).

class YamlError(Exception):
    pass


def scalar(text):
    text = text.strip()
    if text.startswith('"'):
        if not text.endswith('"') or len(text) < 2:
            raise YamlError(f"unterminated string: {text}")
        return text[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    if text.startswith(("'", "&", "*", "!", "|", ">", "%", "@", "`")):
        raise YamlError(f"unsupported scalar: {text}")
    if ": " in text or " #" in text:
        raise YamlError(f"ambiguous plain scalar: {text}")
    return text


def split_flow(inner):
    parts, depth, cur, quoted = [], 0, "", False
    for ch in inner:
        if ch == '"':
            quoted = not quoted
        if not quoted and ch in "[{":
            depth += 1
        if not quoted and ch in "]}":
            depth -= 1
        if ch == "," and depth == 0 and not quoted:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        parts.append(cur)
    return [p.strip() for p in parts]


def value(text):
    text = text.strip()
    if text.startswith("["):
        if not text.endswith("]"):
            raise YamlError(f"unterminated flow sequence: {text}")
        return [value(p) for p in split_flow(text[1:-1])]
    if text.startswith("{"):
        if not text.endswith("}"):
            raise YamlError(f"unterminated flow mapping: {text}")
        out = {}
        for p in split_flow(text[1:-1]):
            k, sep, v = p.partition(":")
            if not sep:
                raise YamlError(f"flow mapping entry without ':': {p}")
            out[k.strip()] = value(v)
        return out
    return scalar(text)


def parse_yaml(text):
    lines = [(len(l) - len(l.lstrip(" ")), l.strip(), n + 1)
             for n, l in enumerate(text.split("\n"))
             if l.strip() and not l.strip().startswith("#")]
    pos = 0

    def block(indent):
        nonlocal pos
        if pos >= len(lines):
            return None
        if lines[pos][1].startswith("- ") or lines[pos][1] == "-":
            seq = []
            while pos < len(lines) and lines[pos][0] == indent and lines[pos][1].startswith("-"):
                _, content, _ = lines[pos]
                rest = content[1:].strip()
                if rest and re.match(r"^[A-Za-z_][\w-]*:(\s|$)", rest):
                    # "- key: value" starts a mapping indented at indent + 2
                    lines[pos] = (indent + 2, rest, lines[pos][2])
                    seq.append(mapping(indent + 2))
                else:
                    pos += 1
                    seq.append(value(rest))
            return seq
        return mapping(indent)

    def mapping(indent):
        nonlocal pos
        out = {}
        while pos < len(lines) and lines[pos][0] == indent:
            _, content, n = lines[pos]
            m = re.match(r"^([A-Za-z_][\w-]*):(?:\s+(.*))?$", content)
            if not m:
                raise YamlError(f"line {n}: expected `key: value`, got {content!r}")
            key, rest = m.group(1), m.group(2)
            if key in out:
                raise YamlError(f"line {n}: duplicate key {key}")
            pos += 1
            if rest:
                out[key] = value(rest)
            elif pos < len(lines) and lines[pos][0] > indent:
                out[key] = block(lines[pos][0])
            elif pos < len(lines) and lines[pos][0] == indent and lines[pos][1].startswith("-"):
                out[key] = block(indent)
            else:
                out[key] = None
        if pos < len(lines) and lines[pos][0] > indent:
            raise YamlError(f"line {lines[pos][2]}: unexpected indentation")
        return out

    result = block(0) if lines else {}
    if pos != len(lines):
        raise YamlError(f"line {lines[pos][2]}: could not parse {lines[pos][1]!r}")
    return result


def stringify(v):
    """PyYAML result -> the all-strings shape of parse_yaml, for comparison."""
    if isinstance(v, dict):
        return {str(k): stringify(x) for k, x in v.items()}
    if isinstance(v, list):
        return [stringify(x) for x in v]
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if v is None:
        return None
    return str(v)


# --------------------------------------------------------------------------

def slugify(heading):
    out = []
    for ch in heading.lower():
        if ch == " ":
            out.append("-")
        elif ch.isalnum() or ch in "-_":
            out.append(ch)
    return "".join(out)


def anchors(body):
    seen, result, fenced = {}, set(), False
    for line in body.split("\n"):
        if line.startswith("```"):
            fenced = not fenced
            continue
        m = None if fenced else HEADING_RE.match(line)
        if m:
            base = slugify(m.group(2))
            k = seen.get(base, 0)
            seen[base] = k + 1
            result.add(base if k == 0 else f"{base}-{k}")
    return result


def split_page(text):
    if text.startswith("---\n"):
        end = text.find("\n---\n", 3)
        if end < 0:
            raise YamlError("front matter is not closed")
        return text[4:end + 1], text[end + 5:]
    return None, text


def dep_entries(v):
    for e in v or []:
        if isinstance(e, dict):
            yield e.get("id"), e.get("lag")
        else:
            yield e, None


def parse_duration(v):
    m = DURATION_RE.match(str(v))
    if not m:
        return None
    return int(m.group(1)) * (5 if m.group(2) == "w" else 1)


def rating(v):
    if str(v) in LEVELS3:
        return LEVELS3[str(v)]
    if str(v).isdigit() and 1 <= int(v) <= 3:
        return int(v)
    return None


def check(root):
    problems = []

    def bad(path, msg):
        problems.append(f"{path}: {msg}")

    with open(os.path.join(root, "planbook.toml"), "rb") as f:
        cfg = tomllib.load(f)
    known_cfg = {"title", "start", "output", "theme", "baseline", "exclude",
                 "calendar", "risk", "people", "lint", "site", "schedule"}
    for k in cfg:
        if k not in known_cfg:
            bad("planbook.toml", f"unknown key {k}")
    for who, entry in cfg.get("people", {}).items():
        if isinstance(entry, dict):
            for k in entry:
                if k not in PERSON_CFG:
                    bad("planbook.toml", f"unknown key {k} of person {who}")
            if not 1 <= int(entry.get("availability", 100)) <= 100:
                bad("planbook.toml", f"availability of {who} out of range")
            for leave in entry.get("leaves", []):
                if str(leave.get("to", leave["from"])) < str(leave["from"]):
                    bad("planbook.toml", f"a leave of {who} ends before it starts")
    threshold = cfg.get("risk", {}).get("contingency_threshold", 6)
    roster = set(cfg.get("people", {}))
    holidays = {dt.date.fromisoformat(h) for h in cfg.get("calendar", {}).get("holidays", [])}
    plan_start = dt.date.fromisoformat(cfg["start"])

    pages = {}   # rel path -> (front matter dict or None, body)
    folders = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "templates")
        for name in sorted(filenames):
            if not name.endswith(".md") or name.startswith("."):
                continue
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root).replace(os.sep, "/")
            folders[os.path.dirname(rel)] = folders.get(os.path.dirname(rel), 0) + 1
            with open(full, encoding="utf-8") as f:
                text = f.read()
            try:
                fm_text, body = split_page(text)
                fm = parse_yaml(fm_text) if fm_text is not None else None
            except YamlError as e:
                bad(rel, f"front matter: {e}")
                continue
            if fm is not None and yaml is not None:
                other = stringify(yaml.load(fm_text, Loader=YAML_LOADER))
                if other != fm:
                    bad(rel, f"PyYAML disagrees:\n  ours: {fm}\n  yaml: {other}")
            pages[rel] = (fm, body)

    # Items.
    items = {}   # id -> (kind, rel, fm)
    for rel, (fm, body) in pages.items():
        if fm is None:
            continue
        kind = fm.get("kind")
        if kind not in KEYS:
            bad(rel, f"unknown kind {kind!r}")
            continue
        for k in fm:
            if k not in KEYS[kind]:
                bad(rel, f"unknown field {k!r} for {kind}")
        iid = fm.get("id") or os.path.basename(rel)[:-3]
        if not ID_RE.match(iid):
            bad(rel, f"bad id {iid!r}")
        if iid in items:
            bad(rel, f"duplicate id {iid} (also {items[iid][1]})")
        items[iid] = (kind, rel, fm)
        if kind == "person":
            if iid in roster:
                bad(rel, f"person {iid} also in planbook.toml [people]")
            roster.add(iid)
    kinds = {k: sum(1 for v in items.values() if v[0] == k) for k in KEYS}

    def need_person(rel, who, what):
        if who not in roster:
            bad(rel, f"{what} {who!r} not in the roster")

    def need_item(rel, iid, allowed, what):
        if iid not in items:
            bad(rel, f"{what} {iid!r} names no item")
        elif items[iid][0] not in allowed:
            bad(rel, f"{what} {iid!r} is a {items[iid][0]}")

    def task_no(iid):
        return int(iid.split("-")[1])

    edges = {}   # id -> [(dep id, lag)]
    for iid, (kind, rel, fm) in items.items():
        if kind in STATUS and fm.get("status", next(iter(STATUS[kind]))) not in STATUS[kind]:
            bad(rel, f"bad status {fm.get('status')!r}")
        if kind in ("task", "milestone", "risk"):
            if not fm.get("owner"):
                bad(rel, "missing owner")
            else:
                need_person(rel, fm["owner"], "owner")
        if kind in ("task", "milestone"):
            deps = list(dep_entries(fm.get("depends_on")))
            edges[iid] = []
            for d, lag in deps:
                need_item(rel, d, {"task", "milestone"}, "dependency")
                if lag is not None and not re.match(r"^\d+d?$", str(lag)):
                    bad(rel, f"bad lag {lag!r}")
                if kind == "task" and d in items and items[d][0] == "task" and task_no(d) >= task_no(iid):
                    bad(rel, f"dependency {d} is not an earlier task")
                edges[iid].append((d, int(str(lag).rstrip("d")) if lag else 0))
        if kind == "task":
            for r in fm.get("resources") or []:
                if isinstance(r, dict):
                    if not 1 <= int(r.get("allocation", 100)) <= 100:
                        bad(rel, f"allocation {r.get('allocation')!r} out of range")
                    r = r.get("id")
                need_person(rel, r, "resource")
            lengths = [k for k in ("duration", "end", "effort") if k in fm]
            if not lengths:
                bad(rel, "missing duration")
            elif "effort" in lengths and len(lengths) > 1:
                bad(rel, "effort and duration")
            if "effort" in fm and parse_duration(fm["effort"]) is None:
                bad(rel, f"bad effort {fm['effort']!r}")
            if "duration" in fm and parse_duration(fm["duration"]) is None:
                bad(rel, f"bad duration {fm['duration']!r}")
            if not fm.get("depends_on") and not fm.get("start"):
                bad(rel, "neither depends_on nor start")
            if fm.get("start") and fm.get("depends_on"):
                bad(rel, "both start and depends_on (could conflict)")
            if fm.get("milestone"):
                need_item(rel, fm["milestone"], {"milestone"}, "milestone")
                edges.setdefault(fm["milestone"], []).append((iid, 0))
            p = fm.get("progress")
            if p is not None and not (str(p).isdigit() and 0 <= int(p) <= 100):
                bad(rel, f"bad progress {p!r}")
        elif kind == "milestone":
            if not fm.get("criteria"):
                bad(rel, "missing criteria")
            if "date" in fm:
                bad(rel, "milestone has a date (could be late)")
        elif kind == "risk":
            p, i = rating(fm.get("probability")), rating(fm.get("impact"))
            if p is None or i is None:
                bad(rel, "bad probability or impact")
                continue
            if "score" in fm and str(fm["score"]) != str(p * i):
                bad(rel, f"score {fm['score']} != {p * i}")
            body = pages[rel][1]
            if not fm.get("mitigation") and "mitigation" not in anchors(body):
                bad(rel, "missing mitigation")
            c = fm.get("contingency") or {}
            if p * i >= threshold and not (c.get("trigger") and c.get("response")):
                bad(rel, f"score {p * i} >= {threshold} without contingency")
            for a in fm.get("affects") or []:
                need_item(rel, a, {"task", "milestone"}, "affects")
        elif kind == "plan":
            for o in fm.get("objectives") or []:
                if not o.get("measure"):
                    bad(rel, f"objective {o.get('id')} without measure")
                if o.get("type") not in ("time", "performance", "outcome"):
                    bad(rel, f"objective {o.get('id')} has bad type")
                need_item(rel, o.get("milestone"), {"milestone"}, "objective milestone")
            for s in fm.get("stakeholders") or []:
                need_person(rel, s, "stakeholder")
            for c in fm.get("communication") or []:
                if not c.get("frequency") or not c.get("owner"):
                    bad(rel, f"communication {c.get('channel')} incomplete")
                else:
                    need_person(rel, c["owner"], "communication owner")

    # Cycles (Kahn) and a forward pass in working days.
    order, indeg = [], {k: 0 for k in edges}
    users = {k: [] for k in edges}
    for k, ds in edges.items():
        for d, _ in ds:
            if d in edges:
                indeg[k] += 1
                users[d].append(k)
    ready = [k for k, n in indeg.items() if n == 0]
    while ready:
        k = ready.pop()
        order.append(k)
        for u in users[k]:
            indeg[u] -= 1
            if indeg[u] == 0:
                ready.append(u)
    if len(order) != len(edges):
        bad(root, f"dependency cycle among {len(edges) - len(order)} items")

    workdays = []
    day = plan_start
    while len(workdays) < 20000:
        if day.weekday() < 5 and day not in holidays:
            workdays.append(day)
        day += dt.timedelta(days=1)

    def wd_index(date):
        lo, hi = 0, len(workdays)
        while lo < hi:
            mid = (lo + hi) // 2
            if workdays[mid] < date:
                lo = mid + 1
            else:
                hi = mid
        return lo

    finish, depth = {}, {}
    for k in order:
        kind, rel, fm = items[k]
        start, chain = 0, 0
        if fm.get("start"):
            start = wd_index(dt.date.fromisoformat(str(fm["start"])))
        for d, lag in edges[k]:
            if d in finish:
                start = max(start, finish[d] + 1 + lag)
                chain = max(chain, depth[d])
        if kind == "task":
            # Effort counts as days of one full-time person here.
            finish[k] = start + parse_duration(fm.get("duration", fm.get("effort", 1))) - 1
            depth[k] = chain + 1
        else:
            finish[k] = max([finish[d] + lag for d, lag in edges[k] if d in finish] or [start])
            depth[k] = chain

    # Links.
    page_anchors = {rel: anchors(body) for rel, (_, body) in pages.items()}
    n_links = n_anchored = 0
    sizes = []
    for rel, (_, body) in pages.items():
        sizes.append(len(body.encode()))
        per_page = 0
        for _, href in LINK_RE.findall(body):
            if re.match(r"^[a-z]+:", href):
                continue
            n_links += 1
            path, _, anchor = href.partition("#")
            if path:
                per_page += 1
                target = os.path.normpath(os.path.join(os.path.dirname(rel), path)).replace(os.sep, "/")
                if target not in pages:
                    bad(rel, f"broken link {href}")
                    continue
            else:
                target = rel
            if anchor:
                n_anchored += 1
                if anchor not in page_anchors[target]:
                    bad(rel, f"broken anchor {href}")
        if not 1 <= per_page <= 3:
            bad(rel, f"{per_page} links to other pages (want 1-3)")

    notes = sum(1 for fm, _ in pages.values() if fm is None)
    sizes.sort()
    last = max(finish.values()) if finish else 0
    big = max(folders.items(), key=lambda kv: kv[1])
    print(f"{root}: {len(pages)} pages: " + ", ".join(f"{v} {k}" for k, v in kinds.items())
          + f", {notes} notes; roster {len(roster)}")
    print(f"  body bytes min/median/max {sizes[0]}/{sizes[len(sizes) // 2]}/{sizes[-1]}; "
          f"{len(folders)} folders, largest {big[0]} ({big[1]} pages)")
    print(f"  {n_links} links ({n_anchored} with #anchor); schedule "
          f"{plan_start} .. {workdays[min(last, len(workdays) - 1)]} "
          f"({last + 1} working days), longest chain {max(depth.values(), default=0)} tasks; "
          f"front matter cross-checked with PyYAML: {'yes' if yaml else 'no (not installed)'}")
    for p in problems[:50]:
        print("  PROBLEM", p)
    if len(problems) > 50:
        print(f"  ... and {len(problems) - 50} more problems")
    print(f"  {'OK' if not problems else f'{len(problems)} problems'}")
    return not problems


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if len(argv) >= 2 else 2
    ok = True
    for root in argv[1:]:
        ok = check(root) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
