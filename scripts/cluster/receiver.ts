// The rx host's receiver: answers 200 to every request and appends it (time, path,
// headers, body) as one JSON line to the file given, so what reached it can be counted
// afterwards. Arguments: <address> <port> <file>.
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [address, port, file] = process.argv.slice(2);
if (!address || !port || !file) throw new Error('usage: receiver.ts <address> <port> <file>');

createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    appendFileSync(file, JSON.stringify({ receivedAt: Date.now(), method: request.method, path: request.url, headers: request.headers, body }) + '\n');
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"ok":true}');
  });
}).listen(Number(port), address, () => console.log(`[rx] recording requests to ${file} on ${address}:${port}`));
