#!/usr/bin/env python3
"""Check drill files against the drill activity contract (until `mamori validate`
supports the `drill` kind). Usage: python3 check-drills.py [FILE.json ...]
With no arguments, checks every *.json beside this script. Exit 1 on any error."""
import json, os, re, sys

ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
TOP = {"id", "kind", "title", "prompt", "minutes", "body", "roles", "injects", "hotwash"}
TOP_REQUIRED = TOP
ROLE = {"id", "title", "brief"}
INJECT = {"id", "at", "manual", "unless", "title", "body", "to", "questions", "expect", "hints"}
EXPECT = {"id", "text"}
# What each bundled drill must at least have (the brief they were written to).
RULES = {
    "ransomware-drill": dict(minutes=(60, 60), injects=10, unless=1, manual=2),
    "bec-drill": dict(minutes=(30, 40), injects=6, unless=1, manual=1),
    "lost-laptop-drill": dict(minutes=(30, 40), injects=6, unless=1, manual=1),
}

def check(path):
    errs = []
    def err(where, msg): errs.append(f"{path}: {where}: {msg}")
    def L(v, where, required=True):
        if v is None:
            if required: err(where, "missing text")
            return
        if not isinstance(v, dict) or set(v) - {"ja", "en"}:
            err(where, "expected {\"ja\": ..., \"en\": ...} with no other keys"); return
        for k in ("ja", "en"):
            if not isinstance(v.get(k), str) or not v[k].strip():
                err(where, f"\"{k}\" missing or empty")
    def keys(obj, allowed, where):
        if not isinstance(obj, dict):
            err(where, "expected an object"); return False
        for k in set(obj) - allowed: err(where, f"unknown key \"{k}\"")
        return True
    def ident(v, where):
        if not isinstance(v, str) or not ID.match(v): err(where, f"bad id {v!r}")

    try:
        d = json.load(open(path, encoding="utf-8"))
    except ValueError as e:
        return [f"{path}: not valid JSON: {e}"]
    if not keys(d, TOP, "drill"): return errs
    for k in TOP_REQUIRED - set(d): err("drill", f"missing key \"{k}\"")
    ident(d.get("id"), "drill.id")
    if d.get("kind") != "drill": err("drill.kind", "must be \"drill\"")
    for k in ("title", "prompt", "body"): L(d.get(k), f"drill.{k}")
    minutes = d.get("minutes")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 600:
        err("drill.minutes", "must be a whole number 1-600"); minutes = 600

    role_ids = set()
    for i, r in enumerate(d.get("roles") or []):
        w = f"roles[{i}]"
        if not keys(r, ROLE, w): continue
        ident(r.get("id"), w + ".id")
        if r.get("id") in role_ids: err(w, f"duplicate role id {r.get('id')!r}")
        role_ids.add(r.get("id"))
        L(r.get("title"), w + ".title"); L(r.get("brief"), w + ".brief")
    if not role_ids: err("roles", "at least one role")

    inject_ids, expect_where = set(), {}   # expectation id -> (inject index, at, manual)
    last_at, n_unless, n_manual = -1, 0, 0
    injects = d.get("injects") or []
    for i, inj in enumerate(injects):
        w = f"injects[{i}]"
        if not keys(inj, INJECT, w): continue
        iid = inj.get("id"); ident(iid, w + ".id"); w = f"injects[{i}] ({iid})"
        if iid in inject_ids: err(w, "duplicate inject id")
        inject_ids.add(iid)
        L(inj.get("title"), w + ".title"); L(inj.get("body"), w + ".body")
        manual = inj.get("manual", False)
        if "manual" in inj and inj["manual"] is not True: err(w, "\"manual\" may only be true")
        at = inj.get("at")
        if manual:
            n_manual += 1
            if "at" in inj: err(w, "a manual inject has no \"at\"")
            if "unless" in inj: err(w, "a manual inject takes no \"unless\"")
        else:
            if not isinstance(at, int) or isinstance(at, bool) or not 0 <= at <= minutes:
                err(w, f"\"at\" must be a whole number 0..{minutes}")
            elif at < last_at: err(w, f"timed injects out of order (at {at} after {last_at})")
            else: last_at = at
            if not inj.get("expect"): err(w, "a timed inject needs at least one expectation")
            if not inj.get("hints"): err(w, "a timed inject needs at least one hint")
        to = inj.get("to")
        if not isinstance(to, list) or not to: err(w, "\"to\" must be a non-empty list")
        elif to != ["all"]:
            for r in to:
                if r not in role_ids: err(w, f"\"to\" names unknown role {r!r}")
        if "unless" in inj:
            n_unless += 1
            u = inj["unless"]
            if u not in expect_where: err(w, f"\"unless\" {u!r} is not an expectation of an earlier inject")
            else:
                j, uat, umanual = expect_where[u]
                if umanual: err(w, f"\"unless\" {u!r} belongs to a manual inject, which may never be released")
                elif isinstance(at, int) and isinstance(uat, int) and uat >= at:
                    err(w, f"\"unless\" {u!r} comes from an inject at {uat}, not earlier than {at}")
        for k in ("questions", "hints"):
            v = inj.get(k, [])
            if not isinstance(v, list): err(w, f"\"{k}\" must be a list"); continue
            for n, q in enumerate(v): L(q, f"{w}.{k}[{n}]")
        for n, e in enumerate(inj.get("expect", []) or []):
            ew = f"{w}.expect[{n}]"
            if not keys(e, EXPECT, ew): continue
            ident(e.get("id"), ew + ".id"); L(e.get("text"), ew + ".text")
            if e.get("id") in expect_where: err(ew, f"duplicate expectation id {e.get('id')!r}")
            expect_where[e.get("id")] = (i, at, manual)
    if len(inject_ids & set(expect_where)):
        err("injects", f"ids used both for an inject and an expectation: {sorted(inject_ids & set(expect_where))}")

    hw = d.get("hotwash") or []
    if not 3 <= len(hw) <= 6: err("hotwash", f"{len(hw)} questions; write 3 to 6")
    seen = set()
    for n, h in enumerate(hw):
        w = f"hotwash[{n}]"
        if not keys(h, EXPECT, w): continue
        ident(h.get("id"), w + ".id"); L(h.get("text"), w + ".text")
        if h.get("id") in seen: err(w, "duplicate hotwash id")
        seen.add(h.get("id"))

    rule = RULES.get(d.get("id"))
    if rule:
        lo, hi = rule["minutes"]
        if not lo <= minutes <= hi: err("drill.minutes", f"{minutes}, expected {lo}-{hi}")
        if len(injects) < rule["injects"]: err("injects", f"{len(injects)}, expected at least {rule['injects']}")
        if n_unless < rule["unless"]: err("injects", f"{n_unless} unless branches, expected at least {rule['unless']}")
        if n_manual < rule["manual"]: err("injects", f"{n_manual} manual injects, expected at least {rule['manual']}")
    print(f"{path}: {len(injects)} injects ({len(injects) - n_manual} timed, {n_unless} unless, "
          f"{n_manual} manual), {len(expect_where)} expectations, {len(hw)} hotwash, {minutes} min"
          + ("" if errs else ": ok"))
    return errs

if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    files = sys.argv[1:] or sorted(os.path.join(here, f) for f in os.listdir(here) if f.endswith(".json"))
    all_errs = [e for f in files for e in check(f)]
    for e in all_errs: print(e)
    sys.exit(1 if all_errs else 0)
