// How long the once-a-second statistics tick blocks the event loop with many active
// hosts: N hosts (one location each) get a random host per request at R requests per
// second, fed in small pieces between turns of the event loop, while the real aggregator
// ticks on its timer (sliced, as the engine runs it) or, with `whole`, in one piece (as
// before the slicing). Prints the longest gaps between two turns of the event loop.
//   node bench/micro/stats-tick.ts [hosts=10000] [rps=20000] [seconds=10] [whole]
import { StatsCollector } from '../../proxy-engine/stats/collector.ts';
import { StatsAggregator } from '../../proxy-engine/stats/aggregator.ts';

const [hosts = 10_000, rps = 20_000, seconds = 10] = process.argv.slice(2, 5).map(Number);
const whole = process.argv[5] === 'whole';

const collector = new StatsCollector();
const counters = Array.from({ length: hosts }, (_, i) => ({ host: collector.host(`h${i}`), location: collector.location(`l${i}`, `h${i}`) }));
const aggregator = new StatsAggregator({ collector, onMinute: () => {} });
let ticks = 0;
let snapshotChars = 0;
aggregator.subscribe((entry) => {
  ticks++;
  snapshotChars += entry.json.length;
});
let wholeTimer: NodeJS.Timeout | undefined;
if (whole) wholeTimer = setInterval(() => aggregator.tick(), 1000);
else aggregator.start();

let x = 1;
const random = (): number => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
/** Per turn: wall ms since the previous one, and this thread's CPU ms in it (a gap with little CPU is the machine's, not ours). */
const gaps: { wall: number; cpu: number }[] = [];
let lastCpu = process.threadCpuUsage();
const end = performance.now() + seconds * 1000;
let last = performance.now();
let owed = 0;
let lastFeed = performance.now();
await new Promise<void>((resolve) => {
  const turn = (): void => {
    const now = performance.now();
    const cpu = process.threadCpuUsage();
    gaps.push({ wall: now - last, cpu: (cpu.user + cpu.system - lastCpu.user - lastCpu.system) / 1000 });
    lastCpu = cpu;
    // The requests due since the last turn, at most 200 at a time (≈ 0.1 ms of work).
    owed += ((now - lastFeed) / 1000) * rps;
    lastFeed = now;
    for (let n = Math.min(200, Math.floor(owed)); n > 0; n--, owed--) {
      const c = counters[Math.floor(random() * hosts)]!;
      const ms = 1 + random() ** 3 * 200;
      c.host.response(200, 120, 1200, ms);
      c.location.response(200, 120, 1200, ms);
    }
    last = performance.now();
    if (last < end) setImmediate(turn);
    else resolve();
  };
  setImmediate(turn);
});
aggregator.stop();
clearInterval(wholeTimer);
gaps.sort((a, b) => b.cpu - a.cpu);
const ms = (g: { wall: number; cpu: number }): string => `${g.cpu.toFixed(1)} (${g.wall.toFixed(1)})`;
console.log(`${hosts} hosts, ${rps} req/s offered, ${seconds} s, tick ${whole ? 'in one piece' : 'sliced'}: ${ticks} ticks, ${Math.round(snapshotChars / Math.max(ticks, 1) / 1024)} KiB of JSON a second (≈ ${Math.round(snapshotChars / Math.max(ticks, 1) / 280)} active hosts); longest stalls, CPU (wall) ms: ${gaps.slice(0, 5).map(ms).join(', ')}; ${gaps.filter((g) => g.cpu > 20).length} over 20 ms of CPU`);
