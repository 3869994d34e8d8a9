#!/usr/bin/python3
"""Aae against PyTorch: the same AAE steps, timed alternately in one process per framework.

    /usr/bin/python3 bench/compare.py [--rounds 3] [--threads 2] [--data-dir DIR] [--full-run] [--openblas-core auto|CORE]

Each round runs `dotnet artifacts/bin/Aae.Cli.dll bench --json` and `bench/reference_aae.py
--bench`, swapping which goes first every round (A P, P A, A P, ...) so that a slow drift of
the machine falls on both sides alike. Per metric it prints the median over the rounds of each
run's median, their min-max, and the ratio Aae / PyTorch (below 1: Aae is faster), then the
GFLOP/s each side achieves against the large matmul measured in the same run (the practical
ceiling). --full-run also trains mnist-gaussian for 45 epochs on both sides and compares
train_seconds and peak memory (RSS).

Build first (dotnet build src/Aae.Cli) and time on an idle machine: with other jobs running,
the numbers mean little. Each run reports how much of the CPUs other processes used meanwhile;
--wait-idle waits for other jobs to finish first and --attempts repeats a run that was disturbed.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REFERENCE = os.path.join(REPO, "bench", "reference_aae.py")

# A run during which other processes used more than this share of the CPUs is not trusted.
BUSY_SHARE = 0.05

# (key prefix, label, unit) of the step metrics both sides report as <prefix>_ms_median/min/max.
STEPS = [("mlp_step", "MLP step, batch 128", "ms"), ("conv_step", "conv step, batch 32, F 32", "ms"),
         ("categorical_step", "categorical step, batch 100", "ms")]


def busy_cpu_seconds():
    """CPU seconds the whole machine has been busy since boot (all CPUs, from /proc/stat)."""
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def run(cmd, echo=False):
    """Runs cmd with stdout captured (stderr passes through).
    Returns (stdout, wall seconds, peak RSS in MB, share of the machine other processes used meanwhile)."""
    busy_before = busy_cpu_seconds()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=REPO)
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if echo:
            print("    " + line.rstrip(), file=sys.stderr, flush=True)
    # wait4 rather than wait: it also returns this child's own resource usage (peak RSS, CPU time).
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"compare: {' '.join(cmd)} failed with exit code {proc.returncode}")
    others = busy_cpu_seconds() - busy_before - usage.ru_utime - usage.ru_stime
    foreign = max(0.0, others) / (seconds * os.cpu_count())
    return "".join(lines), seconds, usage.ru_maxrss / 1024, foreign   # ru_maxrss is in KiB on Linux


def wait_idle(minutes):
    """Waits (up to `minutes`) until no other training/test job runs and the CPUs are mostly idle."""
    deadline = time.time() + 60 * minutes
    while True:
        before = busy_cpu_seconds()
        time.sleep(5)
        load = (busy_cpu_seconds() - before) / (5 * os.cpu_count())
        if not busy_jobs() and load < 0.1:
            return True
        if time.time() > deadline:
            return False
        print(f"compare: waiting for an idle machine (CPU {load:.0%} busy)", file=sys.stderr, flush=True)
        time.sleep(25)


def last_json(text, cmd):
    for line in reversed(text.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    sys.exit(f"compare: no JSON line in the output of {' '.join(cmd)}")


def busy_jobs():
    """Other training or test jobs that would spoil the timings."""
    found = []
    for pattern in ("Aae.Cli.dll run", "dotnet test", "reference_aae.py"):
        out = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True).stdout.split()
        found += [pid for pid in out if int(pid) != os.getpid()]
    return found


def median_range(values):
    return statistics.median(values), min(values), max(values)


def fmt(values, digits):
    m, lo, hi = median_range(values)
    return f"{m:.{digits}f} ({lo:.{digits}f}-{hi:.{digits}f})"


def print_table(aae, torch_runs, rounds):
    print()
    print(f"Aae vs PyTorch, {rounds} alternating rounds, {aae[0]['threads']} threads "
          f"(median over rounds of each run's median, (min-max) of those medians)")
    print(f"  Aae:     libtorch {aae[0].get('torch')} via TorchSharp {aae[0].get('torchsharp')}, {' '.join(aae[0].get('blas', []))}, MKL kernels {aae[0].get('mkl_kernels', '?')}")
    forced = os.environ.get("OPENBLAS_CORETYPE")
    print(f"  PyTorch: torch {torch_runs[0].get('torch')}, {' '.join(torch_runs[0].get('blas', []))}, "
          f"OpenBLAS kernels {torch_runs[0].get('openblas_core')}"
          + (f" (forced: OPENBLAS_CORETYPE={forced})" if forced else " (chosen by OpenBLAS for this CPU)"))
    header = f"{'':30}{'Aae':>26}{'PyTorch':>26}{'Aae/PyTorch':>14}"
    print(header)
    print("-" * len(header))
    rows = [(f"{label} [{unit}]", f"{key}_ms_median", 3 if key == "mlp_step" else 1) for key, label, unit in STEPS]
    rows.insert(1, ("MNIST epoch, 469 steps [s]", "epoch_seconds", 2))
    for label, key, digits in rows:
        a = [r[key] for r in aae]
        p = [r[key] for r in torch_runs]
        ratio = statistics.median(a) / statistics.median(p)
        print(f"{label:30}{fmt(a, digits):>26}{fmt(p, digits):>26}{ratio:>14.2f}")
    print()
    print("single-step range within runs (fastest - slowest step over all runs):")
    for key, label, unit in STEPS:
        d = 3 if key == "mlp_step" else 1
        a_lo, a_hi = min(r[f"{key}_ms_min"] for r in aae), max(r[f"{key}_ms_max"] for r in aae)
        p_lo, p_hi = min(r[f"{key}_ms_min"] for r in torch_runs), max(r[f"{key}_ms_max"] for r in torch_runs)
        print(f"  {label:28} Aae {a_lo:.{d}f}-{a_hi:.{d}f} {unit}   PyTorch {p_lo:.{d}f}-{p_hi:.{d}f} {unit}")
    print()
    print("achieved GFLOP/s (FLOPs of the Linear/conv layers, backward = 2x forward) vs the matmul ceiling:")
    header = f"{'':30}{'Aae':>12}{'of matmul':>11}{'PyTorch':>12}{'of matmul':>11}"
    print(header)
    print("-" * len(header))
    a_ceiling = statistics.median(r["matmul_gflops"] for r in aae)
    p_ceiling = statistics.median(r["matmul_gflops"] for r in torch_runs)

    def achieved(runs, gflop_key, time_key, scale):
        return statistics.median(r[gflop_key] * scale(r) / r[time_key] for r in runs)

    lines = [
        ("MLP step", "mlp_step_gflop", "mlp_step_ms_median", lambda r: 1e3),
        ("MNIST epoch", "mlp_step_gflop", "epoch_seconds", lambda r: r["epoch_steps"]),  # last batch counted full
        ("conv step", "conv_step_gflop", "conv_step_ms_median", lambda r: 1e3),
    ]
    for label, gflop_key, time_key, scale in lines:
        a = achieved(aae, gflop_key, time_key, scale)
        p = achieved(torch_runs, gflop_key, time_key, scale)
        print(f"{label:30}{a:>12.2f}{a / a_ceiling:>10.1%}{p:>12.2f}{p / p_ceiling:>10.1%}")
    print(f"{'matmul ' + str(aae[0]['matmul_size']) + ' (ceiling)':30}{a_ceiling:>12.1f}{'':>11}{p_ceiling:>12.1f}")
    a_flop = aae[0]["mlp_step_gflop"], aae[0]["conv_step_gflop"]
    p_flop = torch_runs[0]["mlp_step_gflop"], torch_runs[0]["conv_step_gflop"]
    print(f"GFLOP per step: MLP {a_flop[0]:.4f} (PyTorch counts {p_flop[0]:.4f}), conv {a_flop[1]:.3f} (PyTorch {p_flop[1]:.3f})")
    foreign = max(r["foreign_cpu_share"] for r in aae + torch_runs)
    print(f"other processes used at most {foreign:.0%} of the CPUs during any run"
          + ("  <- WARNING: the machine was not idle, the timings are unreliable" if foreign > BUSY_SHARE else ""))
    if "mnist_load_seconds" in aae[0]:
        loads = [r["mnist_load_seconds"] for r in aae]
        rss = [r["peak_rss_mb"] for r in aae]
        print(f"Aae: MNIST load from .gz {fmt(loads, 2)} s; bench process peak RSS {fmt(rss, 0)} MB")


def full_run(args, aae_dll):
    print()
    print(f"full mnist-gaussian run, {args.epochs} epochs, {args.threads} threads:")
    out_dir = tempfile.mkdtemp(prefix="aae-compare-")
    try:
        run_dir = os.path.join(out_dir, "run")
        cmd = ["dotnet", aae_dll, "run", "mnist-gaussian", "--out", run_dir, "--data-dir", args.data_dir,
               "--threads", str(args.threads), "--epochs", str(args.epochs), "--no-download"]
        print("  " + " ".join(cmd), file=sys.stderr, flush=True)
        if args.wait_idle:
            wait_idle(args.wait_idle)
        _, a_wall, a_rss, a_foreign = run(cmd, echo=True)
        with open(os.path.join(run_dir, "metrics.json")) as f:
            a_metrics = json.load(f)
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)
    cmd = [args.python, REFERENCE, "--preset", "gaussian", "--epochs", str(args.epochs),
           "--threads", str(args.threads), "--data-dir", args.data_dir]
    print("  " + " ".join(cmd), file=sys.stderr, flush=True)
    if args.wait_idle:
        wait_idle(args.wait_idle)
    out, p_wall, p_rss, p_foreign = run(cmd, echo=True)
    p_metrics = last_json(out, cmd)
    a_train, p_train = a_metrics["train_seconds"], p_metrics["train_seconds"]
    print(f"{'':30}{'Aae':>12}{'PyTorch':>12}{'Aae/PyTorch':>14}")
    print(f"{'train_seconds':30}{a_train:>12.1f}{p_train:>12.1f}{a_train / p_train:>14.2f}")
    print(f"{'process wall seconds':30}{a_wall:>12.1f}{p_wall:>12.1f}{a_wall / p_wall:>14.2f}")
    print(f"{'peak RSS [MB]':30}{a_rss:>12.0f}{p_rss:>12.0f}{a_rss / p_rss:>14.2f}")
    print(f"{'test_mse':30}{a_metrics['test_mse']:>12.5f}{p_metrics['test_mse']:>12.5f}")
    print(f"{'knn_accuracy':30}{a_metrics['knn_accuracy']:>12.4f}{p_metrics['knn_accuracy']:>12.4f}")
    print(f"{'other processes CPU share':30}{a_foreign:>12.0%}{p_foreign:>12.0%}")
    print("  (Aae's wall time includes evaluation and figures; train_seconds is the sum of epoch times on both sides)")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds of both benchmarks (3)")
    ap.add_argument("--threads", type=int, default=2, help="CPU threads on both sides (2)")
    ap.add_argument("--data-dir", default=os.environ.get("AAE_DATA") or os.path.join(REPO, "..", "shared", "datasets"),
                    help="folder holding mnist/ ($AAE_DATA, else ../shared/datasets)")
    ap.add_argument("--repeats", type=int, help="timed MLP steps per run (each side's default: 200)")
    ap.add_argument("--conv-repeats", type=int, help="timed conv steps per run (20)")
    ap.add_argument("--categorical-repeats", type=int, help="timed categorical AAE steps per run (100)")
    ap.add_argument("--bench-epochs", type=int, help="timed MNIST epochs per run (3)")
    ap.add_argument("--full-run", action="store_true", help="also train mnist-gaussian fully on both sides")
    ap.add_argument("--epochs", type=int, default=45, help="epochs of --full-run (45)")
    ap.add_argument("--wait-idle", type=float, default=0, metavar="MINUTES",
                    help="before each run, wait up to this long for other jobs to finish (0: don't wait)")
    ap.add_argument("--attempts", type=int, default=1,
                    help=f"tries per benchmark run: a run during which other processes used more than {BUSY_SHARE * 100:.0f}%% "
                         "of the CPUs is repeated (1)")
    ap.add_argument("--aae-dll", default=os.path.join(REPO, "artifacts", "bin", "Aae.Cli.dll"))
    ap.add_argument("--python", default="/usr/bin/python3", help="a python with Debian's torch")
    ap.add_argument("--openblas-core", metavar="CORE", default="auto",
                    help="PyTorch side: the OpenBLAS kernels (OPENBLAS_CORETYPE, e.g. Haswell for AVX2 only); "
                         "auto (the default) clears OPENBLAS_CORETYPE so that OpenBLAS picks the best for this CPU")
    args = ap.parse_args()
    args.data_dir = os.path.abspath(args.data_dir)
    if not os.path.isfile(args.aae_dll):
        sys.exit(f"compare: {args.aae_dll} not found (dotnet build src/Aae.Cli first)")
    if not os.path.isdir(os.path.join(args.data_dir, "mnist")):
        sys.exit(f"compare: no mnist/ under {args.data_dir} (pass --data-dir or set AAE_DATA)")
    if busy_jobs() and not args.wait_idle:
        print("compare: warning: other training/test jobs are running; timings will be unreliable", file=sys.stderr)

    # Only OpenBLAS reads it, so this concerns the PyTorch side alone.
    if args.openblas_core == "auto":
        os.environ.pop("OPENBLAS_CORETYPE", None)
    else:
        os.environ["OPENBLAS_CORETYPE"] = args.openblas_core
    extra_aae, extra_torch = [], []
    for flag, value in (("--repeats", args.repeats), ("--conv-repeats", args.conv_repeats),
                        ("--categorical-repeats", args.categorical_repeats)):
        if value is not None:
            extra_aae += [flag, str(value)]
            extra_torch += [flag, str(value)]
    if args.bench_epochs is not None:
        extra_aae += ["--epochs", str(args.bench_epochs)]
        extra_torch += ["--bench-epochs", str(args.bench_epochs)]
    aae_cmd = ["dotnet", args.aae_dll, "bench", "--json", "--threads", str(args.threads),
               "--data-dir", args.data_dir] + extra_aae
    torch_cmd = [args.python, REFERENCE, "--bench", "--threads", str(args.threads),
                 "--data-dir", args.data_dir] + extra_torch

    aae, torch_runs = [], []
    for i in range(args.rounds):
        order = [("Aae", aae_cmd, aae), ("PyTorch", torch_cmd, torch_runs)]
        if i % 2 == 1:
            order.reverse()
        for name, cmd, results in order:
            print(f"round {i + 1}/{args.rounds}: {name}", file=sys.stderr, flush=True)
            for attempt in range(1, args.attempts + 1):
                if args.wait_idle and not wait_idle(args.wait_idle):
                    print("compare: still busy, timing anyway", file=sys.stderr)
                out, seconds, _, foreign = run(cmd)
                r = last_json(out, cmd)
                r["foreign_cpu_share"] = foreign
                print(f"  mlp {r['mlp_step_ms_median']:.3f} ms, epoch {r['epoch_seconds']:.2f} s, "
                      f"conv {r['conv_step_ms_median']:.1f} ms, categorical {r['categorical_step_ms_median']:.1f} ms, matmul {r['matmul_gflops']:.1f} GFLOP/s ({seconds:.0f} s"
                      f"; other processes used {foreign:.0%} of the CPUs)", file=sys.stderr, flush=True)
                if foreign <= BUSY_SHARE:
                    break
                if attempt < args.attempts:
                    print(f"  the machine was busy: timing {name} again", file=sys.stderr, flush=True)
            results.append(r)
    print_table(aae, torch_runs, args.rounds)
    if args.full_run:
        full_run(args, args.aae_dll)


if __name__ == "__main__":
    main()
