#!/usr/bin/env python3
"""A copy of a `versus report` page laid out as the first version of the page was: every
thumbnail inline in its card's <img loading="lazy" src="data:..."> (the bytes in the DOM),
no #thumbs array, no content-visibility. For an A/B of the lazy pictures on the same page
and the same machine load:
    bench/report_eager_copy.py report-2000.html eager-2000.html
    BENCH_DIR=... EAGER=1 PAGE_ONLY=1 bench/report_bench.sh (times both)"""
import json
import re
import sys

page = open(sys.argv[1], encoding="utf-8").read()
match = re.search(r'<script type="application/json" id="thumbs">(.*?)</script>', page, re.S)
thumbs = json.loads(match.group(1))
page = page[:match.start()] + page[match.end():]
page = page.replace("content-visibility:auto;", "")


def inline(m):
    t = thumbs[int(m.group(2))]
    return '<img loading="lazy" %s src="data:image/webp;base64,%s">' % (m.group(1), t or "")


page = re.sub(r'<img ([^>]*?) data-t="(\d+)">', inline, page)
# The page's script reads #thumbs: give it an empty one (pictures are already there).
page = page.replace("</main>", '</main><script type="application/json" id="thumbs">[]</script>', 1)
open(sys.argv[2], "w", encoding="utf-8").write(page)
