// A host's primary name: the name the engine counts its traffic under, logs it as, and
// answers $server_name with — its first exact name. Wildcards and regexes describe many
// names, so they are a last resort. The dashboard keys its charts and links by the same
// rule, so both halves must read it from here.

/** The first exact (neither wildcard nor regex) server name, if the host has one. */
export function exactServerName(serverNames: readonly string[]): string | undefined {
  return serverNames.find((n) => !n.startsWith('~') && !n.includes('*'));
}

/** The host's primary name: its first exact name, else its first name ('' for none). */
export function primaryServerName(serverNames: readonly string[]): string {
  return exactServerName(serverNames) ?? serverNames[0] ?? '';
}
