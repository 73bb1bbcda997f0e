#!/usr/bin/env python3
"""What a researcher writes instead of dlsim: vectorized matrix-form D-SGD in numpy (issue 11).

X <- W X - eta G on logistic regression (d features + bias), W sparse (Metropolis-Hastings on a
regular graph = 1/(degree+1) on every edge and the diagonal), each node's minibatch gathered by
fancy indexing, gradients by einsum. Prints node-steps per second over the timed rounds (no
evaluation), to compare with `./dlsim run scenarios/bench/numpy-comparison.yaml --jobs 1` (see
simulator/BENCHMARKS.md). Needs numpy and scipy (Debian: python3-numpy python3-scipy).
"""
import argparse
import time

import numpy as np
import scipy.sparse as sp

p = argparse.ArgumentParser()
p.add_argument("--topology", choices=["ring", "exponential"], default="ring")
p.add_argument("--nodes", type=int, default=1024)
p.add_argument("--samples-per-node", type=int, default=500)
p.add_argument("--dimension", type=int, default=100)
p.add_argument("--batch", type=int, default=32)
p.add_argument("--step", type=float, default=0.1)
p.add_argument("--rounds", type=int, default=200)
p.add_argument("--warmup", type=int, default=20)
a = p.parse_args()
n, m, d, B = a.nodes, a.samples_per_node, a.dimension, a.batch

rng = np.random.default_rng(1)
truth = rng.standard_normal(d)
data = rng.standard_normal((n, m, d))                       # node i's shard: data[i]
labels = (rng.random((n, m)) < 1 / (1 + np.exp(-data @ truth))).astype(np.float64)

# Neighbour offsets: ring i±1; exponential graph i±2^k for every 2^k < n (dlsim's `exponential`).
steps = [1] if a.topology == "ring" else [2**k for k in range(n.bit_length()) if 2**k < n]
offsets = sorted({(s * k) % n for k in steps for s in (1, -1)} - {0})
rows = np.repeat(np.arange(n), len(offsets) + 1)
cols = (np.arange(n)[:, None] + np.array([0] + offsets)[None, :]).ravel() % n
W = sp.csr_matrix((np.full(rows.size, 1.0 / (len(offsets) + 1)), (rows, cols)), shape=(n, n))

x = np.zeros((n, d + 1))                                    # weights and bias of every node
node = np.arange(n)[:, None]


def step(x):
    batch = rng.integers(0, m, size=(n, B))
    xb = data[node, batch]                                  # (n, B, d) gather
    z = np.einsum("nbd,nd->nb", xb, x[:, :d]) + x[:, d:]
    r = 1 / (1 + np.exp(-z)) - labels[node, batch]          # dl/dz
    g = np.empty_like(x)
    g[:, :d] = np.einsum("nb,nbd->nd", r, xb) / B
    g[:, d] = r.mean(axis=1)
    return W @ x - a.step * g


for _ in range(a.warmup):
    x = step(x)
t0 = time.perf_counter()
for _ in range(a.rounds):
    x = step(x)
seconds = time.perf_counter() - t0
print(f"numpy D-SGD {a.topology} n={n} m={m} d={d} batch={B} degree={len(offsets)}: "
      f"{n * a.rounds / seconds:,.0f} node-steps/s ({seconds / a.rounds * 1e3:.2f} ms per round)")
