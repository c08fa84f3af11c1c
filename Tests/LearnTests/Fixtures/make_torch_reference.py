"""Writes torch_reference.json: PyTorch's outputs and gradients for Strata's recurrent layers
and transformer block on fixed inputs and weights, which Tests/LearnTests/TorchReferenceTests.swift checks Strata
against. Needs torch (not installed in CI: the JSON is committed); run it once after changing
a case:

    python Tests/LearnTests/Fixtures/make_torch_reference.py

Each case: an input x [N, L, D] whose sequences hold `lengths` tokens (the rest padding, as
vectorize writes), PyTorch's own initial weights for the seed, and the loss sum(y * w) for a
fixed w; the expected y and the gradients of x and of every weight. Padding goes through
pack_padded_sequence, as a PyTorch user feeds padded batches to nn.LSTM and nn.GRU."""
import json
import pathlib

import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence


def rounded(t):
    return [float(f"{v:.7g}") for v in t.detach().reshape(-1).tolist()]


def recurrent_case(cell, bidirectional, sequences, seed, n=3, length=5, features=4, units=3,
                   lengths=(5, 3, 1)):
    torch.manual_seed(seed)
    layer = (torch.nn.LSTM if cell == "lstm" else torch.nn.GRU)(
        features, units, batch_first=True, bidirectional=bidirectional)
    x = torch.randn(n, length, features, requires_grad=True)
    packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=True, enforce_sorted=False)
    out, state = layer(packed)
    if sequences:
        y, _ = pad_packed_sequence(out, batch_first=True, total_length=length)
    else:
        h_n = state[0] if cell == "lstm" else state
        y = h_n.permute(1, 0, 2).reshape(n, -1)  # [N, directions * H], the forward direction first
    w = torch.rand(y.shape) * 2 - 1
    (y * w).sum().backward()
    suffixes = [""] + (["_reverse"] if bidirectional else [])
    weights = [getattr(layer, f"{name}_l0{suffix}") for suffix in suffixes
               for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
    return {
        "cell": cell, "bidirectional": bidirectional, "sequences": sequences,
        "shape": [n, length, features], "units": units, "lengths": list(lengths),
        "x": rounded(x), "weights": [rounded(p) for p in weights], "loss_weights": rounded(w),
        "y": rounded(y), "y_shape": list(y.shape), "dx": rounded(x.grad),
        "dweights": [rounded(p.grad) for p in weights],
    }


def transformer_case(seed, n=2, length=5, width=8, heads=2, ff=12, lengths=(5, 2)):
    """nn.TransformerEncoderLayer(norm_first, gelu, batch_first, dropout 0) after learned positions,
    in training mode (PyTorch's inference fast path is another implementation). Strata's weights
    are PyTorch's transposed (it keeps [in, out]); the list is in Strata's parameter order."""
    torch.manual_seed(seed)
    block = torch.nn.TransformerEncoderLayer(width, heads, ff, dropout=0.0, activation="gelu", norm_first=True,
                                             batch_first=True)
    # Biases and norms away from their initial 0 and 1, so their gradients are checked too.
    with torch.no_grad():
        for p in (block.self_attn.in_proj_bias, block.self_attn.out_proj.bias, block.norm1.bias, block.norm2.bias):
            p.uniform_(-0.5, 0.5)
        for p in (block.norm1.weight, block.norm2.weight):
            p.uniform_(0.5, 1.5)
    block.train()
    positions = (torch.randn(length, width) * 0.5).requires_grad_()
    x = torch.randn(n, length, width, requires_grad=True)
    padding = torch.tensor([[t >= lengths[b] for t in range(length)] for b in range(n)])
    y = block(x + positions, src_key_padding_mask=padding)
    w = torch.rand(y.shape) * 2 - 1
    (y * w).sum().backward()
    attention = block.self_attn
    pairs = [
        (positions, False), (block.norm1.weight, False), (block.norm1.bias, False),
        (attention.in_proj_weight, True), (attention.in_proj_bias, False),
        (attention.out_proj.weight, True), (attention.out_proj.bias, False),
        (block.norm2.weight, False), (block.norm2.bias, False),
        (block.linear1.weight, True), (block.linear1.bias, False),
        (block.linear2.weight, True), (block.linear2.bias, False),
    ]
    return {
        "shape": [n, length, width], "heads": heads, "ff": ff, "lengths": list(lengths),
        "x": rounded(x), "weights": [rounded(p.t() if t else p) for p, t in pairs], "loss_weights": rounded(w),
        "y": rounded(y), "dx": rounded(x.grad), "dweights": [rounded(p.grad.t() if t else p.grad) for p, t in pairs],
    }


def main():
    cases = []
    seed = 1
    for cell in ("lstm", "gru"):
        for bidirectional in (False, True):
            for sequences in (False, True):
                cases.append(recurrent_case(cell, bidirectional, sequences, seed))
                seed += 1
    # No padding at all, a longer sequence, more units than features.
    cases.append(recurrent_case("lstm", False, True, 50, n=2, length=7, features=2, units=5, lengths=(7, 7)))
    cases.append(recurrent_case("gru", True, False, 51, n=2, length=7, features=2, units=5, lengths=(7, 7)))
    out = pathlib.Path(__file__).with_name("torch_reference.json")
    transformers = [transformer_case(60), transformer_case(61, heads=4, lengths=(5, 5)),
                    transformer_case(62, heads=1, length=4, width=4, ff=6, lengths=(1, 3))]
    out.write_text(json.dumps({"torch": torch.__version__.split("+")[0], "recurrent": cases,
                               "transformer": transformers}, separators=(",", ":")) + "\n")
    print(f"wrote {out} ({out.stat().st_size} bytes, {len(cases)} recurrent and {len(transformers)} transformer cases)")


if __name__ == "__main__":
    main()
