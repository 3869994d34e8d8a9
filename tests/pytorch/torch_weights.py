#!/usr/bin/python3
"""PyTorch's side of the export/import tests (tests/Aae.Tests/WeightsPyTorchTests.cs).

check: load `aae export` weights into bench/reference_aae.py's networks (load_state_dict, strict)
       and compare their outputs with Aae's on the same images.
    /usr/bin/python3 tests/pytorch/torch_weights.py check --weights W --inputs I --architecture mlp|conv64
make:  weights as a PyTorch user saves them (one torch.save of {"encoder": enc.state_dict(), ...})
       and what those networks make of the given images, for `aae import` to reproduce.
    /usr/bin/python3 tests/pytorch/torch_weights.py make --inputs I --weights OUT.pt --expected OUT.pt --seed S

I (inputs) is a safetensors file written by the test; it is parsed here by hand (JSON header and
raw little-endian data), independently of Aae's reader. Prints one JSON object on the last line.
Needs Debian's PyTorch (apt-get install python3-torch).
"""
import argparse
import json
import os
import struct
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench"))
from reference_aae import faces_models, mnist_models  # noqa: E402

DTYPES = {"F32": np.float32, "F64": np.float64, "I64": np.int64, "I32": np.int32, "U8": np.uint8}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    start = 8 + length
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        array = np.frombuffer(data[start + begin:start + end], dtype=DTYPES[entry["dtype"]]).reshape(entry["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return tensors


def read_weights(path):
    with open(path, "rb") as f:
        zipped = f.read(4) == b"PK\x03\x04"
    return torch.load(path) if zipped else read_safetensors(path)


def of(weights, network):
    prefix = network + "."
    return {k[len(prefix):]: v for k, v in weights.items() if k.startswith(prefix)}


def build(weights, architecture):
    if architecture == "mlp":
        return mnist_models(weights["discriminator.0.weight"].shape[1])
    features = weights["encoder.0.weight"].shape[0] // 4
    return faces_models(features, weights["encoder.10.weight"].shape[0])


def check(args):
    weights = read_weights(args.weights)
    inputs = read_safetensors(args.inputs)
    enc, dec, disc = build(weights, args.architecture)
    for name, net in (("encoder", enc), ("decoder", dec), ("discriminator", disc)):
        net.load_state_dict(of(weights, name), strict=True)  # raises on any missing, extra or misshaped tensor
        net.eval()
    images = inputs["images"]
    with torch.no_grad():
        codes = enc(images.flatten(1) if args.architecture == "mlp" else images)
        reconstructions = dec(codes).reshape(images.shape)
        logits = disc(inputs["disc_inputs"])

    def diff(a, b):
        return float((a - b).abs().max())

    return {"images": images.shape[0], "tensors": len(weights),
            "code_max_abs_diff": diff(codes, inputs["codes"]),
            "reconstruction_max_abs_diff": diff(reconstructions, inputs["reconstructions"]),
            "discriminator_max_abs_diff": diff(logits, inputs["disc_logits"]),
            "torch": torch.__version__}


def make(args):
    torch.manual_seed(args.seed)
    enc, dec, disc = mnist_models(2)
    with torch.no_grad():
        # Xavier weights and zero biases, then noise everywhere, so every bias matters too.
        for net in (enc, dec, disc):
            for p in net.parameters():
                p.add_(0.05 * torch.randn_like(p))
    torch.save({"encoder": enc.state_dict(), "decoder": dec.state_dict(), "discriminator": disc.state_dict()}, args.weights)
    images = read_safetensors(args.inputs)["images"]
    with torch.no_grad():
        codes = enc(images.flatten(1))
        reconstructions = dec(codes).reshape(images.shape)
    torch.save({"codes": codes, "reconstructions": reconstructions}, args.expected)
    return {"images": images.shape[0], "torch": torch.__version__}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["check", "make"])
    ap.add_argument("--weights", required=True)
    ap.add_argument("--inputs", required=True)
    ap.add_argument("--architecture", choices=["mlp", "conv64"], default="mlp")
    ap.add_argument("--expected")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    torch.set_num_threads(1)
    print(json.dumps(check(args) if args.mode == "check" else make(args)))


if __name__ == "__main__":
    sys.exit(main())
