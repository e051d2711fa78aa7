import { describe, expect, it } from "vitest";
import { isStaleConnection, onFreshConnection } from "../src/stale-connection.ts";

/** What undici's fetch throws for a request sent on a kept-alive socket the server had closed. */
const closedUnder = () =>
  new TypeError("fetch failed", { cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }) });

describe("onFreshConnection", () => {
  it("sends a request again, once, when its kept-alive connection had been closed", async () => {
    let calls = 0;
    const value = await onFreshConnection(async () => {
      if (++calls === 1) throw closedUnder();
      return "answered";
    });
    expect([value, calls]).toEqual(["answered", 2]);
  });

  it("throws any other failure at once, and a second closed connection as it came", async () => {
    let calls = 0;
    const refused = new Error("Bad Request");
    await expect(onFreshConnection(() => (calls++, Promise.reject(refused)))).rejects.toBe(refused);
    expect(calls).toBe(1);
    const second = closedUnder();
    calls = 0;
    await expect(onFreshConnection(() => Promise.reject(++calls === 1 ? closedUnder() : second))).rejects.toBe(second);
    expect(calls).toBe(2);
  });

  it("recognises a reset or closed socket anywhere in the causes, nothing else", () => {
    expect(isStaleConnection(closedUnder())).toBe(true);
    expect(isStaleConnection(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }))).toBe(true);
    expect(isStaleConnection(new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED") }))).toBe(false);
    expect(isStaleConnection("other side closed")).toBe(false);
  });
});
