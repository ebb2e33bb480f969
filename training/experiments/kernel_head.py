#!/usr/bin/python3
"""Would a non-linear head beat the shipped linear one? A research script, not product.

Reads the feature cache `versus-train` writes (build/learned-cache/squeezenet+mobilenet.tsv)
and cross-validates, on one fold split by photo, the shipped kind of head (linear in the
standardised features) against a Gaussian-kernel head (s(x) = sum_i a_i k(x_i, x) over
the training images), both trained on the same pairs as versus-train: every pair of
training CLIVE photos with target Phi((muA - muB) / sqrt(sdA^2 + sdB^2)), weighted
--mos-weight : 1 against the trained ladder kinds' pairs (target 1).

It answers a design question, so it cuts corners the shipped trainer does not: columns
are standardised once over every image (no labels are used), and its fold split is
not versus-train's, so compare its lines with each other, not with versus-train's.
Needs Debian's python3-torch, python3-scipy and python3-numpy (not installed by setup).

    /usr/bin/python3 training/experiments/kernel_head.py   # ~8 min on 2 cores
"""
import argparse
import csv
import time

import numpy as np
import torch
from scipy.special import erfc

HELD_OUT = {"webp", "resample", "defocus", "haze"}


def load_cache(path, mos_csv, clive_ladders):
    """Rows of the cache that versus-train with --clive-ladders N would use."""
    mos = {}
    order = []
    with open(mos_csv) as f:
        for row in csv.DictReader(f):
            mos[row["image"]] = (float(row["mos"]), float(row["mos_std"]))
            order.append(row["image"])
    every = max(1, len(order) // max(1, clive_ladders))
    with_ladders = {name for i, name in enumerate(order) if i % every == 0 and i // every < clive_ladders}
    keys, rows = [], []
    with open(path) as f:
        f.readline()
        for line in f:
            key, rest = line.rstrip("\n").split("\t", 1)
            parts = key.split("/")
            if parts[0] == "clive" and len(parts) > 2 and parts[1] not in with_ladders:
                continue
            v = np.array(rest.split(" "), dtype=np.float64)
            n = int(v[0])
            m = int(v[1 + n])
            keys.append(parts)
            rows.append(np.concatenate([v[1:1 + n], v[2 + n:2 + n + m]]))
    return keys, np.stack(rows).astype(np.float32), mos


class Data:
    def __init__(self, keys, x, mos):
        photos = sorted({"/".join(k[:2]) for k in keys})
        self.photo = np.array([photos.index("/".join(k[:2])) for k in keys])
        self.kind = np.array([k[2] if len(k) > 2 else "" for k in keys])
        self.level = np.array([int(k[3]) if len(k) > 2 else 0 for k in keys])
        scored = [k[0] == "clive" and len(k) == 2 for k in keys]
        self.y = np.array([mos[k[1]][0] if s else np.nan for k, s in zip(keys, scored)])
        self.ysd = np.array([mos[k[1]][1] if s else 0.0 for k, s in zip(keys, scored)])
        self.n_photos = len(photos)
        mu, sd = x.mean(0), x.std(0)
        sd[sd < 1e-6] = 1
        self.z = torch.tensor((x - mu) / sd)
        self.ladder_pairs = self._ladder_pairs()

    def _ladder_pairs(self):
        """(better, worse, kind, photo): the photo against each level, milder against stronger."""
        pairs = []
        for p in range(self.n_photos):
            idx = np.where(self.photo == p)[0]
            for i in idx:
                for j in idx:
                    if self.kind[j] and self.level[j] > self.level[i] and self.kind[i] in ("", self.kind[j]):
                        pairs.append((i, j, self.kind[j], p))
        return pairs

    def training_pairs(self, train_photo, mos_weight):
        r = np.where(train_photo[self.photo] & ~np.isnan(self.y))[0]
        ia, ib = np.triu_indices(len(r), 1)
        a, b = r[ia], r[ib]
        t = 0.5 * erfc(-(self.y[a] - self.y[b]) / np.sqrt(2 * (self.ysd[a] ** 2 + self.ysd[b] ** 2)))
        lad = [(i, j) for i, j, k, p in self.ladder_pairs if train_photo[p] and k not in HELD_OUT]
        la = np.array([i for i, _ in lad], dtype=int)
        lb = np.array([j for _, j in lad], dtype=int)
        w = np.concatenate([np.full(len(a), mos_weight / len(a)), np.full(len(la), 1.0 / max(1, len(la)))])
        return (torch.tensor(np.concatenate([a, la])), torch.tensor(np.concatenate([b, lb])),
                torch.tensor(np.concatenate([t, np.ones(len(la))]), dtype=torch.float32),
                torch.tensor(w / w.sum(), dtype=torch.float32))


def fit(params, score, penalty, pairs, steps):
    a, b, t, w = pairs
    opt = torch.optim.LBFGS(params, lr=1, max_iter=steps, history_size=20, line_search_fn="strong_wolfe",
                            tolerance_grad=1e-9, tolerance_change=1e-12)

    def closure():
        opt.zero_grad()
        s = score()
        loss = (torch.nn.functional.binary_cross_entropy_with_logits(s[a] - s[b], t, reduction="none") * w).sum()
        loss = loss + penalty()
        loss.backward()
        return loss

    opt.step(closure)
    return score().detach().numpy()


def linear_head(data, train_photo, l2, mos_weight, steps, **_):
    w = torch.zeros(data.z.shape[1], requires_grad=True)
    return fit([w], lambda: data.z @ w, lambda: l2 * (w ** 2).sum(),
               data.training_pairs(train_photo, mos_weight), steps)


def kernel_head(data, train_photo, l2, mos_weight, steps, kernel, **_):
    rows = torch.tensor(np.where(train_photo[data.photo])[0])
    k = kernel[:, rows].float()
    k_rows = k[rows]
    alpha = torch.zeros(len(rows), requires_grad=True)
    return fit([alpha], lambda: k @ alpha, lambda: l2 * (alpha @ (k_rows @ alpha)),
               data.training_pairs(train_photo, mos_weight), steps)


def gaussian_kernel(z, gamma):
    """exp(-d^2 / (gamma * median d^2)), scaled to the linear kernel's mean diagonal."""
    g = (z @ z.T).double()
    diag = torch.diag(g)
    d2 = (diag[:, None] + diag[None, :] - 2 * g).clamp(min=0)
    return torch.exp(-d2 / (gamma * d2[d2 > 0].median())) * diag.mean()


def spearman(a, b):
    return np.corrcoef(np.argsort(np.argsort(a)), np.argsort(np.argsort(b)))[0, 1]


def cross_validate(data, head, folds, seed, **kw):
    fold = np.arange(data.n_photos) % folds
    np.random.RandomState(seed).shuffle(fold)
    rho, seen, held = [], [], []
    for f in range(folds):
        s = head(data, fold != f, **kw)
        test = np.where((fold == f)[data.photo] & ~np.isnan(data.y))[0]
        rho.append(spearman(s[test], data.y[test]))
        right = {True: [], False: []}
        for i, j, k, p in data.ladder_pairs:
            if fold[p] == f:
                right[k in HELD_OUT].append(s[i] > s[j])
        seen.append(np.mean(right[False]))
        held.append(np.mean(right[True]))
    return rho, seen, held


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", default="build/learned-cache/squeezenet+mobilenet.tsv")
    ap.add_argument("--mos", default="../shared/data/mos/clive-dev/mos.csv")
    ap.add_argument("--clive-ladders", type=int, default=12)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    started = time.time()
    data = Data(*load_cache(args.cache, args.mos, args.clive_ladders))
    kernel = gaussian_kernel(data.z, gamma=1.0)
    print(f"{len(data.photo)} images, {data.n_photos} photos, {data.z.shape[1]} columns "
          f"({time.time() - started:.0f} s to load)")
    variants = [
        ("linear, MOS only", linear_head, dict(l2=0.01, mos_weight=1e6, steps=100)),
        ("linear, MOS+ladders (shipped kind)", linear_head, dict(l2=0.01, mos_weight=300, steps=100)),
        ("gaussian kernel, MOS only", kernel_head, dict(l2=0.01, mos_weight=1e6, steps=500)),
        ("gaussian kernel, MOS+ladders", kernel_head, dict(l2=0.03, mos_weight=300, steps=500)),
    ]
    print(f"{'head':38s} {'Spearman (MOS)':16s} {'ladders seen':16s} {'ladders held-out':16s}")
    for name, head, kw in variants:
        cols = cross_validate(data, head, args.folds, args.seed, kernel=kernel, **kw)
        print(f"{name:38s} " + " ".join(f"{np.mean(c):.3f} +- {np.std(c):.3f}" for c in cols), flush=True)


if __name__ == "__main__":
    main()
