"""The course's 3-layer network in numpy: the reference nnlab's classic nets reproduce.

Usage: numpy_classic.py ACTIVATION HIDDEN PASSES [moons|circles] [--quiet]
Prints the loss lines, then a JSON line {"seconds": training time}.
"""
import json
import sys
import time

import numpy as np
from sklearn.datasets import make_circles, make_moons


def act(z, kind):
    if kind == "tanh":
        return np.tanh(z)
    if kind == "sigmoid":
        return 1.0 / (1.0 + np.exp(-z))
    return np.maximum(0, z)


def dact(z, kind):
    if kind == "tanh":
        return 1.0 - np.tanh(z) ** 2
    if kind == "sigmoid":
        s = 1.0 / (1.0 + np.exp(-z))
        return s * (1.0 - s)
    return (z > 0) * 1.0


def main():
    kind, hidden, passes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    dataset = sys.argv[4] if len(sys.argv) > 4 and not sys.argv[4].startswith("-") else "moons"
    quiet = "--quiet" in sys.argv
    np.random.seed(0)
    if dataset == "moons":
        X, y = make_moons(200, noise=0.20)
    else:
        X, y = make_circles(100, noise=0.07, factor=0.8)
    n = len(X)
    reg, eps = 0.01, 0.01
    np.random.seed(0)
    W1 = np.random.randn(2, hidden) / np.sqrt(2)
    b1 = np.zeros((1, hidden))
    W2 = np.random.randn(hidden, 2) / np.sqrt(hidden)
    b2 = np.zeros((1, 2))

    def forward():
        z1 = X.dot(W1) + b1
        a1 = act(z1, kind)
        z2 = a1.dot(W2) + b2
        e = np.exp(z2)
        return z1, a1, e / np.sum(e, axis=1, keepdims=True)

    start = time.perf_counter()
    for i in range(passes):
        z1, a1, probs = forward()
        delta3 = probs
        delta3[range(n), y] -= 1
        dW2 = a1.T.dot(delta3)
        db2 = np.sum(delta3, axis=0, keepdims=True)
        delta2 = delta3.dot(W2.T) * dact(z1, kind)
        dW1 = np.dot(X.T, delta2)
        db1 = np.sum(delta2, axis=0)
        dW2 += reg * W2
        dW1 += reg * W1
        W1 += -eps * dW1
        b1 += -eps * db1
        W2 += -eps * dW2
        b2 += -eps * db2
        if not quiet and i % 1000 == 0:
            _, _, p = forward()
            data_loss = np.sum(-np.log(p[range(n), y])) / n
            reg_loss = reg / 2 * (np.sum(np.square(W1)) + np.sum(np.square(W2))) / n
            print("Loss after iteration %i: data_loss:%f reg_loss:%f" % (i, data_loss, reg_loss))
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds}))


main()
