import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { serveError } from '../../src/cli/serving.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { AppNotBuiltError } from '../../src/node/web-app/static-app.js';
import { nnlab } from '../helpers/cli.js';
import { startServing, stopChild, takenPort } from '../helpers/serve-child.js';

// `npm test` builds the app first; a CPU-only `vitest run` after `tsc` alone may not have it.
const built = existsSync(fileURLToPath(new URL('../../dist/web/playground/index.html', import.meta.url)));

/** Expects exit code 2 and exactly one line on stderr matching `message`. */
function expectUsageError(args: string[], message: RegExp): void {
  const run = nnlab(['playground', ...args]);
  expect(run.code, args.join(' ')).toBe(2);
  expect(run.stderr).toMatch(message);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
}

describe('nnlab playground (command line)', () => {
  it('documents its options and an example', () => {
    const help = nnlab(['playground', '--help']);
    expect(help.code).toBe(0);
    for (const text of ['--port', '--host', 'nnlab playground', '6007']) expect(help.stdout).toContain(text);
    expect(nnlab(['--help']).stdout).toMatch(/playground .*serve the playground/);
  });

  it('refuses bad options with one line and exit code 2', () => {
    expectUsageError(['--port', '70000'], /--port must be at most 65535, got 70000/);
    expectUsageError(['--port', 'six'], /expected an integer/);
    expectUsageError(['--host', ''], /--host must name an address/);
  });

  it('turns a missing build into one usage line', () => {
    const mapped = serveError(new AppNotBuiltError("the playground's web app is not built"), { port: 1, host: 'h' });
    expect(mapped).toBeInstanceOf(UsageError);
    expect((mapped as Error).message).toBe("the playground's web app is not built");
    const other = new Error('disk on fire');
    expect(serveError(other, { port: 1, host: 'h' })).toBe(other);
  });

  it.skipIf(built)('without a built app: one line and exit code 2', () => {
    expectUsageError(['--port', '0'], /^nnlab: the playground's web app is not built \(.*\): run npm run build$/m);
  });

  it.skipIf(!built)('refuses a port in use with one line and exit code 2', async () => {
    const { port, server } = await takenPort();
    try {
      expectUsageError(['--port', String(port)], new RegExp(`port ${port} is in use: pick another with --port`));
    } finally {
      server.close();
    }
  });

  it.skipIf(!built)('serves the built app, cross-origin isolated, until SIGTERM, then exits cleanly', async () => {
    const { child, url, out } = await startServing(['playground', '--port', '0']);
    try {
      expect(out).toMatch(/^nnlab playground: serving at http:\/\/127\.0\.0\.1:\d+\/ \(Ctrl-C to stop\)$/m);
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(await page.text()).toMatch(/<html/i);
      expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(page.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    } finally {
      expect(await stopChild(child, 'SIGTERM')).toBe(0);
    }
  });
});
