#!/usr/bin/env python3
"""A copy of a `versus report` page laid out as the first version of the page was: every
thumbnail inline in its grid card's <img loading="lazy" src="data:..."> (the bytes in the
DOM), group cards given a copy of that src by a script at the end, no #thumbs array, no
content-visibility. For an A/B of the lazy pictures on the same page
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


seen = set()


def inline(m):
    index = int(m.group(2))
    if index in seen:  # a group card: the script below copies the grid card's picture
        return m.group(0)
    seen.add(index)
    return '<img loading="lazy" %s id="t%d" src="data:image/webp;base64,%s">' % (m.group(1), index, thumbs[index] or "")


page = re.sub(r'<img ([^>]*?) data-t="(\d+)">', inline, page)
copy = ("<script>document.querySelectorAll('img[data-t]').forEach(function (img) {"
        "var s = document.getElementById('t' + img.dataset.t); if (s) img.src = s.src; });</script>")
# The page's script reads #thumbs: give it an empty one (the pictures are inline).
page = page.replace("</main>", '</main><script type="application/json" id="thumbs">[]</script>' + copy, 1)
open(sys.argv[2], "w", encoding="utf-8").write(page)
