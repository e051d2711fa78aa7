import { connect, type Socket } from "node:net";

/**
 * A NATS client in raw protocol (CONNECT / SUB / PUB / MSG), to show that any program can
 * drive the fleet without our TypeScript libraries.
 */
export class RawNats {
  private buf = Buffer.alloc(0);
  private handlers = new Map<string, (subject: string, payload: string) => void>();
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
      `CONNECT ${JSON.stringify({ verbose: false, pedantic: false, name: "raw-test", ...login })}\r\nPING\r\n`,
    );
    return c;
  }

  subscribe(subject: string, fn: (subject: string, payload: string) => void): void {
    const sid = String(++this.sid);
    this.handlers.set(sid, fn);
    this.sock.write(`SUB ${subject} ${sid}\r\n`);
  }

  publish(subject: string, payload: string): void {
    this.sock.write(`PUB ${subject} ${Buffer.byteLength(payload)}\r\n${payload}\r\n`);
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
      if (line.startsWith("MSG ")) {
        const parts = line.split(" ");
        const size = Number(parts[parts.length - 1]);
        if (this.buf.length < eol + 2 + size + 2) return;
        const payload = this.buf.subarray(eol + 2, eol + 2 + size).toString();
        this.buf = this.buf.subarray(eol + 2 + size + 2);
        this.handlers.get(parts[2]!)?.(parts[1]!, payload);
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
