import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunsResponse } from '../../src/board/api.js';
import { nnlab } from '../helpers/cli.js';
import { startServing, stopChild, takenPort } from '../helpers/serve-child.js';

describe('nnlab board (command line)', () => {
  it('documents its options', () => {
    const help = nnlab(['board', '--help']);
    expect(help.code).toBe(0);
    for (const option of ['--logdir', '--port', '--host', '--reload-interval']) expect(help.stdout).toContain(option);
  });

  it('refuses bad input with one line and exit code 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnlab-board-cli-'));
    const file = join(dir, 'plain.txt');
    writeFileSync(file, 'x');
    const { port, server: taken } = await takenPort();
    try {
      const cases: Array<[string[], RegExp]> = [
        [['--logdir', file], /cannot open log directory .*plain\.txt: .*not a folder/],
        [['--logdir', dir, '--port', '70000'], /--port must be at most 65535/],
        [['--logdir', dir, '--port', 'six'], /expected an integer/],
        [['--logdir', dir, '--host', ''], /--host must name an address/],
        [['--logdir', dir, '--reload-interval', '1e9'], /--reload-interval must be at most 86400 seconds/],
        [['--logdir', dir, '--port', String(port)], new RegExp(`port ${port} is in use`)],
      ];
      for (const [args, message] of cases) {
        const run = nnlab(['board', ...args]);
        expect(run.code, args.join(' ')).toBe(2);
        expect(run.stderr).toMatch(message);
        expect(run.stderr.trim().split('\n')).toHaveLength(1);
      }
    } finally {
      taken.close();
    }
  });

  it('waits for a log directory that does not exist yet, serves until Ctrl-C, then exits cleanly', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'nnlab-board-cli-')), 'runs');
    const { child, url, out } = await startServing([
      'board',
      '--logdir',
      dir,
      '--port',
      '0',
      '--reload-interval',
      '0.1',
    ]);
    expect(out).toMatch(/runs does not exist yet; runs will appear as they are written/);
    const runs = async () => ((await (await fetch(`${url}/api/runs`)).json()) as RunsResponse).runs.map((r) => r.name);
    expect(await runs()).toEqual([]);
    const classic = nnlab(['classic', '--passes', '10', '--logdir', dir, '--run', 'first']);
    expect(classic.code, classic.stderr).toBe(0);
    await expect.poll(runs).toEqual(['first']);
    expect(await stopChild(child, 'SIGINT')).toBe(0);
  });
});
