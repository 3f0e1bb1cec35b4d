"""Compares conformance results run directly against a server and through the gateway (bench/conformance).

Usage: compare.py RESULTS_DIR RUN...   where RESULTS_DIR/<run>/{direct,gateway}/server-<scenario>-<time>/checks.json
Prints, per run and scenario, checks passed/failed directly and through the gateway, then every check that passes
directly but not through the gateway, with the gateway's message. Exit status 1 when there is such a check.

A check is identified by scenario, check id and its occurrence (a scenario may emit one id several times). Passed
means status SUCCESS; failed means FAILURE (WARNING, SKIPPED and INFO are neither, as the suite counts them). A check
that passes directly and is WARNING, FAILURE or missing through the gateway is a gateway-only failure.
"""
import json
import os
import re
import sys

DIR_NAME = re.compile(r"^server-(.+)-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$")


def load(side_dir):
    """{scenario: [(key, check)]} for one side of one run; a scenario without checks.json maps to None."""
    scenarios = {}
    if not os.path.isdir(side_dir):
        return scenarios
    for entry in sorted(os.listdir(side_dir)):
        match = DIR_NAME.match(entry)
        if not match:
            continue
        path = os.path.join(side_dir, entry, "checks.json")
        try:
            with open(path) as f:
                checks = json.load(f)
        except (OSError, ValueError):
            scenarios[match.group(1)] = None
            continue
        seen = {}
        keyed = []
        for check in checks:
            n = seen.get(check.get("id"), 0)
            seen[check.get("id")] = n + 1
            keyed.append(((check.get("id"), n), check))
        scenarios[match.group(1)] = keyed
    return scenarios


def counts(keyed):
    if keyed is None:
        return "no result"
    passed = sum(1 for _, c in keyed if c.get("status") == "SUCCESS")
    failed = sum(1 for _, c in keyed if c.get("status") == "FAILURE")
    return f"{passed}/{failed}"


def message(check):
    if check is None:
        return "no such check through the gateway (the scenario stopped earlier or produced no result)"
    text = check.get("errorMessage") or ""
    if not text and check.get("details") is not None:
        text = json.dumps(check["details"], separators=(",", ":"))
    text = " ".join(text.split())
    return f"{check.get('status')}: {text[:400]}"


def main():
    results, runs = sys.argv[1], sys.argv[2:]
    regressions = []
    totals = []
    for run in runs:
        label = open(os.path.join(results, run, "label")).read().strip()
        direct = load(os.path.join(results, run, "direct"))
        gateway = load(os.path.join(results, run, "gateway"))
        print(f"\n### {label}\n")
        print(f"| {'scenario':<48} | {'direct pass/fail':>16} | {'gateway pass/fail':>17} | {'gateway-only':>12} |")
        print(f"|{'-' * 50}|{'-' * 18}|{'-' * 19}|{'-' * 14}|")
        sum_d = [0, 0]
        sum_g = [0, 0]
        run_regressions = 0
        for scenario in sorted(set(direct) | set(gateway)):
            d, g = direct.get(scenario), gateway.get(scenario)
            g_by_key = dict(g or [])
            lost = [(k, c) for k, c in (d or []) if c.get("status") == "SUCCESS"
                    and (g_by_key.get(k) or {}).get("status") != "SUCCESS"]
            for k, c in lost:
                regressions.append((label, scenario, k[0], c.get("description") or c.get("name") or "",
                                    message(g_by_key.get(k))))
            run_regressions += len(lost)
            for side, acc in ((d, sum_d), (g, sum_g)):
                for _, c in side or []:
                    acc[0] += c.get("status") == "SUCCESS"
                    acc[1] += c.get("status") == "FAILURE"
            mark = str(len(lost)) if lost else ""
            print(f"| {scenario:<48} | {counts(d):>16} | {counts(g):>17} | {mark:>12} |")
        print(f"| {'total':<48} | {f'{sum_d[0]}/{sum_d[1]}':>16} | {f'{sum_g[0]}/{sum_g[1]}':>17} | "
              f"{run_regressions:>12} |")
        totals.append((label, sum_d, sum_g, run_regressions))

    print("\n### Summary\n")
    print(f"| {'suite / mode':<52} | {'direct pass/fail':>16} | {'gateway pass/fail':>17} | {'gateway-only':>12} |")
    print(f"|{'-' * 54}|{'-' * 18}|{'-' * 19}|{'-' * 14}|")
    for label, d, g, r in totals:
        print(f"| {label:<52} | {f'{d[0]}/{d[1]}':>16} | {f'{g[0]}/{g[1]}':>17} | {r:>12} |")

    print()
    if not regressions:
        print("No check passes directly and fails through the gateway.")
        return 0
    print(f"{len(regressions)} check(s) pass directly but not through the gateway:")
    for label, scenario, check_id, description, text in regressions:
        print(f"- [{label}] {scenario} / {check_id}: {description}\n    gateway: {text}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
