// The measured companion of a benchmark, in its own process (see companion-role.ts).
import { createCompanionRole } from './companion-role.js';
import { serveRpc } from './rpc.js';

serveRpc(createCompanionRole({ ownProcess: true }));
