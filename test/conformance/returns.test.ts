// `return` and redirects: `return 301 https://$host$request_uri` (the seeds' HTTP→HTTPS
// server), `return 302 /path` (made absolute), `return 404`, `return 200 "text"`,
// variables in the text, `return URL`, 204 and 444.
import { describeCases } from './harness/case-suite.ts';
import { type Case, requestsTo, probe } from './harness/pair.ts';
import type { RawRequest } from './harness/raw-http.ts';

const host = 'app.example.com';
const req = requestsTo(host);

const cases: Case[] = [
  {
    desc: 'the seeds\' HTTP→HTTPS server: return 301 https://$host$request_uri',
    config: `server { listen 80; server_name ${host} www.${host}; return 301 https://$host$request_uri; }`,
    probes: [
      probe(req('/'), { status: 301, headers: { location: `https://${host}/` } }),
      probe(req('/a%20b/../c?q=1&r=%2F', { host: 'WWW.App.Example.com:8080' }), { status: 301, headers: { location: `https://www.${host}/a%20b/../c?q=1&r=%2F` } }),
      probe(req('/x', { method: 'POST', body: 'data' }), { status: 301, headers: { location: `https://${host}/x` } }),
      probe(req('/x', { method: 'HEAD' }), { status: 301, body: '' }),
    ],
  },
  {
    desc: 'redirects with a path (made absolute) or a URL; status codes 301/302/303/307/308',
    config: `server { listen 80; server_name ${host};
      location /found/ { return 302 /path; }
      location /temp/ { return 307 /temp-target?x=1; }
      location /perm/ { return 308 /perm-target; }
      location /other/ { return 303 http://other.test/see; }
      location /url-only/ { return https://example.org/; }
      location /vars/ { return 301 $scheme://$host/new$uri$is_args$args; } }`,
    probes: [
      probe(req('/found/x'), { status: 302, headers: { location: `http://${host}:<proxy-port>/path` } }),
      probe(req('/found/x', { host: 'APP.example.com:9999' }), { status: 302, headers: { location: `http://${host}:<proxy-port>/path` } }),
      probe(req('/temp/'), { status: 307, headers: { location: `http://${host}:<proxy-port>/temp-target?x=1` } }),
      probe(req('/perm/'), { status: 308 }),
      probe(req('/other/'), { status: 303, headers: { location: 'http://other.test/see' } }),
      probe(req('/url-only/'), { status: 302, headers: { location: 'https://example.org/' } }),
      probe(req('/vars/a?b=1'), { status: 301, headers: { location: `http://${host}/new/vars/a?b=1` } }),
      probe(req('/vars/a'), { status: 301, headers: { location: `http://${host}/new/vars/a` } }),
    ],
  },
  {
    desc: 'return with a status and text, with variables, empty bodies, default_type',
    config: `server { listen 80; server_name ${host};
      location = /text { return 200 "text"; }
      location = /vars { return 200 "host=$host uri=$uri args=$args request_uri=$request_uri scheme=$scheme method=$request_method"; }
      location = /gone { return 410 "gone for good"; }
      location = /empty { return 200; }
      location = /nocontent { return 204; }
      location = /json { default_type application/json; return 200 '{"ok":true}'; }
      location = /notfound { return 404; }
      location = /forbidden { return 403; }
      location = /unavailable { return 503; } }`,
    probes: [
      probe(req('/text'), { status: 200, body: 'text', headers: { 'content-type': 'text/plain' } }),
      probe(req('/vars?a=1&b=%20', { host: 'App.Example.com:81' }), {
        status: 200,
        body: 'host=app.example.com uri=/vars args=a=1&b=%20 request_uri=/vars?a=1&b=%20 scheme=http method=GET',
      }),
      probe(req('/gone'), { status: 410, body: 'gone for good' }),
      probe(req('/empty'), { status: 200, body: '' }),
      probe(req('/nocontent'), { status: 204, body: '' }),
      probe(req('/json'), { status: 200, body: '{"ok":true}', headers: { 'content-type': 'application/json' } }),
      probe(req('/notfound'), { status: 404 }),
      probe(req('/forbidden'), { status: 403 }),
      probe(req('/unavailable'), { status: 503 }),
      probe(req('/text', { method: 'HEAD' }), { status: 200, body: '' }),
      probe(req('/text', { method: 'POST', body: 'ignored' }), { status: 200, body: 'text' }),
    ],
  },
  {
    desc: 'return 444 in a location closes the connection without a response',
    config: `server { listen 80; server_name ${host}; location /drop/ { return 444; } location / { return 200 "ok"; } }`,
    probes: [probe(req('/drop/x'), { status: 0 }), probe(req('/x'), { status: 200, body: 'ok' })],
  },
];

describeCases('conformance: return and redirects', cases);
