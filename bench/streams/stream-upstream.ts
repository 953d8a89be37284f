// The bench's stream upstream, a process of its own: on port A it writes bytes as fast
// as the connection takes them (throughput); on port B it greets and closes (connection rate).
import net from 'node:net';

const [throughputPort, greetPort] = process.argv.slice(2).map(Number);
const chunk = Buffer.alloc(64 * 1024, 'x');
net
  .createServer((socket) => {
    socket.on('error', () => {});
    const pump = () => {
      while (socket.write(chunk));
    };
    socket.on('drain', pump);
    pump();
  })
  .listen(throughputPort, '127.0.0.1');
net
  .createServer((socket) => {
    socket.on('error', () => {});
    socket.end('ok\n');
  })
  .listen(greetPort, '127.0.0.1');
