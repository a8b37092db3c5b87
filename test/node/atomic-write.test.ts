import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertWritable, pictureFormat, writeFileAtomic } from '../../src/node/index.js';

describe('writeFileAtomic', () => {
  it('replaces the target in one step and leaves no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnlab-atomic-'));
    const target = join(dir, 'out.txt');
    writeFileSync(target, 'old');
    writeFileAtomic(target, 'new contents');
    expect(readFileSync(target, 'utf8')).toBe('new contents');
    expect(readdirSync(dir)).toEqual(['out.txt']);
  });

  it('on failure (the target is a non-empty folder) throws and removes its temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnlab-atomic-'));
    const target = join(dir, 'busy');
    mkdirSync(target);
    writeFileSync(join(target, 'keep'), 'x');
    expect(() => writeFileAtomic(target, 'data')).toThrow();
    expect(readdirSync(dir)).toEqual(['busy']);
    expect(readdirSync(target)).toEqual(['keep']);
  });
});

describe('assertWritable and pictureFormat', () => {
  it('accept a new file in an existing folder, reject missing folders and folders as files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnlab-w-'));
    expect(() => assertWritable(join(dir, 'a.png'))).not.toThrow();
    expect(() => assertWritable(join(dir, 'missing', 'a.png'))).toThrow(/does not exist/);
    expect(() => assertWritable(dir)).toThrow(/is a folder/);
  });

  it('choose the format by extension', () => {
    expect(pictureFormat('a/b.PNG')).toBe('png');
    expect(pictureFormat('b.svg')).toBe('svg');
    expect(() => pictureFormat('b.gif')).toThrow(/\.png or \.svg/);
  });
});
