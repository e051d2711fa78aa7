import { secureHeaders } from "hono/secure-headers";

/**
 * A second line behind escaping: scripts only from the dashboard itself (no inline script runs,
 * whatever a model wrote), no framing, no plugins. Mermaid writes `<style>` into its SVGs, so
 * inline styles stay allowed.
 */
export const headers = () =>
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", "data:"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
    },
    referrerPolicy: "no-referrer",
  });
