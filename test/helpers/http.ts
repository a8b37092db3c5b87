import { type IncomingHttpHeaders, request } from 'node:http';

/** A raw response: status, body, Content-Type and all headers. */
export interface RawResponse {
  status: number;
  body: Buffer;
  type: string;
  headers: IncomingHttpHeaders;
}

/**
 * A raw request (no URL normalisation by the client, unlike fetch): `path` goes out
 * exactly as written, with `host` as the Host header when given.
 */
export function rawGet(base: string, path: string, host?: string, method = 'GET'): Promise<RawResponse> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method, headers: host ? { host } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks),
          type: String(res.headers['content-type']),
          headers: res.headers,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}
