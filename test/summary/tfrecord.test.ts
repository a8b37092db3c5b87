import { describe, expect, it } from 'vitest';
import { crc32c, maskedCrc32c } from '../../src/summary/crc32c.js';
import { frameRecord, parseRecords } from '../../src/summary/tfrecord.js';
import { fixtureBytes } from '../helpers/fixtures.js';

const FIXTURE = 'tensorboard/events.out.tfevents.1795758286.vm.431.0.fixture';

describe('CRC-32C and TFRecord framing', () => {
  it('CRC-32C check values (RFC 3720 / iSCSI)', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(maskedCrc32c(new Uint8Array(0))).toBe(((0 >>> 15) | (0 << 17)) + 0xa282ead8);
  });

  it('splits the PyTorch-written fixture into records whose CRCs all check, and re-frames them byte for byte', () => {
    const bytes = fixtureBytes(FIXTURE);
    const { records, truncatedAt } = parseRecords(bytes, 'fixture');
    expect(truncatedAt).toBeUndefined();
    expect(records.length).toBeGreaterThan(10);
    const reframed = records.map(frameRecord);
    const joined = new Uint8Array(reframed.reduce((n, r) => n + r.length, 0));
    let at = 0;
    for (const r of reframed) {
      joined.set(r, at);
      at += r.length;
    }
    expect(Buffer.from(joined).equals(Buffer.from(bytes))).toBe(true);
  });

  it('a flipped byte is corruption: the error names the file and the record offset', () => {
    const bytes = fixtureBytes(FIXTURE).slice();
    const { records } = parseRecords(bytes, 'f');
    const second = 16 + (records[0] as Uint8Array).length;
    bytes[second + 14] = (bytes[second + 14] as number) ^ 0x01;
    expect(() => parseRecords(bytes, 'run/events.out')).toThrow(
      `run/events.out: corrupt record at byte ${second} (data CRC mismatch)`,
    );
    const header = fixtureBytes(FIXTURE).slice();
    header[second + 2] = (header[second + 2] as number) ^ 0x10;
    expect(() => parseRecords(header, 'x')).toThrow(`x: corrupt record header at byte ${second}`);
  });

  it('a file cut inside its last record gives the valid prefix', () => {
    const bytes = fixtureBytes(FIXTURE);
    const all = parseRecords(bytes, 'f').records;
    for (const cut of [1, 5, 13, 40]) {
      const parsed = parseRecords(bytes.subarray(0, bytes.length - cut), 'f');
      expect(parsed.records).toHaveLength(all.length - 1);
      expect(parsed.truncatedAt).toBe(bytes.length - 16 - (all[all.length - 1] as Uint8Array).length);
    }
  });
});
