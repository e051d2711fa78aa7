import type { Bus } from "@flotilla/bus";
import type { KnowledgeStore } from "@flotilla/knowledge";
import type { LedgerSource } from "./ledger/source.ts";
import type { LiveHub } from "./live/hub.ts";
import type { TaskIndex } from "./tasks/task-index.ts";

/** What every feature reads from: the bus (as the read-only dashboard user), Qdrant (read-only key), the ledger. */
export interface DashboardContext {
  bus: Bus;
  knowledge: Pick<KnowledgeStore, "list">;
  ledger: LedgerSource;
  tasks: TaskIndex;
  live: LiveHub;
}

/** Task ids are UUIDs; anything else is not a task (and never reaches a KV key). */
export const isTaskId = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
