// Prints a TCP port that is free on 127.0.0.1: binding port 0 lets the kernel choose one.
import { createServer } from 'node:net';

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  server.close(() => console.log(port));
});
