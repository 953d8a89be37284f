// Browser stand-in for `node:url`'s domainToASCII (the shared zod model normalises IDN
// server names with it). The WHATWG URL parser applies the same IDNA mapping Node uses;
// inputs Node refuses outright (credentials, ports) are refused here too. Next's own
// browser polyfill for `url` lacks domainToASCII, so next.config.ts aliases this file
// in its place for the browser; the rest of that polyfill is re-exported unchanged.
// @ts-expect-error -- Next's compiled polyfill ships without type declarations.
export * from '../../node_modules/next/dist/compiled/native-url/index.js';

export function domainToASCII(domain: string): string {
  if (domain === '' || /[@:\s]/.test(domain)) return '';
  try {
    return new URL(`http://${domain}`).hostname;
  } catch {
    return '';
  }
}
