import { isIP } from 'node:net';
import { hostname } from 'node:os';

/**
 * Refuses requests addressed to another host name: a page elsewhere could otherwise
 * point a DNS name at 127.0.0.1 and read a local server (DNS rebinding). `bound` is the
 * address the server listens on.
 */
export function hostAllowed(header: string | undefined, bound: string): boolean {
  if (!header) return false;
  const name = header.startsWith('[') ? header.slice(1, header.indexOf(']')) : (header.split(':')[0] ?? '');
  if (name === 'localhost' || name === '127.0.0.1' || name === '::1' || name === bound) return true;
  // Shared on every interface: addresses by number and this machine's name, still no other names.
  if (bound === '0.0.0.0' || bound === '::') return isIP(name) !== 0 || name.toLowerCase() === hostname().toLowerCase();
  return false;
}
