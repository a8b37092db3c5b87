"""PyTorch peer of `nnlab mnist` on the course's schedule, for `nnlab bench --only course`.

Usage: torch_course.py MNIST_DIR THREADS [STEPS] [EVAL_LIMIT]

The same model as torch_dcn.py (the course's DCN), Adam 1e-4, batches of 50 drawn
epoch by epoch from a shuffled order of the 55 000 training images (the first 5 000
of the training file are the validation split, as in nnlab), pixels / 255. Every 100
steps the training batch's accuracy, every 1 100 steps and at the end the validation
and test accuracy, each printed as nnlab prints it; the last two lines are nnlab's
("test accuracy …", "The training takes … second to finish"), the clock started
before the first step. A JSON line {"seconds", "test_accuracy", "threads"} closes.
EVAL_LIMIT evaluates on the first images of each split only (nnlab's --eval-limit; tests).
"""
import gzip
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_dcn import DCN  # noqa: E402

VALIDATION = 5000
BATCH = 50
PRINT_EVERY = 100
EVAL_EVERY = 1100
EVAL_BATCH = 500


def read_idx(folder, name):
    path = os.path.join(folder, name)
    if os.path.exists(path):
        data = open(path, "rb").read()
    else:
        data = gzip.open(path + ".gz", "rb").read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def tensors(images, labels):
    x = torch.from_numpy(images.astype(np.float32) / 255).reshape(-1, 1, 28, 28)
    return x, torch.from_numpy(labels.astype(np.int64))


def accuracy(model, x, y):
    model.eval()
    hits = 0
    with torch.no_grad():
        for start in range(0, len(y), EVAL_BATCH):
            hits += (model(x[start : start + EVAL_BATCH]).argmax(1) == y[start : start + EVAL_BATCH]).sum().item()
    model.train()
    return hits / len(y)


def main():
    folder, threads = sys.argv[1], int(sys.argv[2])
    steps = int(sys.argv[3]) if len(sys.argv) > 3 else 5500
    limit = int(sys.argv[4]) if len(sys.argv) > 4 else None
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    images = read_idx(folder, "train-images-idx3-ubyte")
    labels = read_idx(folder, "train-labels-idx1-ubyte")
    val_x, val_y = tensors(images[:VALIDATION][:limit], labels[:VALIDATION][:limit])
    train_x, train_y = tensors(images[VALIDATION:], labels[VALIDATION:])
    test_images, test_labels = read_idx(folder, "t10k-images-idx3-ubyte"), read_idx(folder, "t10k-labels-idx1-ubyte")
    test_x, test_y = tensors(test_images[:limit], test_labels[:limit])
    model = DCN()
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)
    rng = np.random.RandomState(0)
    order, cursor = rng.permutation(len(train_y)), 0

    def evaluate(step):
        print(f"step {step}, validation accuracy {accuracy(model, val_x, val_y):g}", flush=True)
        test = accuracy(model, test_x, test_y)
        print(f"step {step}, test accuracy {test:g}", flush=True)
        return test

    start = time.perf_counter()
    for step in range(steps):
        if cursor + BATCH > len(order):
            order, cursor = rng.permutation(len(train_y)), 0
        picks = torch.from_numpy(order[cursor : cursor + BATCH])
        cursor += BATCH
        x, y = train_x[picks], train_y[picks]
        if step % PRINT_EVERY == 0:
            model.eval()
            with torch.no_grad():
                batch_accuracy = (model(x).argmax(1) == y).float().mean().item()
            model.train()
            print(f"step {step}, training accuracy {batch_accuracy:g}", flush=True)
        if step % EVAL_EVERY == 0:
            evaluate(step)
        opt.zero_grad()
        F.cross_entropy(model(x), y).backward()
        opt.step()
    test = evaluate(steps)
    seconds = time.perf_counter() - start
    print(f"test accuracy {test:g}")
    print(f"The training takes {seconds:.6f} second to finish")
    print(json.dumps({"seconds": seconds, "test_accuracy": test, "threads": threads}))


main()
