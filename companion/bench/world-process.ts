// The emulated orgs of a benchmark, in their own process (see world-role.ts).
import { setPriority } from 'node:os';
import { serveRpc } from './rpc.js';
import { createWorldRole } from './world-role.js';

/**
 * The emulators stand in for Okta and Salesforce, which run on machines of their own: on this
 * two-core host they take the CPU the companion leaves (nice 10, as a worker process runs),
 * rather than compete with an intake's acknowledgements as no real org would.
 */
export const EMULATOR_NICE = 10;

setPriority(0, EMULATOR_NICE);
serveRpc(createWorldRole());
