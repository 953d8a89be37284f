// IDN host names to ASCII (punycode) without node:url, so the shared configuration model
// also runs in the browser: the WHATWG URL parser applies the same IDNA mapping Node's
// domainToASCII does. Inputs Node refuses outright (credentials, ports) give "".
export function domainToASCII(domain: string): string {
  if (domain === '' || /[@:\s]/.test(domain)) return '';
  try {
    return new URL(`http://${domain}`).hostname;
  } catch {
    return '';
  }
}
