// Static files (nginx root/alias/index/try_files/autoindex). Every file is resolved with
// realpath and must stay inside its root, so neither "..", an encoded slash nor a
// symlink can leave it. Conditional requests and single byte ranges as nginx answers them.
import fs from 'node:fs';
import path from 'node:path';
import type { RequestContext } from '../runtime/types.ts';
import { sendError } from '../http/error-pages.ts';
import { internalRedirect, runNamedLocation } from './handler.ts';
import { absoluteRedirect } from '../http/proxy-redirect.ts';
import { appendAddHeaders, serverHeader } from '../http/response-headers.ts';
import { sendRedirect } from '../http/respond.ts';
import { contentTypeFor, type FileTypes } from '../http/mime-types.ts';
import { renderDirectoryListing } from './autoindex.ts';
import { regexAliasTarget } from './alias-captures.ts';
import type { CompiledAction } from '../runtime/types.ts';
import { endOut, headOut, pumpOut } from '../http/sink.ts';

type StaticAction = Extract<CompiledAction, { kind: 'static' }>;

interface Resolved {
  file: string;
  stat: fs.Stats;
}

/** Decodes a canonical path for the filesystem; null if it cannot name a file safely. */
function fsPath(canonical: string): string | null {
  if (/%2F|%00|%5C/i.test(canonical) || canonical.includes('\\')) return null;
  try {
    return decodeURIComponent(canonical);
  } catch {
    return null;
  }
}

async function realInside(root: string, candidate: string): Promise<Resolved | null> {
  try {
    const [realRoot, real] = await Promise.all([fs.promises.realpath(root), fs.promises.realpath(candidate)]);
    if (real !== realRoot && !real.startsWith(realRoot.endsWith('/') ? realRoot : `${realRoot}/`)) return null;
    return { file: real, stat: await fs.promises.stat(real) };
  } catch {
    return null;
  }
}

/**
 * The file a URI names. root: root + URI. alias: the location prefix replaced by the alias,
 * as plain text (nginx): `location /i { alias /x; }` maps "/i../a" to "/x../a" and
 * `location /j/ { alias /x; }` maps "/j/a" to "/xa". `base` is the directory the file must
 * stay in (symlinks included): the alias itself, or, when the text continues its last
 * name, the alias's parent. A ".." segment made by the concatenation (`location /i {
 * alias /x/; }` with "/i../etc") would climb out of it: refused, where nginx serves it.
 */
function mapToDisk(action: StaticAction, uriPath: string, prefix: string): { base: string; file: string } | null {
  const decoded = fsPath(uriPath);
  if (decoded === null) return null;
  if (action.alias === null) return { base: action.root!, file: path.join(action.root!, decoded) };
  const alias = action.alias;
  const rest = decoded.slice(fsPath(prefix)?.length ?? prefix.length);
  const file = alias + rest;
  // Only the segments the request adds to (or continues) the alias's text are checked.
  const added = alias.slice(alias.lastIndexOf('/') + 1) + rest;
  if (added.split('/').some((segment) => segment === '..' || segment === '.')) return null;
  const inside = file === alias || alias.endsWith('/') || file.startsWith(`${alias}/`);
  return { base: inside ? alias : path.dirname(alias), file };
}

export async function serveStatic(ctx: RequestContext, action: StaticAction): Promise<void> {
  // nginx's index and static modules also take POST for a directory: "dir/" goes to the
  // index file's location (a proxy there gets it), "dir" gets the 301. Other methods, and
  // POST to anything but a directory, are 405.
  const post = ctx.method === 'POST' && !action.tryFiles;
  if (ctx.method !== 'GET' && ctx.method !== 'HEAD' && !post) return notAllowed(ctx);
  if (action.tryFiles) return tryFiles(ctx, action, action.tryFiles);
  const target = action.regexAlias ? regexAliasTarget(action.regexAlias, ctx) : mapToDisk(action, ctx.path, ctx.matchedPrefix);
  const resolved = target && (await realInside(target.base, target.file));
  if (resolved && resolved.stat.isDirectory()) return serveDirectory(ctx, action, target!.base, resolved.file, ctx.path);
  // A missing "dir/" is 404 for every method nginx's index module takes.
  if (!resolved && ctx.path.endsWith('/')) return sendError(ctx, 404);
  if (post) return notAllowed(ctx);
  if (!resolved) return sendError(ctx, 404);
  return sendFile(ctx, resolved, ctx.path, action.fileTypes);
}

function notAllowed(ctx: RequestContext): void {
  sendError(ctx, 405, { headers: [['Allow', 'GET, HEAD']] });
}

/** `uri`: the URI naming the directory (the request's, or a try_files candidate's). */
async function serveDirectory(ctx: RequestContext, action: StaticAction, base: string, dir: string, uri: string): Promise<void> {
  if (!uri.endsWith('/')) {
    // nginx redirects a directory request to its slashed form.
    sendRedirect(ctx, 301, absoluteRedirect(ctx, `${uri}/${ctx.query ? `?${ctx.query}` : ''}`));
    return;
  }
  const index = await findIndex(action.index, base, dir);
  // nginx's index module: the index file is reached by an internal redirect, so the
  // location search runs again for it (`location = /index.html`, a regex, a proxy).
  if (index !== null) return internalRedirect(ctx, `${index.startsWith('/') ? indexUri(index) : uri + indexUri(index)}${ctx.query ? `?${ctx.query}` : ''}`);
  if (action.autoindex && ctx.method !== 'POST') {
    const listing = await renderDirectoryListing(dir, uri, action.listing).catch(() => null);
    if (listing !== null) {
      const headers = ['Server', serverHeader(ctx.location!.serverTokens), 'Content-Type', listing.contentType, 'Content-Length', String(listing.body.length)];
      appendAddHeaders(headers, ctx, ctx.location!.responseHeaders, 200);
      headOut(ctx, 200, headers);
      endOut(ctx, ctx.method === 'HEAD' ? undefined : listing.body);
      return;
    }
  }
  // nginx: a directory without index and without autoindex is forbidden.
  sendError(ctx, 403);
}

/**
 * The first index entry that exists in the directory, in order; an absolute entry ("/x.html")
 * is a URI, taken when reached without looking at the disk (nginx).
 */
async function findIndex(entries: readonly string[], base: string, dir: string): Promise<string | null> {
  for (const entry of entries) {
    if (entry.startsWith('/')) return entry;
    if (await realInside(base, path.join(dir, entry))) return entry;
  }
  return null;
}

/** An index name as URI text: what cannot stand in a path written as an escape. */
function indexUri(name: string): string {
  return encodeURI(name).replace(/[?#]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

async function tryFiles(ctx: RequestContext, action: StaticAction, candidates: string[]): Promise<void> {
  const last = candidates.length - 1;
  for (let i = 0; i < last; i++) {
    // Only an entry written with a trailing "/" tests for a directory ("$uri" of "/dir/" does not).
    const wantsDirectory = candidates[i]!.endsWith('/');
    const candidate = candidates[i]!.replace(/\$uri/g, ctx.path).replace(/\$args/g, ctx.query);
    const target = mapToDisk(action, wantsDirectory ? candidate.slice(0, -1) || '/' : candidate, ctx.matchedPrefix);
    if (!target) continue;
    const resolved = await realInside(target.base, target.file);
    if (!resolved) continue;
    // The URI becomes the candidate without its slash (nginx): "$uri/" for "/dir" is
    // answered with the 301 to "/dir/", for "/dir/" with its index.
    if (wantsDirectory && resolved.stat.isDirectory()) return serveDirectory(ctx, action, target.base, resolved.file, candidate.slice(0, -1) || '/');
    if (resolved.stat.isFile()) return sendFile(ctx, resolved, candidate, action.fileTypes);
  }
  const fallback = candidates[last]!;
  const code = /^=(\d{3})$/.exec(fallback);
  if (code) return sendError(ctx, Number(code[1]));
  if (fallback.startsWith('@')) return runNamedLocation(ctx, fallback);
  // A URI fallback is an internal redirect: the location search runs again for it (an
  // SPA's /index.html lands in the same location; /backend$uri may reach a proxy).
  internalRedirect(ctx, fallback.replace(/\$uri/g, ctx.path).replace(/\$args/g, ctx.query));
}

function etagOf(stat: fs.Stats): string {
  return `"${Math.floor(stat.mtimeMs / 1000).toString(16)}-${stat.size.toString(16)}"`;
}

/** nginx's not_modified filter: 412 for failed If-Match / If-Unmodified-Since, 304 when every validator sent says unchanged. */
function conditionalStatus(ctx: RequestContext, etag: string, mtimeSec: number): 200 | 304 | 412 {
  const h = ctx.req.headers;
  const ius = h['if-unmodified-since'];
  if (ius !== undefined) {
    const at = Date.parse(ius);
    if (Number.isFinite(at) && mtimeSec > Math.floor(at / 1000)) return 412;
  }
  const im = h['if-match'];
  if (im !== undefined && !etagListMatches(im, etag, false)) return 412;
  const ims = h['if-modified-since'];
  const inm = h['if-none-match'];
  if (ims === undefined && inm === undefined) return 200;
  // if_modified_since exact (nginx's default): unchanged only when the dates are equal.
  if (ims !== undefined && Date.parse(ims) !== mtimeSec * 1000) return 200;
  if (inm !== undefined && !etagListMatches(inm, etag, true)) return 200;
  return 304;
}

function etagListMatches(list: string, etag: string, weak: boolean): boolean {
  if (list.trim() === '*') return true;
  const strip = (t: string) => (weak && t.startsWith('W/') ? t.slice(2) : t);
  return list.split(',').some((t) => strip(t.trim()) === etag);
}

/** If-Range: the range applies only when the validator names this very file version. */
function ifRangeHolds(ctx: RequestContext, etag: string, mtimeSec: number): boolean {
  const value = ctx.req.headers['if-range'];
  if (value === undefined) return true;
  const v = String(value).trim();
  if (v.startsWith('"') || v.startsWith('W/')) return v === etag;
  return Date.parse(v) === mtimeSec * 1000;
}

function sendFile(ctx: RequestContext, { file, stat }: Resolved, uri: string, fileTypes: FileTypes): void {
  const location = ctx.location!;
  const mtimeSec = Math.floor(stat.mtimeMs / 1000);
  const lastModified = new Date(mtimeSec * 1000).toUTCString();
  const etag = etagOf(stat);
  // `expires $var` may read the answer's headers ($sent_http_content_type), set by then in nginx.
  ctx.responseHeaders = ['Content-Type', contentTypeFor(uri, fileTypes), 'Last-Modified', lastModified, 'ETag', etag];
  const expires = location.expiresHeaders(ctx);
  const conditional = conditionalStatus(ctx, etag, mtimeSec);
  if (conditional === 412) return sendError(ctx, 412);
  if (conditional === 304) {
    // nginx's 304 keeps the validators (and expires), not the entity's type or ranges.
    const headers = ['Server', serverHeader(location.serverTokens), 'Last-Modified', lastModified, 'ETag', etag];
    if (expires) headers.push(...expires);
    appendAddHeaders(headers, ctx, location.responseHeaders, 304);
    headOut(ctx, 304, headers);
    endOut(ctx);
    return;
  }
  // nginx types a file by the URI's extension (an alias or a try_files candidate may name another file).
  const headers = ['Server', serverHeader(location.serverTokens), 'Content-Type', contentTypeFor(uri, fileTypes), 'Last-Modified', lastModified, 'ETag', etag];
  if (expires) headers.push(...expires);
  let start = 0;
  let end = stat.size - 1;
  let status = 200;
  const range = ctx.req.headers.range;
  if (range && stat.size > 0 && ifRangeHolds(ctx, etag, mtimeSec)) {
    const spec = /^bytes=\s*(.*)$/i.exec(range.trim());
    const m = spec ? /^(\d*)-(\d*)$/.exec(spec[1]!.trim()) : null;
    if (spec && !m && !spec[1]!.includes(',')) {
      // Not a range nginx can read ("bytes=abc"): 416, as nginx.
      sendError(ctx, 416, { headers: [['Content-Range', `bytes */${stat.size}`]] });
      return;
    }
    if (m && (m[1] !== '' || m[2] !== '')) {
      if (m[1] === '') {
        start = Math.max(0, stat.size - Number(m[2]));
      } else {
        start = Number(m[1]);
        if (m[2] !== '') end = Math.min(end, Number(m[2]));
      }
      if (start > end || start >= stat.size) {
        sendError(ctx, 416, { headers: [['Content-Range', `bytes */${stat.size}`]] });
        return;
      }
      status = 206;
      headers.push('Content-Range', `bytes ${start}-${end}/${stat.size}`);
    }
  }
  // nginx advertises ranges on full answers only.
  if (status === 200) headers.push('Accept-Ranges', 'bytes');
  headers.push('Content-Length', String(stat.size === 0 ? 0 : end - start + 1));
  appendAddHeaders(headers, ctx, location.responseHeaders, status);
  headOut(ctx, status, headers);
  if (ctx.method === 'HEAD' || stat.size === 0) {
    endOut(ctx);
    return;
  }
  pumpOut(ctx, fs.createReadStream(file, { start, end }));
}
