// A tiny static server for Nabla's www/ (node's http module only, no dependencies).
//
//   node tests/serve.mjs [--port 8000] [--host 127.0.0.1] [--root www]   (port 0: any free port)
//
// Tests import startServer({port: 0}) and stop only the server they started.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DEFAULT_ROOT = fileURLToPath(new URL('../www/', import.meta.url));

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'none'",
  'frame-ancestors *',
].join('; ');

const COMMON_HEADERS = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
};

function send(res, status, body, headers = {}) {
  res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function inside(root, p) {
  return p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

async function handle(root, realRoot, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return send(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
  }
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  } catch {
    return send(res, 400, 'bad request\n');
  }
  if (pathname.includes('\0')) return send(res, 400, 'bad request\n');

  let file = path.resolve(root, '.' + path.posix.normalize('/' + pathname));
  if (!inside(root, file)) return send(res, 403, 'forbidden\n');
  try {
    let stat = await fs.stat(file);
    if (stat.isDirectory()) {
      if (!pathname.endsWith('/')) {
        res.writeHead(301, { ...COMMON_HEADERS, Location: pathname + '/' });
        return res.end();
      }
      file = path.join(file, 'index.html');
      stat = await fs.stat(file);
    }
    // Symbolic links must not lead out of the root either.
    const real = await fs.realpath(file);
    if (!inside(realRoot, real)) return send(res, 403, 'forbidden\n');
    if (!stat.isFile()) return send(res, 404, 'not found\n');
    const body = await fs.readFile(real);
    const type = MIME[path.extname(real).toLowerCase()] ?? 'application/octet-stream';
    res.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': type, 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch (err) {
    if (err && (err.code === 'ENOENT' || err.code === 'ENOTDIR')) return send(res, 404, 'not found\n');
    console.error('serve:', err);
    return send(res, 500, 'internal error\n');
  }
}

/** Start serving `root` (default www/). Resolves to {url, port, host, close}. */
export async function startServer({ port = 0, host = '127.0.0.1', root = DEFAULT_ROOT } = {}) {
  const absRoot = path.resolve(root);
  const realRoot = await fs.realpath(absRoot);
  const server = http.createServer((req, res) => {
    handle(absRoot, realRoot, req, res).catch((err) => {
      console.error('serve:', err);
      if (!res.headersSent) send(res, 500, 'internal error\n');
      else res.destroy();
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = server.address().port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${actualPort}/`;
  return {
    url,
    port: actualPort,
    host,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const [key, inline] = argv[i].split(/=(.*)/s);
    const value = () => (inline !== undefined ? inline : argv[++i]);
    if (key === '--port') opts.port = Number(value());
    else if (key === '--host') opts.host = value();
    else if (key === '--root') opts.root = value();
    else if (key === '--help' || key === '-h') {
      console.log('usage: node tests/serve.mjs [--port N (0 = free port)] [--host 127.0.0.1] [--root www]');
      process.exit(0);
    } else {
      console.error(`serve: unknown argument ${argv[i]}`);
      process.exit(2);
    }
  }
  if (opts.port !== undefined && !(Number.isInteger(opts.port) && opts.port >= 0 && opts.port < 65536)) {
    console.error('serve: --port needs an integer from 0 to 65535');
    process.exit(2);
  }
  return opts;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const opts = parseArgs(process.argv.slice(2));
  const server = await startServer({ port: 8000, ...opts }).catch((err) => {
    console.error(`serve: cannot listen: ${err.message}`);
    process.exit(1);
  });
  console.log(`Nabla: ${server.url}`);
  const stop = () => server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
