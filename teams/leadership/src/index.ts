export { team } from "./team.ts";
export { pendingApprovals, type PendingApproval } from "./gates.ts";
