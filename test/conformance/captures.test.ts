// Regex captures as nginx gives them: numbered ($1…$9) and named ((?<name>…), (?P<name>…))
// from regex locations, regex server names and rewrites, read by return, proxy_set_header,
// add_header and rewrite replacements. The last regex that matched wins: a rewrite's
// regex replaces a location's captures, a prefix location keeps the server name's.
import { describeCases } from './harness/case-suite.ts';
import { type Case, requestsTo, probe } from './harness/pair.ts';
import type { RawRequest } from './harness/raw-http.ts';

const host = 'app.example.com';
const req = requestsTo(host);

const cases: Case[] = [
  {
    desc: 'numbered and named captures of a regex location in return',
    config: `server { listen 80; server_name ${host};
      location ~ ^/u/(?<id>\\d+)/(.*)$ { return 200 "id=$id 1=$1 2=$2 3=$3"; }
      location ~* ^/P/(?P<word>[a-z]+)(\\d*)$ { return 200 "word=$word 1=$1 2=$2 ${'$'}{word}x $1abc"; }
      location ~ ^/none/ { return 200 "none=[$1]"; }
      location / { return 200 "prefix=[$1]"; } }`,
    probes: [
      probe(req('/u/42/rest/of/it'), { status: 200, body: 'id=42 1=42 2=rest/of/it 3=' }),
      probe(req('/u/7/'), { status: 200, body: 'id=7 1=7 2= 3=' }),
      probe(req('/u/42/a%20b%25c%3F?x=1'), { status: 200, body: 'id=42 1=42 2=a b%c? 3=' }),
      probe(req('/p/abc12'), { status: 200, body: 'word=abc 1=abc 2=12 abcx abcabc' }),
      probe(req('/P/XY'), { status: 200, body: 'word=XY 1=XY 2= XYx XYabc' }),
      probe(req('/none/x'), { status: 200, body: 'none=[]' }),
      probe(req('/other'), { status: 200, body: 'prefix=[]' }),
    ],
  },
  {
    desc: 'captures in proxy_set_header and add_header of a proxied regex location',
    config: `server { listen 80; server_name ${host};
      location ~ ^/p/(\\w+)/(?<rest>.*)$ {
        proxy_pass http://{{a}};
        proxy_set_header X-Cap "$1|$rest";
        add_header X-Cap "$1-$rest" always; } }`,
    probes: [
      probe(req('/p/users/42'), { status: 200, target: '/p/users/42', upstreamHeaders: { 'x-cap': 'users|42' }, headers: { 'x-cap': 'users-42' } }),
      probe(req('/p/a/'), { status: 200, upstreamHeaders: { 'x-cap': 'a|' }, headers: { 'x-cap': 'a-' } }),
      probe(req('/p/b/c/d?q=1'), { status: 200, target: '/p/b/c/d?q=1', upstreamHeaders: { 'x-cap': 'b|c/d' } }),
    ],
  },
  {
    desc: 'a regex server_name: its captures in return, kept by a prefix location, replaced by a regex location',
    config: `server { listen 80; server_name ~^(?<sub>[a-z]+)\\.(?<zone>example)\\.com$;
      location /p/ { return 200 "sub=$sub zone=$zone 1=$1 2=$2"; }
      location ~ ^/r/(\\w+)$ { return 200 "sub=$sub 1=$1 2=$2"; }
      location / { proxy_pass http://{{a}}; proxy_set_header X-Sub $sub; proxy_set_header X-One $1; } }`,
    probes: [
      probe(req('/p/x', { host: 'shop.example.com' }), { status: 200, body: 'sub=shop zone=example 1=shop 2=example' }),
      probe(req('/p/x', { host: 'Blog.Example.com:8080' }), { status: 200, body: 'sub=blog zone=example 1=blog 2=example' }),
      probe(req('/r/abc', { host: 'shop.example.com' }), { status: 200, body: 'sub=shop 1=abc 2=' }),
      probe(req('/x', { host: 'api.example.com' }), { status: 200, target: '/x', upstreamHeaders: { 'x-sub': 'api', 'x-one': 'api' } }),
    ],
  },
  {
    desc: "a rewrite's regex replaces the location's captures (break, proxied); one that does not match clears $1…, not named ones",
    config: `server { listen 80; server_name ${host};
      location ~ ^/r/(\\w+)$ {
        rewrite ^/r/(\\w)(\\w*)$ /s/$2 break;
        proxy_pass http://{{a}};
        proxy_set_header X-One $1;
        proxy_set_header X-Two $2; }
      location ~ ^/n/(?<name>\\w+)$ {
        rewrite ^/n/(?<name>\\w)\\w*$ /t/$name break;
        proxy_pass http://{{a}};
        proxy_set_header X-Name $name; }
      location ~ ^/k/(\\w+)$ {
        rewrite ^/nomatch/(.*)$ /z/$1 break;
        proxy_pass http://{{a}};
        proxy_set_header X-One $1; }
      location ~ ^/m/(?<kept>\\w+)$ {
        rewrite ^/nomatch/(?<kept>.*)$ /z/$1 break;
        rewrite ^/nomatch2/.*$ /z/ break;
        proxy_pass http://{{a}};
        proxy_set_header X-Kept $kept; } }`,
    probes: [
      probe(req('/r/hello'), { status: 200, target: '/s/ello', upstreamHeaders: { 'x-one': 'h', 'x-two': 'ello' } }),
      probe(req('/n/world'), { status: 200, target: '/t/w', upstreamHeaders: { 'x-name': 'w' } }),
      probe(req('/m/still'), { status: 200, target: '/m/still', upstreamHeaders: { 'x-kept': 'still' } }),
      // A rewrite whose regex does not match forgets the numbered captures (nginx 1.22).
      probe(req('/k/kept'), { status: 200, target: '/k/kept', upstreamHeaders: { 'x-one': null } }),
    ],
  },
  {
    desc: 'rewrite last into a prefix location keeps the rewrite captures; a regex location replaces them',
    config: `server { listen 80; server_name ${host};
      rewrite ^/old/(\\w+)/(\\w+)$ /new/$2 last;
      rewrite ^/re/(\\w+)$ /rx/$1 last;
      location /new/ { return 200 "uri=$uri 1=$1 2=$2"; }
      location ~ ^/rx/(\\w)(\\w*)$ { return 200 "uri=$uri 1=$1 2=$2"; } }`,
    probes: [
      probe(req('/old/a/b'), { status: 200, body: 'uri=/new/b 1=a 2=b' }),
      probe(req('/re/xyz'), { status: 200, body: 'uri=/rx/xyz 1=x 2=yz' }),
    ],
  },
  {
    desc: 'captures in redirects and redirect rewrites, escaped or not',
    config: `server { listen 80; server_name ${host};
      location ~ ^/go/(.*)$ { return 301 /to/$1?from=$1; }
      location /old/ { rewrite ^/old/(.*)$ /new/$1 permanent; }
      location /oldq/ { rewrite ^/oldq/(.*)$ /new?p=$1 redirect; }
      location /abs/ { rewrite ^/abs/(.*)$ https://other.example/$1; }
      location ~ ^/hdr/(.*)$ { return 200 "[$1]"; add_header X-Cap "[$1]"; } }`,
    probes: [
      probe(req('/go/a/b'), { status: 301 }),
      probe(req('/hdr/a%20b%26c%3F'), { status: 200, body: '[a b&c?]' }),
      probe(req('/go/a%20b?x=1'), { status: 301 }),
      probe(req('/old/x/y?k=1'), { status: 301 }),
      probe(req('/old/a%20b'), { status: 301 }),
      probe(req('/old/a&b'), { status: 301 }),
      probe(req('/oldq/a%26b'), { status: 302 }),
      probe(req('/oldq/a&b?z=1'), { status: 302 }),
      probe(req('/abs/p%3Fq'), { status: 302 }),
      probe(req('/abs/%20%26%3F%C3%A9'), { status: 302, headers: { location: 'https://other.example/%20&?%C3%A9' } }),
      probe(req('/old/%7B%5B%3F%2B'), { status: 301 }),
      probe(req('/old/a+b{c}'), { status: 301 }),
      probe(req('/oldq/%20%23%25%26%2B%3B%3F%3D%2F%3A%40%24%2C%21%27%28%29%2A%7E%5B%5D%7B%7D%7C%22%3C%3E%5E%60%C3%A9'), { status: 302 }),
      probe(req('/oldq/a+b&c'), { status: 302, headers: { location: `http://${host}:<proxy-port>/new?p=a%2Bb%26c` } }),
    ],
  },
  {
    desc: 'captures of a case-insensitive regex location and of nested regexes; $0 is not a capture',
    config: `server { listen 80; server_name ${host};
      location ~* ^/CI/(?<Name>[A-Z]+)/(\\d+)$ { return 200 "Name=$Name 2=$2"; }
      location /outer/ { location ~ ^/outer/(\\w+)\\.txt$ { return 200 "inner=$1"; } return 200 "outer=[$1]"; } }`,
    probes: [
      probe(req('/ci/abc/12'), { status: 200, body: 'Name=abc 2=12' }),
      probe(req('/CI/XyZ/7'), { status: 200, body: 'Name=XyZ 2=7' }),
      probe(req('/outer/file.txt'), { status: 200, body: 'inner=file' }),
      probe(req('/outer/other'), { status: 200, body: 'outer=[]' }),
    ],
  },
  {
    desc: 'server-level return and rewrite with the server name captures',
    config: `server { listen 80; server_name ~^(?<sub>[a-z]+)\\.old\\.example$; return 301 https://$sub.new.example$request_uri; }
      server { listen 80; server_name ~^(www\\.)?(?<site>[a-z]+)\\.rw\\.example$;
        rewrite ^/(.*)$ /sites/$site/$1 last;
        location /sites/ { return 200 "uri=$uri site=$site 1=$1 2=$2"; } }`,
    probes: [
      probe(req('/a/b?c=1', { host: 'shop.old.example' }), { status: 301, headers: { location: 'https://shop.new.example/a/b?c=1' } }),
      probe(req('/', { host: 'BLOG.old.example' }), { status: 301, headers: { location: 'https://blog.new.example/' } }),
      probe(req('/x/y', { host: 'www.docs.rw.example' }), { status: 200, body: 'uri=/sites/docs/x/y site=docs 1=x/y 2=' }),
      probe(req('/z', { host: 'docs.rw.example' }), { status: 200, body: 'uri=/sites/docs/z site=docs 1=z 2=' }),
    ],
  },
];

describeCases('conformance: regex captures', cases);
