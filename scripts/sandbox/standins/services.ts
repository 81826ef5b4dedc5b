// The target stand-ins that plug in through service.ts, one line each. (GitHub, GitLab,
// Travis and CircleCI predate it and are wired into server.ts, state.ts and fixtures.ts.)
import { jenkins } from "./jenkins";
import type { StandinService } from "./service";

export const STANDIN_SERVICES: readonly StandinService<unknown>[] = [jenkins];

export const standinServiceNamed = (name: string) => STANDIN_SERVICES.find((s) => s.name === name);
