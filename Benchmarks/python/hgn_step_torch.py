#!/usr/bin/env python3
"""The HGN training step of `hgnbench speed`, written in PyTorch: the peer that `Benchmarks/speed/compare.sh` times
side by side with our engine.

It builds the same network as `Sources/Models` at the reference sizes (629,220 parameters: encoder 262,880,
transformer 83,104, Hamiltonian network 50,657, decoder 232,579; the script checks these counts) and times the same
step on a seeded random batch: encode the first K = 5 frames to a Gaussian posterior over z, draw one reparameterised
sample, map it through the transformer to s = (q, p), integrate with the kick-drift-kick leapfrog through both
partials of the learned H (three gradient evaluations per step, each recording its graph, so the loss' gradient is a
double backward through the Hamiltonian network), decode the positions, score them (reconstruction + beta KL), take
the gradient of every parameter and one Adam update (learning rate 3e-4).

Two steps matter:
  * the full step: every predicted frame decoded (`--seq-len 34`, 30 frames per sequence);
  * the `small` recipe's step: the anchor and 5 later frames drawn uniformly without replacement are decoded
    (`--decoded-frames 6`, later frames weighted n / 5 so the loss stays unbiased), the latent state integrated up to
    the last frame drawn, summed squared error + 1e-4 KL, over the curriculum's lengths (`--seq-len 8,12,16,24,34
    --seq-len-weights 250,250,300,300,1300`: steps at each length); the result is the step-weighted mean.
compare.sh reads these settings from `hgnbench speed --recipe small`'s JSON line, so they are written once.

What is the same as the engine: layer sizes, paddings (TensorFlow "SAME": an odd pixel of padding goes to the bottom
and right), activations, the posterior's parameterisation, Hamilton's partials (not total derivatives: q and p enter
H through fresh graph nodes), the loss, Adam. What differs: the random streams (torch's generator, so the decoded
frames drawn differ but follow the same distribution), the memory layout (`--memory-format`; NCHW, PyTorch's default
and the faster of the two here, see `--help`), and PyTorch's own kernels (oneDNN convolutions, MKL).

    python3 Benchmarks/python/hgn_step_torch.py --batch 16 --seq-len 34 --threads 2

Progress goes to standard error; the last line on standard output is one JSON record with the keys of
`hgnbench speed`'s: s_per_step_median, s_per_step_min, cpu_s_per_step_per_thread_median (process CPU seconds per
step / threads: under load it stays near the idle wall time while the wall time grows), forward/backward/optimizer
medians, params_total, and the settings.
"""

import argparse
import json
import os
import statistics
import sys
import time

REFERENCE_PARTS = {"encoder": 262_880, "transformer": 83_104, "hamiltonian": 50_657, "decoder": 232_579}


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batch", type=int, default=16, help="sequences per batch (16)")
    parser.add_argument("--seq-len", default="34",
                        help="frames per sequence, or a comma-separated list of lengths (a curriculum) (34)")
    parser.add_argument("--seq-len-weights", default=None,
                        help="comma-separated weight of each length (training steps at it); the reported step time "
                             "is the weighted mean of the lengths' medians (equal weights by default)")
    parser.add_argument("--decoded-frames", type=int, default=None,
                        help="frames decoded per sequence: the anchor and N - 1 later ones drawn at random "
                             "(default: every frame)")
    parser.add_argument("--reconstruction", choices=["frame-mse", "sum-squared-error"], default="frame-mse",
                        help="reconstruction loss (frame-mse)")
    parser.add_argument("--kl-weight", type=float, default=1.0, help="weight of the KL term (1)")
    parser.add_argument("--log-variance-shift", type=float, default=0.0,
                        help="constant added to the posterior's log-variance (0; the small recipe's is -10)")
    parser.add_argument("--threads", type=int, default=2, help="intra-op threads (2)")
    parser.add_argument("--steps", type=int, default=5, help="timed steps per length; median and minimum reported (5)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed steps first, per length (1)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the weights, frames and draws (1)")
    parser.add_argument("--memory-format", choices=["nchw", "channels-last"], default="nchw",
                        help="activation layout (nchw, PyTorch's default; channels-last measured slower here)")
    args = parser.parse_args(argv)
    try:
        args.seq_lens = [int(x) for x in args.seq_len.split(",") if x.strip()]
    except ValueError:
        parser.error(f"--seq-len takes integers separated by commas, got {args.seq_len!r}")
    if not args.seq_lens or min(args.seq_lens) < 6:
        parser.error(f"--seq-len needs lengths of at least 6 (5 input frames and one step), got {args.seq_len!r}")
    if args.seq_len_weights is None:
        args.weights = [1.0] * len(args.seq_lens)
    else:
        try:
            args.weights = [float(x) for x in args.seq_len_weights.split(",")]
        except ValueError:
            parser.error(f"--seq-len-weights takes numbers separated by commas, got {args.seq_len_weights!r}")
        if len(args.weights) != len(args.seq_lens) or min(args.weights) < 0 or sum(args.weights) <= 0:
            parser.error("--seq-len-weights needs one non-negative weight per length, not all zero")
    if args.decoded_frames is not None and args.decoded_frames < 2:
        parser.error("--decoded-frames must be at least 2 (the anchor and one later frame)")
    for name in ("batch", "threads", "steps"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if args.warmup < 0:
        parser.error("--warmup must be 0 or more")
    return args


args = parse_arguments(sys.argv[1:])
# Intra-op threads only (as the engine's compute threads); set before torch starts its pools.
os.environ.setdefault("OMP_NUM_THREADS", str(args.threads))
os.environ.setdefault("MKL_NUM_THREADS", str(args.threads))

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

RESOLUTION, INPUT_FRAMES, LATENT, STATE, FILTERS = 32, 5, 48, 16, 64
TIME_STEP, LEAKY_SLOPE = 0.125, 0.01


class SameConv2d(nn.Conv2d):
    """A convolution with TensorFlow's "SAME" padding (output ceil(in / stride); an odd pixel of padding at the bottom
    and right), as the engine's `Conv2DPadding.same`. Symmetric cases use the convolution's own padding."""

    def __init__(self, in_channels, out_channels, kernel, stride=1):
        super().__init__(in_channels, out_channels, kernel, stride=stride, padding=0)
        self.kernel, self.step = kernel, stride

    def forward(self, x):
        height = x.shape[-2]
        total = max((height + self.step - 1) // self.step * self.step - self.step + self.kernel - height, 0)
        before, after = total // 2, total - total // 2
        if before == after:
            return F.conv2d(x, self.weight, self.bias, self.stride, before)
        return super().forward(F.pad(x, (before, after, before, after)))


class Encoder(nn.Module):
    """8 convolutions 3x3 SAME over the K frames stacked on channels: 32, then 64 x 6 with ReLU, then a linear one
    to the posterior's mean and log-variance (48 channels each) at full resolution."""

    def __init__(self):
        super().__init__()
        sizes = [3 * INPUT_FRAMES, 32, 64, 64, 64, 64, 64, 64]
        self.hidden = nn.ModuleList(SameConv2d(a, b, 3) for a, b in zip(sizes, sizes[1:]))
        self.output = SameConv2d(64, 2 * LATENT, 3)

    def forward(self, frames):  # frames [B, K, 3, H, W]
        x = frames.flatten(1, 2)  # channel k * 3 + c, as the engine stacks them
        for layer in self.hidden:
            x = F.relu(layer(x))
        mean, log_variance = self.output(x).split(LATENT, dim=1)
        return mean, log_variance + args.log_variance_shift


class Transformer(nn.Module):
    """f_psi: three 3x3 stride-2 SAME convolutions 48 -> 64 -> 64 -> 32, ReLU between, none at the end."""

    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([SameConv2d(LATENT, 64, 3, 2), SameConv2d(64, 64, 3, 2),
                                     SameConv2d(64, 2 * STATE, 3, 2)])

    def forward(self, z):
        x = z
        for index, layer in enumerate(self.layers):
            x = layer(x)
            if index < len(self.layers) - 1:
                x = F.relu(x)
        return x


class HamiltonianNetwork(nn.Module):
    """conv 32 k3 s1 SAME, 64 k2 s2 VALID, 64 k2 s1 SAME, 64 k2 s1 SAME, 1 k2 s2 VALID, softplus between; H is the
    sum of the last map (one energy per sample)."""

    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([SameConv2d(2 * STATE, 32, 3), nn.Conv2d(32, 64, 2, stride=2),
                                     SameConv2d(64, 64, 2), SameConv2d(64, 64, 2), nn.Conv2d(64, 1, 2, stride=2)])

    def forward(self, q, p):
        x = torch.cat([q, p], dim=1)
        for index, layer in enumerate(self.layers):
            x = layer(x)
            if index < len(self.layers) - 1:
                x = F.softplus(x)
        return x.sum(dim=(1, 2, 3))


class Decoder(nn.Module):
    """A 3x3 convolution 16 -> 64 with leaky ReLU; three residual blocks u = upsample2(x), x = u + lrelu(conv(lrelu(
    conv(u)))); a 3x3 convolution to RGB and a sigmoid."""

    def __init__(self):
        super().__init__()
        self.input = SameConv2d(STATE, FILTERS, 3)
        self.blocks = nn.ModuleList(nn.ModuleList([SameConv2d(FILTERS, FILTERS, 3), SameConv2d(FILTERS, FILTERS, 3)])
                                    for _ in range(3))
        self.output = SameConv2d(FILTERS, 3, 3)

    def forward(self, q):
        x = F.leaky_relu(self.input(q), LEAKY_SLOPE)
        for first, second in self.blocks:
            u = F.interpolate(x, scale_factor=2, mode="nearest")
            x = u + F.leaky_relu(second(F.leaky_relu(first(u), LEAKY_SLOPE)), LEAKY_SLOPE)
        return torch.sigmoid(self.output(x))


class HGN(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder, self.transformer = Encoder(), Transformer()
        self.hamiltonian, self.decoder = HamiltonianNetwork(), Decoder()
        # PyTorch's default initialisation of Conv2d is the engine's too (uniform in +-1/sqrt(fan_in)).

    def vector_field(self, q, p):
        """(dq/dt, dp/dt) = (dH/dp, -dH/dq) with the graph recorded. q and p enter H through fresh view nodes, so
        the derivatives are Hamilton's partials even when p was computed from q (as after a kick)."""
        q_, p_ = q.view_as(q), p.view_as(p)
        dq, dp = torch.autograd.grad(self.hamiltonian(q_, p_).sum(), [q_, p_], create_graph=True)
        return dp, -dq

    def leapfrog(self, q, p, dt):
        _, dp = self.vector_field(q, p)
        half = p + dp * (dt / 2)
        dq, _ = self.vector_field(q, half)
        q = q + dq * dt
        _, dp = self.vector_field(q, half)
        return q, half + dp * (dt / 2)


def reconstruction(prediction, target):
    squared = (prediction - target).square().sum()
    batch, pixels = prediction.shape[0], prediction.shape[-1] * prediction.shape[-2] * prediction.shape[-3]
    return squared / (batch * pixels) if args.reconstruction == "frame-mse" else squared / batch


def decoded_offsets(predicted, decoded, generator):
    """The later frames decoded: all of 1..n, or decoded - 1 of them drawn uniformly without replacement."""
    if decoded is None or decoded - 1 >= predicted:
        return list(range(1, predicted + 1))
    draw = torch.randperm(predicted, generator=generator)[: decoded - 1] + 1
    return sorted(draw.tolist())


def loss_of(model, frames, generator):
    """The loss of one batch [B, T, 3, H, W], as `HamiltonianGenerativeNetwork.lossTerms` computes it."""
    k, count = INPUT_FRAMES, frames.shape[1]
    mean, log_variance = model.encoder(frames[:, :k])
    noise = torch.randn(mean.shape, generator=generator, dtype=mean.dtype).to(memory_format=mean_format(mean))
    s = model.transformer(mean + torch.exp(0.5 * log_variance) * noise)
    q, p = s[:, :STATE], s[:, STATE:]
    offsets = decoded_offsets(count - k, args.decoded_frames, generator)
    states = [q]
    for _ in range(offsets[-1] if offsets else 0):
        q, p = model.leapfrog(q, p, TIME_STEP)
        states.append(q)
    kl = 0.5 * (mean.square() + log_variance.exp() - log_variance - 1).sum() / mean.shape[0]
    picked = [0] + offsets
    positions = torch.stack([states[i] for i in picked], dim=1).flatten(0, 1)
    prediction = model.decoder(positions).unflatten(0, (frames.shape[0], len(picked)))
    target = frames[:, [k - 1 + i for i in picked]]
    predicted = count - k
    if len(offsets) == predicted:
        loss = reconstruction(prediction, target)
    else:
        weight = predicted / len(offsets)
        loss = reconstruction(prediction[:, :1], target[:, :1]) + weight * reconstruction(prediction[:, 1:],
                                                                                          target[:, 1:])
    return loss + args.kl_weight * kl


def mean_format(tensor):
    return torch.channels_last if args.memory_format == "channels-last" and tensor.dim() == 4 else torch.contiguous_format


def load_average():
    try:
        with open("/proc/loadavg") as f:
            return float(f.read().split()[0])
    except OSError:
        return None


def main():
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    model = HGN()
    if args.memory_format == "channels-last":
        model = model.to(memory_format=torch.channels_last)
    parts = {name: sum(p.numel() for p in getattr(model, name).parameters()) for name in REFERENCE_PARTS}
    if parts != REFERENCE_PARTS:
        sys.exit(f"hgn_step_torch.py: parameter counts {parts} differ from the engine's {REFERENCE_PARTS}")
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-4)
    generator = torch.Generator().manual_seed(args.seed)
    load_before = load_average()
    print(f"hgn_step_torch: torch {torch.__version__}, {args.threads} threads, batch {args.batch}, seq-len "
          f"{args.seq_len}, decoded frames {args.decoded_frames or 'all'}, {sum(parts.values())} parameters, load "
          f"{load_before}", file=sys.stderr)

    by_length = {}
    for length in args.seq_lens:
        frames = torch.rand(args.batch, length, 3, RESOLUTION, RESOLUTION, generator=generator)
        if args.memory_format == "channels-last":
            frames = frames.flatten(0, 1).to(memory_format=torch.channels_last).unflatten(0, (args.batch, length))
        timings = []
        for index in range(args.warmup + args.steps):
            start, cpu_start = time.perf_counter(), time.process_time()
            loss = loss_of(model, frames, generator)
            loss.item()
            forward_end = time.perf_counter()
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            del loss
            backward_end = time.perf_counter()
            optimizer.step()
            end, cpu_end = time.perf_counter(), time.process_time()
            timing = {"total": end - start, "forward": forward_end - start, "backward": backward_end - forward_end,
                      "optimizer": end - backward_end, "cpu": (cpu_end - cpu_start) / args.threads}
            warm = index < args.warmup
            if not warm:
                timings.append(timing)
            print(f"seq-len {length} {'warm-up' if warm else 'step'} "
                  f"{index + 1 if warm else index - args.warmup + 1}/{args.warmup if warm else args.steps}: "
                  f"{timing['total']:.3f} s (forward {timing['forward']:.3f}, backward {timing['backward']:.3f}, "
                  f"adam {timing['optimizer']:.4f}), cpu {timing['cpu']:.3f} s/thread, load {load_average()}",
                  file=sys.stderr)
        by_length[length] = {key: [t[key] for t in timings] for key in timings[0]}

    total_weight = sum(args.weights)

    def weighted(key, reduce=statistics.median):
        return sum(w * reduce(by_length[n][key]) for n, w in zip(args.seq_lens, args.weights)) / total_weight

    record = {
        "implementation": "pytorch", "torch": torch.__version__, "threads": args.threads, "batch": args.batch,
        "seq_len": args.seq_lens[0] if len(args.seq_lens) == 1 else max(args.seq_lens),
        "seq_len_weights": {str(n): w for n, w in zip(args.seq_lens, args.weights)},
        "decoded_frames": args.decoded_frames, "reconstruction": args.reconstruction, "kl_weight": args.kl_weight,
        "memory_format": args.memory_format, "params_total": sum(parts.values()), "params_by_part": parts,
        "s_per_step_median": round(weighted("total"), 5), "s_per_step_min": round(weighted("total", min), 5),
        "s_per_step_by_seq_len": {str(n): round(statistics.median(by_length[n]["total"]), 5) for n in args.seq_lens},
        "forward_s_median": round(weighted("forward"), 5), "backward_s_median": round(weighted("backward"), 5),
        "optimizer_s_median": round(weighted("optimizer"), 5),
        "cpu_s_per_step_per_thread_median": round(weighted("cpu"), 5),
        "steps": args.steps, "warmup": args.warmup, "load_before": load_before, "load_after": load_average(),
    }
    print(json.dumps(record, sort_keys=True))


if __name__ == "__main__":
    main()
