import { describe, expect, it } from "vitest";
import { FlotillaError, isRetryable, isRetryableStatus, kindOfStatus, parseRetryAfter } from "../src/index.ts";

class PaymentError extends FlotillaError {
  override readonly name = "PaymentError";
}

describe("FlotillaError", () => {
  it("has a stable name, a verdict on retrying (false unless told), context and cause", () => {
    const cause = new Error("socket hang up");
    const err = new FlotillaError("payment service unreachable", {
      isRetryable: true,
      cause,
      context: { service: "pay" },
    });
    expect(err).toMatchObject({
      name: "FlotillaError",
      message: "payment service unreachable",
      isRetryable: true,
      context: { service: "pay" },
    });
    expect(err.cause).toBe(cause);
    expect(new FlotillaError("x")).toMatchObject({ isRetryable: false, context: {} });
    expect("cause" in new FlotillaError("x")).toBe(false);
  });

  it("is recognised by its marker, subclasses included, across copies of the package", () => {
    expect(FlotillaError.is(new FlotillaError("x"))).toBe(true);
    expect(FlotillaError.is(new PaymentError("x"))).toBe(true);
    expect(new PaymentError("x").name).toBe("PaymentError");
    // What an instance from another copy of this package looks like to this one.
    expect(FlotillaError.is({ [Symbol.for("flotilla.error")]: true })).toBe(true);
    expect(FlotillaError.is(new Error("x"))).toBe(false);
    expect(FlotillaError.is(null)).toBe(false);
    expect(FlotillaError.is("FlotillaError")).toBe(false);
  });
});

describe("isRetryable", () => {
  it("follows an error's own verdict, never retries an abort, and gives anything else the benefit of the doubt", () => {
    expect(isRetryable(new FlotillaError("x", { isRetryable: true }))).toBe(true);
    expect(isRetryable(new FlotillaError("x"))).toBe(false);
    expect(isRetryable(Object.assign(new Error("401"), { isRetryable: false }))).toBe(false);
    expect(isRetryable(new DOMException("stop", "AbortError"))).toBe(false);
    expect(isRetryable(new Error("ECONNRESET"))).toBe(true);
    expect(isRetryable("weird")).toBe(true);
  });
});

describe("HTTP statuses", () => {
  it("maps statuses to kinds; 408, 429 and 5xx are retryable", () => {
    expect([429, 408, 401, 403, 404, 500, 503, 400, 409].map(kindOfStatus)).toEqual([
      "rate_limit",
      "timeout",
      "auth",
      "auth",
      "not_found",
      "server",
      "server",
      "bad_request",
      "bad_request",
    ]);
    expect([408, 429, 500, 503].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 404, 409].some(isRetryableStatus)).toBe(false);
  });

  it("reads retry-after in seconds, as a date, or retry-after-ms, from Headers or a record", () => {
    expect(parseRetryAfter(new Headers({ "retry-after": "2" }))).toBe(2000);
    expect(parseRetryAfter({ "retry-after-ms": "150", "retry-after": "9" })).toBe(150);
    const inFiveSeconds = new Date(Date.now() + 5_000).toUTCString();
    expect(parseRetryAfter({ "retry-after": inFiveSeconds })).toBeGreaterThan(3_000);
    expect(parseRetryAfter({})).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
