import { connect, type Socket } from "node:net";

/** A received message: its subject, body and headers (from HMSG; none from MSG). */
export type RawHandler = (subject: string, payload: string, headers: Record<string, string>) => void;

/**
 * A NATS client in raw protocol (CONNECT / SUB / PUB / HPUB / MSG / HMSG), to show that any
 * program can drive the fleet without our TypeScript libraries.
 */
export class RawNats {
  private buf = Buffer.alloc(0);
  private handlers = new Map<string, RawHandler>();
  private sid = 0;
  private constructor(private sock: Socket) {
    sock.on("data", (d) => this.onData(d));
  }

  /** `auth`: a generated user (the fleet's NATS refuses anonymous connections), e.g. `client`. */
  static async open(url: string, auth?: { user: string; password: string }): Promise<RawNats> {
    const u = new URL(url.replace(/^nats:/, "http:"));
    const sock = connect({ host: u.hostname, port: Number(u.port) });
    await new Promise<void>((res, rej) => {
      sock.once("connect", res);
      sock.once("error", rej);
    });
    const c = new RawNats(sock);
    const login = auth ? { user: auth.user, pass: auth.password } : {};
    sock.write(
      `CONNECT ${JSON.stringify({ verbose: false, pedantic: false, headers: true, name: "raw-test", ...login })}\r\nPING\r\n`,
    );
    return c;
  }

  subscribe(subject: string, fn: RawHandler): void {
    const sid = String(++this.sid);
    this.handlers.set(sid, fn);
    this.sock.write(`SUB ${subject} ${sid}\r\n`);
  }

  /** With `headers` (e.g. a W3C `traceparent`), as HPUB. */
  publish(subject: string, payload: string, headers?: Record<string, string>): void {
    if (!headers) {
      this.sock.write(`PUB ${subject} ${Buffer.byteLength(payload)}\r\n${payload}\r\n`);
      return;
    }
    const head = `NATS/1.0\r\n${Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join("")}\r\n`;
    const size = Buffer.byteLength(head);
    this.sock.write(`HPUB ${subject} ${size} ${size + Buffer.byteLength(payload)}\r\n${head}${payload}\r\n`);
  }

  /** Round trip, so what was written before has reached the server. */
  async flush(): Promise<void> {
    await new Promise<void>((r) => {
      this.pong = r;
      this.sock.write("PING\r\n");
    });
  }
  private pong?: () => void;

  close(): void {
    this.sock.end();
  }

  private onData(d: Buffer): void {
    this.buf = Buffer.concat([this.buf, d]);
    for (;;) {
      const eol = this.buf.indexOf("\r\n");
      if (eol < 0) return;
      const line = this.buf.subarray(0, eol).toString();
      if (line.startsWith("MSG ") || line.startsWith("HMSG ")) {
        const parts = line.split(" ");
        const size = Number(parts[parts.length - 1]);
        // HMSG <subject> <sid> [reply] <header bytes> <total bytes>: the headers come first.
        const headerSize = line.startsWith("HMSG ") ? Number(parts[parts.length - 2]) : 0;
        if (this.buf.length < eol + 2 + size + 2) return;
        const block = this.buf.subarray(eol + 2, eol + 2 + size);
        this.buf = this.buf.subarray(eol + 2 + size + 2);
        const headers = parseHeaders(block.subarray(0, headerSize).toString());
        this.handlers.get(parts[2]!)?.(parts[1]!, block.subarray(headerSize).toString(), headers);
        continue;
      }
      this.buf = this.buf.subarray(eol + 2);
      if (line === "PING") this.sock.write("PONG\r\n");
      else if (line === "PONG") {
        this.pong?.();
        this.pong = undefined;
      }
    }
  }
}

/** `NATS/1.0\r\nKey: value\r\n...` to a record (first value of each key). */
function parseHeaders(block: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of block.split("\r\n").slice(1)) {
    const colon = line.indexOf(":");
    if (colon > 0) out[line.slice(0, colon).trim()] ??= line.slice(colon + 1).trim();
  }
  return out;
}
