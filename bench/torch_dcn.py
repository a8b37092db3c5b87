"""PyTorch reference for the DCN training step (same layers, batch, optimizer as nnlab).

Usage: torch_dcn.py THREADS STEPS [BATCH]
Prints a JSON line {"threads", "ms_per_step", "images_per_s"} (median of the timed steps).
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class DCN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 5, padding=2)
        self.conv2 = nn.Conv2d(32, 64, 5, padding=2)
        self.fc1 = nn.Linear(7 * 7 * 64, 1024)
        self.fc2 = nn.Linear(1024, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.dropout(F.relu(self.fc1(x.flatten(1))), 0.5, self.training)
        return self.fc2(x)


def main():
    threads, steps = int(sys.argv[1]), int(sys.argv[2])
    batch = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = DCN()
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)
    x = torch.rand(batch, 1, 28, 28)
    y = torch.randint(0, 10, (batch,))
    times = []
    for i in range(steps + 3):
        start = time.perf_counter()
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        if i >= 3:
            times.append(time.perf_counter() - start)
    times.sort()
    ms = times[len(times) // 2] * 1000
    print(json.dumps({"threads": threads, "ms_per_step": ms, "images_per_s": batch * 1000 / ms}))


if __name__ == "__main__":
    main()
