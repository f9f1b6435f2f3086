// A local HTTP server for tests/datasets_download.test.ts, in its own process (the loaders block
// their process while a download runs). Serves the files of argv[2] on 127.0.0.1 under three
// prefixes: /ok/<name> as they are, /broken/<name> cut off after half its announced length, and
// /__count, the number of requests per path so far. Prints "port <n>" when listening.
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const root = process.argv[2];
const counts = {};
const server = http.createServer((request, response) => {
  const url = request.url ?? '/';
  if (url === '/__count') return response.end(JSON.stringify(counts));
  counts[url] = (counts[url] ?? 0) + 1;
  const [, mode, name] = url.split('/');
  const file = path.join(root, path.basename(name ?? ''));
  if (!fs.existsSync(file)) {
    response.statusCode = 404;
    return response.end('not found');
  }
  const bytes = fs.readFileSync(file);
  response.setHeader('content-length', bytes.length);
  if (mode === 'broken') {
    response.write(bytes.subarray(0, bytes.length >> 1));
    setTimeout(() => response.socket?.destroy(), 50);
    return;
  }
  response.end(bytes);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`port ${server.address().port}\n`));
