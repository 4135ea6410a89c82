"""PyTorch reference for `atradiff bench engine`: one training step (forward, backward, Adam) of a
ReLU MLP with an MSE loss, batch 256, and GEMM GFLOP/s, on --threads CPU threads (default: 1, then
2). Prints one JSON object: {"mlpBigMs": [per thread count], "mlpSmallMs": [...], "gemmGflops": ...},
median milliseconds per step.
Run with Debian's python3 (torch 1.13): /usr/bin/python3 scripts/bench/torch_engine_bench.py
torch.set_num_threads(1) does not stop Debian's OpenBLAS (libopenblas0-pthread) from multiplying on
all cores: for a true one-thread figure run this with OPENBLAS_NUM_THREADS=1 (the bench does).
"""
import json
import statistics
import sys
import time

import torch

BATCH = 256
BIG = [64, 1024, 1024, 1024, 64]
SMALL = [64, 256, 256, 64]


def mlp(widths):
    layers = []
    for i in range(len(widths) - 1):
        layers.append(torch.nn.Linear(widths[i], widths[i + 1]))
        if i + 2 < len(widths):
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def step_ms(widths, warmup, steps):
    torch.manual_seed(0)
    model = mlp(widths)
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)
    x = torch.randn(BATCH, widths[0])
    y = torch.randn(BATCH, widths[-1])

    def step():
        opt.zero_grad(set_to_none=False)
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        opt.step()

    for _ in range(warmup):
        step()
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1000.0)
    return statistics.median(times)


def gemm_gflops(case, reps=10):
    """Median GFLOP/s of C (256 x 1024) = op(A) op(B), k = 1024, operands stored to match."""
    m, n, k = 256, 1024, 1024
    a = torch.randn(k, m) if case == "tn" else torch.randn(m, k)
    b = torch.randn(n, k) if case == "nt" else torch.randn(k, n)
    opa = a.t() if case == "tn" else a
    opb = b.t() if case == "nt" else b
    for _ in range(2):
        torch.mm(opa, opb)
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        torch.mm(opa, opb)
        times.append(time.perf_counter() - t0)
    return 2 * m * n * k / statistics.median(times) / 1e9


def main():
    thread_counts = [int(sys.argv[sys.argv.index("--threads") + 1])] if "--threads" in sys.argv else [1, 2]
    result = {"mlpBigMs": [], "mlpSmallMs": [], "gemmGflops": {"nn": [], "nt": [], "tn": []}}
    for threads in thread_counts:
        torch.set_num_threads(threads)
        for case in ("nn", "nt", "tn"):
            result["gemmGflops"][case].append(gemm_gflops(case))
        result["mlpBigMs"].append(step_ms(BIG, warmup=5, steps=20))
        result["mlpSmallMs"].append(step_ms(SMALL, warmup=20, steps=100))
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
