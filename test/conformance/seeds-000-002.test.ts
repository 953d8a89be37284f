// The example configurations of seeds 000–002, run by nginx and by Portico
// (harness/seed-cases.ts says which run and how they are probed).
import { describeSeeds } from './harness/seed-suite.ts';

describeSeeds('conformance: seed examples 000–002', (name) => /^seed-00[0-2]\//.test(name));
