// Types of ./layout.mjs (JavaScript so the hook never loads Node's TypeScript stripper).
export declare const STRIPPED_DIR: string;
export declare function entryName(digest: string): string;
