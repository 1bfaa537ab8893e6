// The emulated orgs of a benchmark, in their own process (see world-role.ts).
import { serveRpc } from './rpc.js';
import { createWorldRole } from './world-role.js';

serveRpc(createWorldRole());
