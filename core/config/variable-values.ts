// The two shapes every variable-using part of the model shares (the rewrite module's
// steps, map blocks): a variable's name, and a value that may use variables.
import { z } from 'zod';

export const VariableName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a variable name (letters, digits, "_")')
  .describe('A variable name without "$".');

/** Values may use variables ("$host", "${uri}", "$1"); no CR, LF or NUL (they may end up in headers). */
export const TemplateValue = z
  .string()
  .max(4096)
  .refine((v) => !/[\r\n\0]/.test(v), 'must not contain CR, LF or NUL');
