import { SignOff } from "@flotilla/contracts";
import { defineStep } from "@flotilla/team-runtime";
import { perform } from "./effects.ts";
import { signedOff } from "./transitions.ts";

/** Leadership's last step: rate the deployed result, vote on the sign-off; a rejection names the packets to redo. */
export const signoffStep = defineStep({
  step: "signoff",
  consumes: "leadership.signoff.requested",
  output: { name: "SignOff", schema: SignOff },
  artifact: { store: "plan_artifacts", name: "signoff.json" },
  prompt: (m, received) =>
    [
      "Review the whole result of this task and sign it off. Accept it, or reject it and name in send_back the packets to do" +
        " again, each with what is wrong (a rejection that names no packet fails the task).",
      `Packets:\n${m.packets.map((p) => `- ${p.id} (${p.team}): ${p.title}`).join("\n")}`,
      received,
    ].join("\n\n"),
  finish: async (ctx, m, r) => {
    const { state, effects } = await signedOff(ctx, m.message_id, r);
    await perform(ctx, state, effects);
  },
});
