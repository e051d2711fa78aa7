export { startDashboard, type DashboardOptions, type RunningDashboard } from "./server.ts";
export { dashboardOptions } from "./env.ts";
export { createDashboardApp } from "./app.ts";
export { checkBinding, type Binding } from "./security/binding.ts";
export { DashboardError } from "./errors.ts";
export type { DashboardContext } from "./context.ts";
