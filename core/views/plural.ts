// Counted nouns in words: "1 request", "2 requests", "1 policy", "3 policies", for every
// process that words counts (the dashboard's pages through components/ui/plural.ts, the controller's verdicts).

/** Irregular plurals the dashboard uses; the rest take an "s". */
const IRREGULAR: Record<string, string> = { policy: 'policies', entry: 'entries', is: 'are', was: 'were', sends: 'send', takes: 'take', it: 'them' };

/** The noun (or verb) for a count: `noun(1, 'policy')` → "policy", `noun(2, 'policy')` → "policies". */
export function noun(count: number, singular: string, pluralForm?: string): string {
  return count === 1 ? singular : (pluralForm ?? IRREGULAR[singular] ?? `${singular}s`);
}

/** The count with its noun: `plural(1, 'request')` → "1 request", `plural(1200, 'request')` → "1,200 requests". */
export function plural(count: number, singular: string, pluralForm?: string): string {
  return `${count.toLocaleString('en-US')} ${noun(count, singular, pluralForm)}`;
}
