import { team as leadership } from "@flotilla/team-leadership";
import { team as development } from "@flotilla/team-development";
import { team as qa } from "@flotilla/team-qa";
import { team as documentation } from "@flotilla/team-documentation";
import { team as devops } from "@flotilla/team-devops";

/** Each team's declared agents, in the order `flotilla status` lists the teams. */
export const DECLARED_TEAMS = [leadership, development, qa, documentation, devops].map((t) => ({
  name: t.name,
  agents: t.agents,
}));
