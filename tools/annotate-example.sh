#!/bin/sh
# annotate-example.sh — regenerates docs/annotate-example.json (the full `dyad annotate` output of
# the first article of examples/, a trilateral foreign ministers' meeting, pretty-printed) and the
# excerpt of it in docs/annotate.md between the "example:begin" and "example:end" markers.
# A maintainer's tool (needs python3); run from the repository root after `make`.
set -e
head -n 1 examples/jsonl/articles.jsonl | build/dyad annotate - -q >build/annotate-example.jsonl
python3 - <<'PY'
import json
o = json.load(open("build/annotate-example.jsonl"))
with open("docs/annotate-example.json", "w") as f:
    f.write(json.dumps(o, indent=1, ensure_ascii=False) + "\n")
def js(x):
    return json.dumps(x, ensure_ascii=False)
out = ["```"]
out.append('"doc": %s, "date": %s, "date_from": %s,' % (js(o["doc"]), js(o["date"]), js(o["date_from"])))
out.append('"dateline": %s,' % js(o["dateline"]))
out.append('"dateline_place": %s,' % js(o["dateline_place"]))
out.append('"people": [')
out += ["  %s," % js(p) for p in o["people"]]
out.append('],')
out.append('"mentions": [   (the %d mentions resolved through the document; %d others are names)' %
           (sum(m["how"] != "name" for m in o["mentions"]), sum(m["how"] == "name" for m in o["mentions"])))
out += ["  %s," % js(m) for m in o["mentions"] if m["how"] != "name"]
out.append('],')
out.append('"dates": [')
out += ["  %s," % js(d) for d in o["dates"]]
out.append('],')
out.append('"places": [')
out += ["  %s," % js(p) for p in o["places"]]
out.append('],')
out.append('"quotes": [')
out += ["  %s," % js(q) for q in o["quotes"]]
out.append('],')
out.append('"events": [   (%d events; source, target, code, date, precision, place, and the words read)' % len(o["events"]))
for e in o["events"]:
    out.append("  %-7s %-7s %-5s %s %-5s %-10s %s | %s" % (e["source"] or "-", e["target"] or "-", e["code"], e["date"],
               e.get("date_precision", "-"), (e["place"] or {}).get("name", "-"), e["source_text"], e["target_text"]))
out.append(']')
out.append("```")
md = open("docs/annotate.md").read()
b = md.index("<!-- example:begin -->") + len("<!-- example:begin -->\n")
e = md.index("<!-- example:end -->")
open("docs/annotate.md", "w").write(md[:b] + "\n".join(out) + "\n" + md[e:])
PY
echo "wrote docs/annotate-example.json and the excerpt in docs/annotate.md"
