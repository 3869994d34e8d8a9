#!/usr/bin/python3
"""PyTorch reference of Aae's categorical AAE (semi-supervised classification and clustering).

Training:  /usr/bin/python3 bench/reference_categorical.py --labelled 100      # mnist-semi-100
           /usr/bin/python3 bench/reference_categorical.py --labelled 0 --categories 16 --style-size 2 \
               --shift 0 --consistency 0 --vat 3 --balance 4 --detach-category        # mnist-cluster-16
Benchmark: /usr/bin/python3 bench/reference_categorical.py --bench [--repeats 100]

The same networks, phases and optimisers as src/Aae/Families/CategoricalAae: an encoder with a
softmax head y over K categories and a Gaussian style head z, a decoder from [y, z], two
discriminators (Cat(K) against y, N(0, I) against z), three phases per batch. Validation: the
last 10,000 training images, never labelled or trained on. Prints one JSON object last.
"""
import argparse
import json
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_aae import batch_of, init_xavier, load_mnist, stats_ms, time_calls  # noqa: E402

VALIDATION = 10_000


def mlp(sizes, last=None, activation=nn.ReLU):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(activation())
    if last is not None:
        layers.append(last)
    net = nn.Sequential(*layers)
    net.apply(init_xavier)
    return net


def random_shift(x, s):
    """Moves each flattened 28x28 image by its own random offset of up to s pixels, zeros coming in (as Aae's RandomShift)."""
    if s == 0:
        return x
    n = x.shape[0]
    padded = F.pad(x.view(n, 1, 28, 28), (s, s, s, s))
    offsets = torch.randint(0, 2 * s + 1, (n, 2))
    rows = (offsets[:, :1] + torch.arange(28)).view(n, 1, 28, 1).expand(n, 1, 28, 28 + 2 * s)
    cols = (offsets[:, 1:] + torch.arange(28)).view(n, 1, 1, 28).expand(n, 1, 28, 28)
    return padded.gather(2, rows).gather(3, cols).reshape(n, 784)


class CategoricalAae:
    def __init__(self, a):
        self.k, self.style, self.noise = a.categories, a.style_size, a.input_noise
        self.shift, self.consistency = a.shift, a.consistency
        self.balance, self.vat, self.vat_epsilon = a.balance, a.vat, a.vat_epsilon
        self.detach_category = a.detach_category
        h = a.hidden
        self.enc = mlp([784, h, h, self.k + self.style], activation=lambda: nn.LeakyReLU(0.2))  # as Aae's MlpEncoder
        self.dec = mlp([self.k + self.style, h, h, 784], nn.Sigmoid())
        self.d_cat = mlp([self.k, h, h, 1])
        self.d_gauss = mlp([self.style, h, h, 1])
        adam = torch.optim.Adam
        self.opt_recon = adam(list(self.enc.parameters()) + list(self.dec.parameters()), lr=a.reconstruction_lr)
        self.opt_d = adam(list(self.d_cat.parameters()) + list(self.d_gauss.parameters()), lr=a.discriminator_lr)
        self.opt_gen = adam(self.enc.parameters(), lr=a.regularisation_lr)
        self.opt_semi = adam(self.enc.parameters(), lr=a.semi_lr)

    def encode(self, x):
        out = self.enc(x)
        return F.softmax(out[:, :self.k], 1), out[:, self.k:], out[:, :self.k]

    def step(self, images, labelled_x=None, labelled_y=None):
        x = random_shift(images, self.shift)
        # (1) reconstruction: encoder and decoder, from a noisy input (denoising).
        y, z, _ = self.encode(x + self.noise * torch.randn_like(x))
        # --detach-category: the reconstruction error does not train the category head.
        recon = F.binary_cross_entropy(self.dec(torch.cat([y.detach() if self.detach_category else y, z], 1)), x)
        self.opt_recon.zero_grad(set_to_none=True)
        recon.backward()
        self.opt_recon.step()
        # (2) regularisation: both discriminators, then the encoder fools both.
        n = x.shape[0]
        y, z, _ = self.encode(x)
        y_prior = F.one_hot(torch.randint(0, self.k, (n,)), self.k).float()
        z_prior = torch.randn(n, self.style)
        dc = self.d_cat(torch.cat([y_prior, y.detach()]))
        dg = self.d_gauss(torch.cat([z_prior, z.detach()]))
        d_loss = F.softplus(-dc[:n]).mean() + F.softplus(dc[n:]).mean() + F.softplus(-dg[:n]).mean() + F.softplus(dg[n:]).mean()
        self.opt_d.zero_grad(set_to_none=True)
        d_loss.backward()
        self.opt_d.step()
        for q in list(self.d_cat.parameters()) + list(self.d_gauss.parameters()):
            q.requires_grad_(False)
        g_loss = F.softplus(-self.d_cat(y)).mean() + F.softplus(-self.d_gauss(z)).mean()
        encoder_loss = g_loss
        if self.consistency > 0:  # another moved, noisy view should get this view's category
            other = random_shift(images, self.shift)
            _, _, other_logits = self.encode(other + self.noise * torch.randn_like(other))
            encoder_loss = encoder_loss - self.consistency * (y.detach() * F.log_softmax(other_logits, 1)).sum(1).mean()
        if self.balance > 0:  # KL(batch mean of y || uniform)
            mean = y.mean(0)
            encoder_loss = encoder_loss + self.balance * ((mean * mean.clamp_min(1e-12).log()).sum() + np.log(self.k))
        if self.vat > 0:
            encoder_loss = encoder_loss + self.vat * self.vat_loss(x, y.detach())
        self.opt_gen.zero_grad(set_to_none=True)
        encoder_loss.backward()
        self.opt_gen.step()
        for q in list(self.d_cat.parameters()) + list(self.d_gauss.parameters()):
            q.requires_grad_(True)
        # (3) semi-supervised: the y head on a labelled batch.
        ce = torch.zeros(())
        if labelled_x is not None:
            _, _, logits = self.encode(random_shift(labelled_x, self.shift))
            ce = F.cross_entropy(logits, labelled_y)
            self.opt_semi.zero_grad(set_to_none=True)
            ce.backward()
            self.opt_semi.step()
        return recon.item(), d_loss.item(), g_loss.item(), ce.item()

    def vat_loss(self, x, p):
        """Virtual adversarial training: KL(p || categories of x moved by vat_epsilon the most damaging way)."""
        def divergence(logits):
            return (p * (p.clamp_min(1e-12).log() - F.log_softmax(logits, 1))).sum(1).mean()

        def unit(v):
            return v / (v.norm(dim=1, keepdim=True) + 1e-12)

        probe = (0.1 * unit(torch.randn_like(x))).requires_grad_()
        direction, = torch.autograd.grad(divergence(self.encode(x + probe)[2]), probe)
        return divergence(self.encode(x + self.vat_epsilon * unit(direction))[2])

    @torch.no_grad()
    def categories(self, images_u8, chunk=2000):
        return torch.cat([self.encode(batch_of(images_u8, torch.arange(s, min(s + chunk, images_u8.shape[0]))))[0].argmax(1)
                          for s in range(0, images_u8.shape[0], chunk)])


def balanced_subset(labels, count, seed):
    g = np.random.default_rng(seed)
    per = count // 10
    return torch.from_numpy(np.sort(np.concatenate([g.permutation(np.flatnonzero(labels.numpy() == c))[:per] for c in range(10)])))


def error(model, a, train_x, train_y, x, y):
    predicted = model.categories(x)
    if a.labelled:
        return (predicted != y).float().mean().item()
    assigned = model.categories(train_x)  # majority label of each category's training images
    mapping = torch.tensor([torch.bincount(train_y[assigned == k], minlength=10).argmax().item() if (assigned == k).any() else -1
                            for k in range(a.categories)])
    return (mapping[predicted] != y).float().mean().item()


def train(a):
    all_x, all_y, test_x, test_y = load_mnist(a.data_dir)
    train_x, train_y = all_x[:-VALIDATION], all_y[:-VALIDATION]
    val_x, val_y = all_x[-VALIDATION:], all_y[-VALIDATION:]
    labelled = balanced_subset(train_y, a.labelled, a.seed) if a.labelled else None
    model = CategoricalAae(a)
    n, start = train_x.shape[0], time.perf_counter()
    for epoch in range(1, a.epochs + 1):
        t0, sums = time.perf_counter(), np.zeros(4)
        if epoch == a.decay_epoch:
            for opt in (model.opt_recon, model.opt_d, model.opt_gen, model.opt_semi):
                for group in opt.param_groups:
                    group["lr"] *= 0.1
        model.enc.train()
        perm = torch.randperm(n)
        for s in range(0, n, a.batch):
            idx = perm[s:s + a.batch]
            lx = ly = None
            if labelled is not None:
                pick = labelled[torch.randint(0, labelled.numel(), (a.batch,))]
                lx, ly = batch_of(train_x, pick), train_y[pick]
            sums += model.step(batch_of(train_x, idx), lx, ly)
        model.enc.eval()
        steps = (n + a.batch - 1) // a.batch
        v = error(model, a, train_x, train_y, val_x, val_y)
        print(f"epoch {epoch:3d} recon {sums[0]/steps:.4f} d {sums[1]/steps:.3f} g {sums[2]/steps:.3f} ce {sums[3]/steps:.4f} "
              f"val_err {v*100:.2f}%  {time.perf_counter()-t0:.1f} s", flush=True)
    return {"mode": "train", "labelled": a.labelled, "categories": a.categories, "epochs": a.epochs,
            "validation_error": v, "test_error": error(model, a, train_x, train_y, test_x, test_y),
            "train_seconds": time.perf_counter() - start}


def bench(a):
    train_x, train_y, _, _ = load_mnist(a.data_dir)
    model = CategoricalAae(a)
    labelled = balanced_subset(train_y, 100, 0)
    n = train_x.shape[0]

    def one_step():
        idx = torch.randint(0, n, (a.batch,))
        pick = labelled[torch.randint(0, labelled.numel(), (a.batch,))]
        model.step(batch_of(train_x, idx), batch_of(train_x, pick), train_y[pick])

    times = time_calls(one_step, a.repeats, warmup=max(5, a.repeats // 10))
    result = {"mode": "bench", "torch": torch.__version__, "threads": torch.get_num_threads(), "categorical_batch": a.batch}
    result.update(stats_ms("categorical_step", times))
    return result


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--labelled", type=int, default=100, help="labelled images (0 = clustering)")
    ap.add_argument("--categories", type=int, default=10)
    ap.add_argument("--style-size", type=int, default=5)
    ap.add_argument("--hidden", type=int, default=1000)
    ap.add_argument("--input-noise", type=float, default=0.3)
    ap.add_argument("--shift", type=int, default=2, help="random moves of up to N pixels (mnist-semi-100: 2)")
    ap.add_argument("--consistency", type=float, default=1.0, help="weight of the consistency term (mnist-semi-100: 1)")
    ap.add_argument("--balance", type=float, default=0.0, help="weight of the balance term (mnist-cluster-*: see Presets.cs)")
    ap.add_argument("--vat", type=float, default=1.0, help="weight of virtual adversarial training (mnist-semi-100: 1)")
    ap.add_argument("--vat-epsilon", type=float, default=2.0)
    ap.add_argument("--detach-category", action="store_true", help="the reconstruction error does not train y (mnist-cluster-16)")
    ap.add_argument("--decay-epoch", type=int, default=15, help="learning rates x0.1 from this epoch (mnist-semi-100: 15)")
    ap.add_argument("--reconstruction-lr", type=float, default=1e-3)
    ap.add_argument("--discriminator-lr", type=float, default=1e-3)
    ap.add_argument("--regularisation-lr", type=float, default=1e-3)
    ap.add_argument("--semi-lr", type=float, default=1e-3)
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--data-dir", default="/work/shared/datasets")
    ap.add_argument("--bench", action="store_true")
    ap.add_argument("--repeats", type=int, default=100)
    return ap.parse_args(argv)


def main():
    a = parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    print(json.dumps(bench(a) if a.bench else train(a)))


if __name__ == "__main__":
    sys.exit(main())
