import { expect, it } from 'vitest';
import type { HostConfig } from '../../core/config/host.ts';
import { hostCaptureNames } from './capture-names.ts';

it("collects the named groups of every regex a host's templates may follow", () => {
  const host = {
    serverNames: ['~^(?<sub>.+)\\.example\\.test$'],
    policies: {
      rewrites: [{ regex: '^/h/(?<hostRule>.*)$', replacement: '/' }],
      rewriteSteps: [{ kind: 'rewrite', regex: '^/s/(?<hostStep>.*)$', replacement: '/' }],
    },
    locations: [
      {
        matchKind: 'REGEX',
        path: '^/u/(?<user>\\d+)$',
        policies: {
          rewrites: [{ regex: '^/r/(?<locRule>.*)$', replacement: '/' }],
          rewriteSteps: [
            { kind: 'rewrite', regex: '^/t/(?<locStep>.*)$', replacement: '/' },
            { kind: 'if', condition: { kind: 'match', variable: 'uri', regex: '(?<ifName>x)', negate: false, caseless: false }, steps: [{ kind: 'rewrite', regex: '^/i/(?<inIf>.*)$', replacement: '/' }] },
          ],
        },
      },
    ],
  } as unknown as HostConfig;
  // An `if` regex's names are user variables (set by the match), not captures.
  expect([...hostCaptureNames(host)].sort()).toEqual(['hostRule', 'hostStep', 'inIf', 'locRule', 'locStep', 'sub', 'user']);
});
