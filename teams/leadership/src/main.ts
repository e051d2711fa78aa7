import { main } from "@flotilla/team-runtime";
import { team } from "./team.ts";

await main(team);
