/**
 * `@flotilla/repo/testing`: what tests need to prove the user's checkout was never changed.
 * Never part of the main index.
 */
export { checkoutEntries, checkoutFingerprint } from "./fingerprint.ts";
