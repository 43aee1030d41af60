// Types of build-stamp.mjs (imported by the test run's global setup).
export declare const STAMP: string;
export declare function sourceHash(root: string): string;
export declare function writeStamp(root: string, hash: string): void;
export declare function buildIsCurrent(root: string): boolean;
