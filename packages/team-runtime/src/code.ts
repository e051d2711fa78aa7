import { CodeBundle, type ChangeSet, type ObjectRef } from "@flotilla/contracts";
import type { TeamContext } from "./types.ts";

/** The change sets of development's stored work, in the order given (missing or invalid: an error). */
export async function changeSetsAt(ctx: TeamContext, refs: readonly ObjectRef[]): Promise<ChangeSet[]> {
  return Promise.all(
    refs.map(async (ref) => {
      const stored = await ctx.bus.objects.getJson(ref);
      if (stored === null) throw new Error(`code ${ref.object_store}/${ref.key} is not in the object store`);
      return { changes: CodeBundle.parse(stored).changes };
    }),
  );
}
