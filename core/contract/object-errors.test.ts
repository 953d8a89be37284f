import { describe, expect, it } from 'vitest';
import { errorObjectIds, errorsAbout, objectOfError } from './object-errors.ts';

const error = (objectId: string) => ({ objectId });

describe('errorObjectIds', () => {
  it.each([
    { desc: 'an object names itself', objectId: 'pool-1', expected: ['pool-1'] },
    { desc: 'a location without an id falls back to its host', objectId: 'host-1#2', expected: ['host-1#2', 'host-1'] },
  ])('$desc', ({ objectId, expected }) => expect(errorObjectIds(error(objectId))).toEqual(expected));
});

describe('objectOfError', () => {
  const objects = new Map([
    ['host-1', 'the host'],
    ['loc-1', 'its location'],
  ]);
  it.each([
    { desc: 'the host itself', objectId: 'host-1', expected: 'the host' },
    { desc: 'a saved location', objectId: 'loc-1', expected: 'its location' },
    { desc: 'an unsaved location: its host', objectId: 'host-1#0', expected: 'the host' },
    { desc: 'another host', objectId: 'host-2', expected: undefined },
    { desc: 'an unsaved location of another host', objectId: 'host-2#0', expected: undefined },
    { desc: 'a prefix of an id is not the id', objectId: 'host', expected: undefined },
  ])('$desc', ({ objectId, expected }) => expect(objectOfError(error(objectId), objects)).toBe(expected));
});

describe('errorsAbout', () => {
  const errors = [error('host-1'), error('host-1#3'), error('loc-9'), error('pool-1'), error('compile')];
  it.each([
    { desc: 'a host and its unsaved locations', ids: ['host-1'], expected: ['host-1', 'host-1#3'] },
    { desc: 'a host and a saved location', ids: ['host-1', 'loc-9'], expected: ['host-1', 'host-1#3', 'loc-9'] },
    { desc: 'a pool', ids: ['pool-1'], expected: ['pool-1'] },
    { desc: 'nothing asked: nothing', ids: [], expected: [] },
  ])('$desc', ({ ids, expected }) => expect(errorsAbout(errors, ids).map((e) => e.objectId)).toEqual(expected));
});
