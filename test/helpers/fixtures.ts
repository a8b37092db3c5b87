import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Reads a file from test/fixtures as text. */
export function fixtureText(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), 'utf8');
}

/** Reads and parses a JSON file from test/fixtures. */
export function fixtureJson<T>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

/** Reads a file from test/fixtures as bytes. */
export function fixtureBytes(name: string): Uint8Array {
  return readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)));
}
