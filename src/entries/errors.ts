/** The error classes and their guard that every way in exposes (not wire/errors.ts's helpers). */
export * from './errors-sharedcount.js';
export { AddThisError, ShareableeError } from '../wire/errors.js';
