/** Node 20: node:http through nodeListener. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nodeListener } from '../../src/server/index.js';
import { app, type AppEnv } from './app.js';

const server = createServer(nodeListener(app(process.env as unknown as AppEnv)));
server.listen(0, '127.0.0.1', () => console.log(`LISTENING ${(server.address() as AddressInfo).port}`));
