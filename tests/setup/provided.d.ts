// Values tests/setup/global-setup.ts hands to every test file via `inject(...)`.
declare module "vitest" {
  export interface ProvidedContext {
    /** nats://127.0.0.1:<port> of the test run's own nats-server (JetStream on). */
    natsUrl: string;
    /** http://127.0.0.1:<port> of the test run's own Qdrant. */
    qdrantUrl: string;
  }
}

export {};
