// The forms' validation messages. Every zod issue already reads as a plain sentence (the
// model installs core/config/messages.ts); what only a form knows is text a
// numeric control could not read (Unparsed): that is said in the control's own terms.
import { Unparsed } from './units.ts';

const UNPARSED_MESSAGES: Record<Unparsed['kind'], string> = {
  number: 'enter a whole number',
  duration: 'enter a duration such as 500ms, 30s, 5m or 1h',
  size: 'enter a size such as 512, 64k, 10m or 1g',
};

/** The message for a field whose value is what the user typed and no number (undefined otherwise). */
export function unparsedMessage(value: unknown): string | undefined {
  if (!(value instanceof Unparsed)) return undefined;
  return value.text.trim() === '' ? 'required' : UNPARSED_MESSAGES[value.kind];
}
