// node bench/streams/stream-bench.ts [--duration S]: the TCP stream benchmark on its own
// (measure-streams.ts; `npm run bench -- --only tcp-stream` runs the same as a scenario).
// Writes bench/results/streams.json.
import fs from 'node:fs';
import path from 'node:path';
import { measureStreams } from './measure-streams.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const durationS = Number(process.argv[process.argv.indexOf('--duration') + 1] || 5) || 5;

const out = await measureStreams(durationS);
fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'bench/results/streams.json'), `${JSON.stringify(out, null, 2)}\n`);
console.log(JSON.stringify(out, null, 2));
