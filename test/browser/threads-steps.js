// The training steps the thread test runs in the browser worker and in Node: one file, so
// both sides run the very same steps. It imports nothing; the caller passes the library's
// parts (the browser's from /dist, Node's from src/).

/** Synthetic pixels in [0, 1] and labels 0–9, fixed. */
export function fillBatch(backend, n) {
  const images = backend.alloc([n, 28, 28, 1]);
  backend.write(
    images,
    Array.from({ length: images.data.length }, (_, i) => ((i * 37) % 101) / 100),
  );
  const labels = Int32Array.from({ length: n }, (_, i) => (i * 3) % 10);
  return { images, labels };
}

/** Builds the DCN (seed 7), takes `steps` Adam steps on one batch; the losses and the logits after. */
export function trainDcn({ buildDcn, Trainer }, backend, { batch = 8, steps = 3 } = {}) {
  const model = buildDcn(backend, { seed: 7 });
  const trainer = new Trainer(model, { kind: 'adam', lr: 1e-4 });
  const data = fillBatch(backend, batch);
  const losses = [];
  for (let s = 0; s < steps; s++) losses.push(trainer.step(data));
  const logits = Array.from(model.forward(data.images, 'eval').data);
  trainer.dispose();
  model.dispose();
  backend.free(data.images);
  return { losses, logits };
}

/** Images per second of training steps at `batch`, after `warmup` untimed steps. */
export function timeSteps({ buildDcn, Trainer }, backend, { batch = 50, steps = 20, warmup = 3 } = {}) {
  const model = buildDcn(backend, { seed: 7 });
  const trainer = new Trainer(model, { kind: 'adam', lr: 1e-4 });
  const data = fillBatch(backend, batch);
  for (let s = 0; s < warmup; s++) trainer.step(data);
  const start = performance.now();
  for (let s = 0; s < steps; s++) trainer.step(data);
  const seconds = (performance.now() - start) / 1000;
  trainer.dispose();
  model.dispose();
  backend.free(data.images);
  return (batch * steps) / seconds;
}
