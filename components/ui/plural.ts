// The dashboard's counted nouns: the one rule in core/views/plural.ts, shared with the controller.
export { noun, plural } from '../../core/views/plural.ts';
