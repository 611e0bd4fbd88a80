"""Prints a sweep results file one record a line, sorted, for FileCheck:
crate features outcome shipped=... build_time=... unsafe=..., then how many
records each (crate, features) has."""
import collections
import json
import sys

records = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
for r in sorted(records, key=lambda r: (r["crate"], r["features"])):
    print(r["crate"], r["features"], r["outcome"],
          "shipped=" + ",".join(r.get("shipped", [])),
          "build_time=" + ",".join(r.get("build_time", [])),
          "unsafe=" + str(r.get("unsafe")).lower(),
          "measured=" + str(all(r[p]["wall_s"] > 0 and r[p]["cpu_s"] > 0 and r[p]["peak_rss_mib"] > 0
                                for p in ("plain", "capgate") if p in r)).lower())
counts = collections.Counter((r["key"], r["features"]) for r in records)
print("most records of one crate:", max(counts.values()))
