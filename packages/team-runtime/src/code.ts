import { CodeBundle, type ChangeSet, type ObjectRef } from "@flotilla/contracts";
import type { TeamContext } from "./types.ts";

/**
 * The change sets of development's stored work, in the order given (dependency order), to be
 * applied one after the other. Packets made in parallel may each create the same file with the
 * same content (a package.json both needed): only the first creates it. Different contents stay,
 * so applying reports the conflict.
 */
export async function changeSetsAt(ctx: TeamContext, refs: readonly ObjectRef[]): Promise<ChangeSet[]> {
  const bundles = await Promise.all(
    refs.map(async (ref) => {
      const stored = await ctx.bus.objects.getJson(ref);
      if (stored === null) throw new Error(`code ${ref.object_store}/${ref.key} is not in the object store`);
      return CodeBundle.parse(stored);
    }),
  );
  const created = new Map<string, string>();
  return bundles.map((bundle) => ({
    changes: bundle.changes.filter((change) => {
      if (change.op !== "create") return true;
      if (created.get(change.path) === change.content) return false;
      created.set(change.path, change.content);
      return true;
    }),
  }));
}
