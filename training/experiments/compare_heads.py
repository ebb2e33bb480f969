#!/usr/bin/python3
"""How far two learned heads' scores lie apart on the CLIVE photos of versus-train's cache.

usage: /usr/bin/python3 training/experiments/compare_heads.py OLD.json NEW.json [CACHE.tsv]
Prints each head's overall score spread and the largest difference of centred scores
(log-odds), then the spread of two dimension heads. Used to check that retraining the
first recipe (issue 23) left the overall score, hence the anchors' sigma, as it was.
Plain Python (no numpy on the machine): ~1 min.
"""
import json
import statistics as st
import sys


def rows(cache):
    out = []
    with open(cache) as f:
        f.readline()
        for line in f:
            key, _, rest = line.partition('\t')
            if key.startswith('clive/') and key.count('/') == 1:  # photos as they are, no ladders
                v = rest.split()
                n = int(v[0])
                out.append([float(x) for x in v[1:1 + n]] + [float(x) for x in v[2 + n:]])
    return out


def scores(head, weight, data):
    c = [(w / s, m) for w, s, m in zip(weight, head['scale'], head['mean'])]
    return [sum(a * (x - m) for (a, m), x in zip(c, r)) for r in data]


def main():
    old, new = (json.load(open(p)) for p in sys.argv[1:3])
    data = rows(sys.argv[3] if len(sys.argv) > 3 else 'build/learned-cache/squeezenet+mobilenet.tsv')
    so, sn = scores(old, old['overall']['weight'], data), scores(new, new['overall']['weight'], data)
    mo, mn = st.mean(so), st.mean(sn)
    print(len(data), 'photos; overall sd old %.5f new %.5f; max |centred diff| %.5f' %
          (st.pstdev(so), st.pstdev(sn), max(abs((a - mo) - (b - mn)) for a, b in zip(so, sn))))
    for d in ['sharpness', 'exposure']:
        print(d, 'sd old %.3f new %.4f' % (st.pstdev(scores(old, old['dimensions'][d]['weight'], data)),
                                           st.pstdev(scores(new, new['dimensions'][d]['weight'], data))))


main()
