import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import type { CodeBundle, DocBundle } from "@flotilla/contracts";

/**
 * Writes the approved files into the task's folder of the target workspace. Paths come from
 * models, so each is resolved and must stay inside that folder (no traversal, no absolute paths).
 */
export async function applyToWorkspace(
  workspace: string,
  taskId: string,
  code: readonly CodeBundle[],
  docs: readonly DocBundle[],
): Promise<{ root: string; files: string[] }> {
  const root = resolve(workspace, taskId);
  const readme = docs.map((d) => `${d.markdown}\n\n${d.api_reference}\n`).join("\n");
  const files = [
    ...code.flatMap((c) => [...c.files, ...c.tests]),
    ...(docs.length ? [{ path: "docs/README.md", content: readme }] : []),
  ];
  const written: string[] = [];
  for (const file of files) {
    const target = resolve(root, file.path);
    if (!target.startsWith(root + sep)) throw new Error(`refusing to write outside the workspace: ${file.path}`);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.content);
    written.push(file.path);
  }
  await writeFile(
    join(root, "FLOTILLA_MANIFEST.json"),
    JSON.stringify({ task_id: taskId, files: written, simulated: code.some((c) => c.simulated) }, null, 2),
  );
  return { root, files: written };
}
