// The example configurations of seeds 003–004, run by nginx and by Portico
// (harness/seed-cases.ts says which run and how they are probed).
import { describeSeeds } from './harness/seed-suite.ts';

describeSeeds('conformance: seed examples 003–004', (name) => /^seed-00[34]\//.test(name));
