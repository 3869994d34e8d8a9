#!/usr/bin/python3
"""PyTorch reference for the Aae speed benchmark and the MNIST AAE study.

Training:  /usr/bin/python3 bench/reference_aae.py --preset umbrella-labels --epochs 45 --threads 2 --seed 0
Benchmark: /usr/bin/python3 bench/reference_aae.py --bench --threads 2 [--repeats 200 --conv-repeats 20]

Both modes print a single JSON object on the last line.
Needs Debian's PyTorch (apt-get install python3-torch libopenblas0-openmp);
use /usr/bin/python3, not a pyenv python without torch.
"""
import argparse
import ctypes
import gzip
import json
import math
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

LAMBDA = 0.1          # weight of the adversarial terms
LR = 1e-3
BATCH = 128
N_CLASSES = 11        # digits 0-9 plus class 10 = "unlabelled"
LABEL_FRACTION = 0.2  # share of each batch that carries its digit's one-hot

# Umbrella prior: 10 components on a circle of radius 2, long axis radial.
UMB_K = 10
UMB_RADIUS = 2.0
UMB_VAR_RADIAL = 0.75 ** 2 / 2
UMB_VAR_TANGENT = 0.25 ** 2 / 2


# ---------------------------------------------------------------- data

def read_idx(path):
    """Parse an IDX file (optionally .gz): magic 0x0000TTNN, NN big-endian dims, then data."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    if raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    ndim = raw[3]
    dims = np.frombuffer(raw, dtype=">u4", count=ndim, offset=4).astype(np.int64)
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    if data.size != int(np.prod(dims)):
        raise ValueError(f"{path}: size mismatch")
    return data.reshape(tuple(dims))


def load_mnist(data_dir):
    """Returns uint8 tensors: images flattened to (N,784), labels (N,)."""
    d = os.path.join(data_dir, "mnist")

    def images(name):
        return torch.from_numpy(read_idx(os.path.join(d, name)).reshape(-1, 784).copy())

    def labels(name):
        return torch.from_numpy(read_idx(os.path.join(d, name)).astype(np.int64))

    return (images("train-images-idx3-ubyte.gz"), labels("train-labels-idx1-ubyte.gz"),
            images("t10k-images-idx3-ubyte.gz"), labels("t10k-labels-idx1-ubyte.gz"))


def batch_of(images_u8, idx):
    # The pipeline we time: uint8 dataset tensor -> gather a shuffled batch -> float in [0,1].
    return images_u8.index_select(0, idx).float().div_(255.0)


# ---------------------------------------------------------------- models

def init_xavier(module):
    if isinstance(module, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):
        nn.init.xavier_uniform_(module.weight)
        if module.bias is not None:
            nn.init.zeros_(module.bias)


def mnist_models(disc_in):
    enc = nn.Sequential(
        nn.Linear(784, 256), nn.LeakyReLU(0.2),
        nn.Linear(256, 64), nn.LeakyReLU(0.2),
        nn.Linear(64, 2))
    dec = nn.Sequential(
        nn.Linear(2, 64), nn.ReLU(),
        nn.Linear(64, 256), nn.ReLU(),
        nn.Linear(256, 784), nn.Sigmoid())
    disc = nn.Sequential(
        nn.Linear(disc_in, 128), nn.ReLU(),
        nn.Linear(128, 128), nn.ReLU(),
        nn.Linear(128, 1))
    for m in (enc, dec, disc):
        m.apply(init_xavier)
    return enc, dec, disc


def faces_models(f=32, latent=400):
    # 64 -> 30 (k5 s2) -> 30 (k3 s1 p1) -> 14 (k3 s2); the decoder mirrors it back to 64.
    enc = nn.Sequential(
        nn.Conv2d(3, 4 * f, 5, 2, 0, bias=False), nn.BatchNorm2d(4 * f), nn.LeakyReLU(0.2),
        nn.Conv2d(4 * f, 3 * f, 3, 1, 1, bias=False), nn.BatchNorm2d(3 * f), nn.LeakyReLU(0.2),
        nn.Conv2d(3 * f, 2 * f, 3, 2, 0, bias=False), nn.BatchNorm2d(2 * f), nn.LeakyReLU(0.2),
        nn.Flatten(), nn.Linear(2 * f * 14 * 14, latent))
    dec = nn.Sequential(
        nn.Linear(latent, 2 * f * 14 * 14), nn.ReLU(), nn.Unflatten(1, (2 * f, 14, 14)),
        nn.ConvTranspose2d(2 * f, 3 * f, 4, 2, bias=False), nn.BatchNorm2d(3 * f), nn.ReLU(),
        nn.ConvTranspose2d(3 * f, 4 * f, 3, 1, 1, bias=False), nn.BatchNorm2d(4 * f), nn.ReLU(),
        nn.ConvTranspose2d(4 * f, 3, 6, 2), nn.Sigmoid())
    disc = nn.Sequential(
        nn.Linear(latent, 400), nn.ReLU(),
        nn.Linear(400, 200), nn.ReLU(),
        nn.Linear(200, 1))
    for m in (enc, dec, disc):
        m.apply(init_xavier)
    return enc, dec, disc


# ---------------------------------------------------------------- priors

def umbrella_params():
    theta = 2 * math.pi * torch.arange(UMB_K, dtype=torch.float32) / UMB_K
    radial = torch.stack([torch.cos(theta), torch.sin(theta)], 1)      # unit radial direction
    tangent = torch.stack([-torch.sin(theta), torch.cos(theta)], 1)
    return UMB_RADIUS * radial, radial, tangent


UMB_MEANS, UMB_RADIAL, UMB_TANGENT = umbrella_params()


def sample_umbrella(components):
    """One sample per entry of `components` (long tensor of component ids)."""
    n = components.numel()
    eps = torch.randn(n, 2)
    # x = mu + R(theta) diag(sd_r, sd_t) eps  ->  covariance R diag(var_r, var_t) R^T
    return (UMB_MEANS[components]
            + UMB_RADIAL[components] * (eps[:, :1] * math.sqrt(UMB_VAR_RADIAL))
            + UMB_TANGENT[components] * (eps[:, 1:] * math.sqrt(UMB_VAR_TANGENT)))


def umbrella_assign(z):
    """Component of highest density for each code. Equal weights and equal determinants,
    so the highest density is the smallest Mahalanobis distance."""
    d = z[:, None, :] - UMB_MEANS[None]                     # (N, K, 2)
    r = (d * UMB_RADIAL[None]).sum(-1)
    t = (d * UMB_TANGENT[None]).sum(-1)
    return (r * r / UMB_VAR_RADIAL + t * t / UMB_VAR_TANGENT).argmin(1)


class Prior:
    """Draws prior samples and the discriminator's extra input for one batch."""

    def __init__(self, kind, dim=2):
        self.kind, self.dim = kind, dim
        self.labels = kind == "umbrella-labels"

    def disc_in(self):
        return self.dim + (N_CLASSES if self.labels else 0)

    def sample(self, y):
        """y: digit labels of the batch (used only by the labels variant).
        Returns (prior samples, one-hot or None)."""
        n = y.numel()
        if self.kind == "gaussian":
            return torch.randn(n, self.dim), None
        if not self.labels:
            return sample_umbrella(torch.randint(0, UMB_K, (n,))), None
        # A random 20% of the batch is labelled; the rest is class 10 and draws a random component.
        n_lab = int(round(LABEL_FRACTION * n))
        labelled = torch.zeros(n, dtype=torch.bool)
        labelled[torch.randperm(n)[:n_lab]] = True
        cls = torch.where(labelled, y, torch.full_like(y, N_CLASSES - 1))
        comp = torch.where(labelled, y, torch.randint(0, UMB_K, (n,)))
        return sample_umbrella(comp), F.one_hot(cls, N_CLASSES).float()


# ---------------------------------------------------------------- the two-phase step

class AaeTrainer:
    def __init__(self, enc, dec, disc, prior_fn):
        self.enc, self.dec, self.disc = enc, dec, disc
        self.prior_fn = prior_fn   # y -> (p, onehot or None)
        self.opt_e = torch.optim.Adam(enc.parameters(), lr=LR)
        self.opt_dec = torch.optim.Adam(dec.parameters(), lr=LR)
        self.opt_d = torch.optim.Adam(disc.parameters(), lr=LR)

    def d_logits(self, z, onehot):
        return self.disc(z if onehot is None else torch.cat([z, onehot], 1))

    def step(self, x, y):
        bce = F.binary_cross_entropy_with_logits
        z = self.enc(x)
        p, onehot = self.prior_fn(y)

        # Phase 1: discriminator, prior samples are "real", codes are "fake".
        dp = self.d_logits(p, onehot)
        dz = self.d_logits(z.detach(), onehot)
        d_loss = LAMBDA * (bce(dp, torch.ones_like(dp)) + bce(dz, torch.zeros_like(dz)))
        self.opt_d.zero_grad(set_to_none=True)
        d_loss.backward()
        self.opt_d.step()

        # Phase 2: encoder+decoder on reconstruction + fooling the *updated* discriminator.
        # The discriminator's weights are frozen here so no unused weight gradients are computed.
        for q in self.disc.parameters():
            q.requires_grad_(False)
        recon = F.mse_loss(self.dec(z), x)
        dz2 = self.d_logits(z, onehot)
        adv = bce(dz2, torch.ones_like(dz2))
        g_loss = recon + LAMBDA * adv
        self.opt_e.zero_grad(set_to_none=True)
        self.opt_dec.zero_grad(set_to_none=True)
        g_loss.backward()
        self.opt_e.step()
        self.opt_dec.step()
        for q in self.disc.parameters():
            q.requires_grad_(True)
        return recon.item(), d_loss.item(), adv.item()


def run_epoch(trainer, train_x, train_y, batch=BATCH):
    perm = torch.randperm(train_x.shape[0])       # reshuffled every epoch
    sums = np.zeros(3)
    n_steps = 0
    for start in range(0, perm.numel(), batch):   # 469 steps, the last one of 96 images
        idx = perm[start:start + batch]
        sums += trainer.step(batch_of(train_x, idx), train_y.index_select(0, idx))
        n_steps += 1
    return sums / n_steps, n_steps


# ---------------------------------------------------------------- evaluation

@torch.no_grad()
def encode_all(enc, images_u8, chunk=2000):
    return torch.cat([enc(images_u8[i:i + chunk].float() / 255.0)
                      for i in range(0, images_u8.shape[0], chunk)])


@torch.no_grad()
def test_mse(enc, dec, images_u8, chunk=2000):
    total = 0.0
    for i in range(0, images_u8.shape[0], chunk):
        x = images_u8[i:i + chunk].float() / 255.0
        total += ((dec(enc(x)) - x) ** 2).sum().item()
    return total / images_u8.numel()     # mean squared error per pixel


@torch.no_grad()
def knn_accuracy(train_z, train_y, test_z, test_y, k=5, chunk=1000):
    correct = 0
    for i in range(0, test_z.shape[0], chunk):
        d = torch.cdist(test_z[i:i + chunk], train_z)
        nn_idx = d.topk(k, dim=1, largest=False).indices
        votes = train_y[nn_idx]
        # Majority vote; torch.mode breaks ties towards the smaller label.
        pred = votes.mode(dim=1).values
        correct += (pred == test_y[i:i + chunk]).sum().item()
    return correct / test_z.shape[0]


def mode_accuracy(test_z, test_y, labelled):
    comp = umbrella_assign(test_z)
    if labelled:
        return (comp == test_y).float().mean().item()    # each digit should sit on its own component
    # Unsupervised: map each component to the majority digit of the test codes it received.
    correct = 0
    for k in range(UMB_K):
        ys = test_y[comp == k]
        if ys.numel():
            correct += torch.bincount(ys, minlength=10).max().item()
    return correct / test_y.numel()


# ---------------------------------------------------------------- FLOP counting

def forward_flops(model, x, show_shapes=False):
    """Analytic forward FLOPs of the Linear/Conv layers for input x.
    Rule: one multiply-add = 2 FLOPs; bias adds, activations, BatchNorm, losses and the
    optimiser are not counted.
      Linear:          2 * in * out * rows
      Conv2d:          2 * out.numel() * (Cin/groups) * kh * kw
      ConvTranspose2d: 2 * in.numel() * (Cout/groups) * kh * kw   (each input pixel scatters a kernel)
    """
    total = [0]

    def hook(m, inp, out):
        i = inp[0]
        if isinstance(m, nn.Linear):
            f = 2 * m.in_features * m.out_features * (i.numel() // m.in_features)
        elif isinstance(m, nn.Conv2d):
            f = 2 * out.numel() * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]
        else:
            f = 2 * i.numel() * (m.out_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]
        total[0] += f
        if show_shapes:
            print(f"  {type(m).__name__:16s} {tuple(i.shape)} -> {tuple(out.shape)}  {f / 1e6:9.1f} MFLOP")

    handles = [m.register_forward_hook(hook) for m in model.modules()
               if isinstance(m, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d))]
    with torch.no_grad():
        out = model(x)
    for h in handles:
        h.remove()
    return total[0], out


def step_flops(enc, dec, disc, x, disc_extra=0, show_shapes=False):
    """FLOPs of one two-phase step. Counting rule: every pass that is back-propagated costs
    3x its forward (backward ~ 2x forward: input gradient + weight gradient). Per step:
      encoder and decoder: 1 forward + backward             -> 3 * (F_enc + F_dec)
      discriminator phase 1: prior batch + code batch       -> 3 * 2 * F_disc
      discriminator phase 2: code batch through the updated D -> 3 * F_disc
    (Phase 2 really skips D's weight gradients and nobody needs the input gradient of x or
    of the prior; we keep the uniform 3x convention so C# and PyTorch are counted alike.)"""
    if show_shapes:
        print("encoder:")
    f_enc, z = forward_flops(enc, x, show_shapes)
    if show_shapes:
        print("decoder:")
    f_dec, out = forward_flops(dec, z, show_shapes)
    if show_shapes:
        print("discriminator:")
    dz = torch.cat([z, torch.zeros(z.shape[0], disc_extra)], 1) if disc_extra else z
    f_disc, _ = forward_flops(disc, dz, show_shapes)
    return 3 * (f_enc + f_dec + 3 * f_disc), out


# ---------------------------------------------------------------- modes

def mapped_libraries(word):
    """Paths of the shared objects mapped into this process whose path contains `word`."""
    try:
        with open("/proc/self/maps") as f:
            return sorted({line.split()[-1] for line in f if word in line.lower() and ".so" in line})
    except OSError:
        return []


def blas_library():
    """Which BLAS shared object is actually mapped (Debian's torch links the generic libblas.so.3)."""
    return sorted(os.path.basename(p) for p in mapped_libraries("blas"))


def openblas_core():
    """The kernels OpenBLAS chose (or was told to use with OPENBLAS_CORETYPE), if OpenBLAS is the BLAS."""
    for path in mapped_libraries("openblas"):
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            return lib.openblas_get_corename().decode()
        except (OSError, AttributeError):
            return None
    return None


def time_calls(fn, repeats, warmup):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def stats_ms(prefix, times):
    ms = [t * 1e3 for t in times]
    return {f"{prefix}_ms_median": statistics.median(ms), f"{prefix}_ms_min": min(ms),
            f"{prefix}_ms_max": max(ms)}


def bench(args):
    result = {"mode": "bench", "torch": torch.__version__, "threads": torch.get_num_threads(),
              "blas": blas_library(), "openblas_core": openblas_core()}
    train_x, train_y, _, _ = load_mnist(args.data_dir)

    # (a) MNIST MLP AAE step, batch 128, gaussian prior, real data pipeline.
    prior = Prior("gaussian")
    enc, dec, disc = mnist_models(prior.disc_in())
    trainer = AaeTrainer(enc, dec, disc, prior.sample)
    n = train_x.shape[0]

    def mlp_step():
        idx = torch.randint(0, n, (BATCH,))   # a fresh random batch each call
        trainer.step(batch_of(train_x, idx), train_y.index_select(0, idx))

    times = time_calls(mlp_step, args.repeats, warmup=max(10, args.repeats // 10))
    result.update(stats_ms("mlp_step", times))
    flops, _ = step_flops(enc, dec, disc, torch.zeros(BATCH, 784))
    result["mlp_step_gflop"] = flops / 1e9
    result["mlp_step_gflops_achieved"] = flops / 1e9 / statistics.median(times)
    print(f"mlp step: median {result['mlp_step_ms_median']:.3f} ms over {args.repeats}", flush=True)

    # (b) one full epoch (469 steps, shuffled), same trainer, already warm.
    ep = []
    for _ in range(args.bench_epochs):
        t0 = time.perf_counter()
        _, steps = run_epoch(trainer, train_x, train_y)
        ep.append(time.perf_counter() - t0)
    result["epoch_seconds"] = statistics.median(ep)   # median: a busy neighbour can spoil one epoch
    result["epoch_seconds_all"] = ep
    result["epoch_steps"] = steps
    print(f"epoch: {result['epoch_seconds']:.2f} s ({steps} steps)", flush=True)

    # (c) faces conv AAE step, batch 32, F=32, 400-d gaussian prior, random uint8 images.
    fb, f, latent = 32, 32, 400
    enc, dec, disc = faces_models(f, latent)
    faces_u8 = torch.randint(0, 256, (256, 3, 64, 64), dtype=torch.uint8)
    print("faces conv AAE shapes (batch 32):")
    flops, out = step_flops(enc, dec, disc, torch.zeros(fb, 3, 64, 64), show_shapes=True)
    assert tuple(out.shape) == (fb, 3, 64, 64), out.shape
    trainer = AaeTrainer(enc, dec, disc, lambda y: (torch.randn(y.numel(), latent), None))

    def conv_step():
        idx = torch.randint(0, faces_u8.shape[0], (fb,))
        trainer.step(faces_u8.index_select(0, idx).float().div_(255.0), idx)

    times = time_calls(conv_step, args.conv_repeats, warmup=3)
    result.update(stats_ms("conv_step", times))
    result["conv_step_gflop"] = flops / 1e9
    result["conv_step_gflops_achieved"] = flops / 1e9 / statistics.median(times)
    print(f"conv step: median {result['conv_step_ms_median']:.1f} ms over {args.conv_repeats}", flush=True)

    # (e) the categorical AAE step (bench/reference_categorical.py; imported here, it imports this file).
    import reference_categorical
    result.update(reference_categorical.bench(reference_categorical.parse_args(
        ["--bench", "--repeats", str(args.categorical_repeats), "--threads", str(args.threads), "--data-dir", args.data_dir])))
    print(f"categorical step: median {result['categorical_step_ms_median']:.1f} ms over {args.categorical_repeats}", flush=True)

    # (d) practical ceiling: a large float32 matmul.
    m = args.matmul_size
    a, b, c = torch.randn(m, m), torch.randn(m, m), torch.empty(m, m)
    times = time_calls(lambda: torch.mm(a, b, out=c), args.matmul_repeats, warmup=2)
    result["matmul_size"] = m
    result["matmul_gflops"] = 2 * m ** 3 / statistics.median(times) / 1e9
    result["matmul_gflops_best"] = 2 * m ** 3 / min(times) / 1e9
    print(f"matmul {m}: {result['matmul_gflops']:.1f} GFLOP/s", flush=True)
    return result


def train(args):
    train_x, train_y, test_x, test_y = load_mnist(args.data_dir)
    prior = Prior(args.preset)
    enc, dec, disc = mnist_models(prior.disc_in())
    trainer = AaeTrainer(enc, dec, disc, prior.sample)

    train_seconds = 0.0
    for epoch in range(1, args.epochs + 1):
        t0 = time.perf_counter()
        (recon, d_loss, adv), steps = run_epoch(trainer, train_x, train_y)
        dt = time.perf_counter() - t0
        train_seconds += dt
        print(f"epoch {epoch:3d}/{args.epochs}  recon {recon:.5f}  d_loss {d_loss:.4f}  "
              f"adv {adv:.4f}  {dt:.2f} s", flush=True)

    enc.eval(), dec.eval()
    train_z, test_z = encode_all(enc, train_x), encode_all(enc, test_x)
    result = {"mode": "train", "preset": args.preset, "epochs": args.epochs, "seed": args.seed,
              "threads": torch.get_num_threads(), "torch": torch.__version__,
              "test_mse": test_mse(enc, dec, test_x),
              "knn_accuracy": knn_accuracy(train_z, train_y, test_z, test_y),
              "train_seconds": train_seconds}
    if args.preset.startswith("umbrella"):
        result["mode_accuracy"] = mode_accuracy(test_z, test_y, prior.labels)
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--preset", choices=["gaussian", "umbrella", "umbrella-labels"], default="gaussian")
    ap.add_argument("--epochs", type=int, default=45)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2, help="torch.set_num_threads")
    ap.add_argument("--data-dir", default="/work/shared/datasets", help="holds mnist/*-ubyte.gz")
    ap.add_argument("--bench", action="store_true", help="time steps instead of training")
    ap.add_argument("--repeats", type=int, default=200, help="timed MLP steps (bench)")
    ap.add_argument("--conv-repeats", type=int, default=20, help="timed conv steps (bench)")
    ap.add_argument("--categorical-repeats", type=int, default=100, help="timed categorical AAE steps (bench)")
    ap.add_argument("--bench-epochs", type=int, default=3, help="timed full epochs (bench)")
    ap.add_argument("--matmul-size", type=int, default=2048)
    ap.add_argument("--matmul-repeats", type=int, default=10)
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)

    result = bench(args) if args.bench else train(args)
    print(json.dumps(result))


if __name__ == "__main__":
    sys.exit(main())
