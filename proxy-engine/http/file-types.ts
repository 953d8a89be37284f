// A static location's `types {}` and `default_type`, compiled once per revision.
import type { z } from 'zod';
import type { StaticAction } from '../../core/config/location.ts';
import { DEFAULT_FILE_TYPES, type FileTypes } from './mime-types.ts';

export function compileFileTypes(action: Pick<z.output<typeof StaticAction>, 'types' | 'defaultType'>): FileTypes {
  if (action.types === undefined && action.defaultType === undefined) return DEFAULT_FILE_TYPES;
  return {
    types: action.types === undefined ? undefined : new Map(Object.entries(action.types)),
    defaultType: action.defaultType ?? DEFAULT_FILE_TYPES.defaultType,
  };
}
