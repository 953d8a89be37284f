// server_name precedence: exact → longest leading wildcard → longest trailing wildcard →
// first regex → default server; Host matched case-insensitively, without port or
// trailing dot; unknown hosts to the default server, or closed / 404 by a catch-all.
import { describeCases } from './harness/case-suite.ts';
import { type Case, type Probe } from './harness/pair.ts';

const servedBy = (host: string | null, body: string): Probe => ({ req: { target: '/', host }, expect: { status: 200, body } });

const names = `
  server { listen 80; server_name example.com www.example.com; return 200 "exact"; }
  server { listen 80; server_name *.example.com; return 200 "leading"; }
  server { listen 80 default_server; server_name fallback.test; return 200 "default"; }
  server { listen 80; server_name *.sub.example.com; return 200 "leading-longer"; }
  server { listen 80; server_name www.example.*; return 200 "trailing"; }
  server { listen 80; server_name ~^api\\d+\\.example\\.org$; return 200 "regex-first"; }
  server { listen 80; server_name ~^api; return 200 "regex-second"; }
  server { listen 80; server_name .example.net; return 200 "dot-wildcard"; }
`;

const cases: Case[] = [
  {
    desc: 'precedence: exact, leading wildcard (longest), trailing wildcard, regexes in order, default_server',
    config: names,
    probes: [
      servedBy('example.com', 'exact'),
      servedBy('www.example.com', 'exact'),
      servedBy('foo.example.com', 'leading'),
      servedBy('a.sub.example.com', 'leading-longer'),
      servedBy('sub.example.com', 'leading'),
      servedBy('www.example.org', 'trailing'),
      servedBy('www.example.co.uk', 'trailing'),
      servedBy('api12.example.org', 'regex-first'),
      servedBy('api.example.com', 'leading'),
      servedBy('api-x.test', 'regex-second'),
      servedBy('example.net', 'dot-wildcard'),
      servedBy('deep.x.example.net', 'dot-wildcard'),
      servedBy('unknown.test', 'default'),
      servedBy('fallback.test', 'default'),
    ],
  },
  {
    desc: 'Host forms: upper case, port, trailing dot, all three; 127.0.0.1 as Host',
    config: names,
    probes: [
      servedBy('EXAMPLE.COM', 'exact'),
      servedBy('example.com:8080', 'exact'),
      servedBy('example.com.', 'exact'),
      servedBy('WWW.Example.COM.:80', 'exact'),
      servedBy('Foo.Example.Com:443', 'leading'),
      servedBy('API7.example.ORG', 'regex-first'),
      servedBy('127.0.0.1', 'default'),
    ],
  },
  {
    desc: 'without default_server the first server answers unknown hosts',
    config: `
      server { listen 80; server_name first.test; return 200 "first"; }
      server { listen 80; server_name second.test; return 200 "second"; }`,
    probes: [
      servedBy('second.test', 'second'),
      servedBy('other.test', 'first'),
      servedBy('first.test', 'first'),
      // HTTP/1.0 may omit Host: the default server answers.
      { req: { target: '/', host: null, version: '1.0' }, expect: { status: 200, body: 'first' } },
    ],
  },
  {
    desc: 'a catch-all "return 444" default server closes the connection for unknown hosts',
    config: `
      server { listen 80 default_server; server_name _; return 444; }
      server { listen 80; server_name known.test; return 200 "known"; }`,
    probes: [servedBy('known.test', 'known'), { req: { target: '/', host: 'other.test' }, expect: { status: 0 } }],
  },
  {
    desc: 'a catch-all "return 404" default server answers 404 for unknown hosts',
    config: `
      server { listen 80 default_server; server_name _; return 404; }
      server { listen 80; server_name known.test; return 200 "known"; }`,
    probes: [servedBy('known.test', 'known'), { req: { target: '/x', host: 'other.test' }, expect: { status: 404 } }],
  },
];

describeCases('conformance: server_name precedence', cases);
