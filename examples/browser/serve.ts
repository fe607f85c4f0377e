/**
 * Serves the example page on a loopback port (the browser suite uses it; `npm run example:browser` builds the page
 * and serves it until stopped). WebAssembly files go out as `application/wasm`, which browsers need to compile them
 * while they download.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { buildExample, EXAMPLE_DIR } from './build';

const CONTENT_TYPES: ReadonlyMap<string, string> = new Map([
  ['.html', 'text/html; charset=utf-8'],
  ['.js', 'text/javascript; charset=utf-8'],
  ['.wasm', 'application/wasm'],
]);

/** A running server: its base URL (no trailing slash) and how to stop it. */
export interface ExampleServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves `EXAMPLE_DIR` on 127.0.0.1 (`port` 0 picks a free one). */
export async function serveExample(port = 0): Promise<ExampleServer> {
  const server = http.createServer((request, response) => {
    const urlPath = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = path.join(EXAMPLE_DIR, urlPath === '/' ? 'index.html' : urlPath);
    const type = CONTENT_TYPES.get(path.extname(file));
    if (!file.startsWith(EXAMPLE_DIR + path.sep) || type === undefined || !fs.existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': type });
    fs.createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

if (require.main === module) {
  void (async () => {
    const report = await buildExample();
    const { url } = await serveExample(Number(process.env.PORT ?? 8080));
    console.log(
      `bundle: ${(report.bytes / 1e6).toFixed(2)} MB, ${(report.gzipBytes / 1e6).toFixed(2)} MB gzipped`,
    );
    console.log(`serving ${url}/ (?backend=webgl|wasm|cpu); Ctrl-C stops`);
  })();
}
