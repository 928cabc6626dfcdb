// What "healthy" means for the app: GET /api/v1/health → 200 with database and redis reachable.
import type { HttpAnswer } from "./net";

export const HEALTH_PATH = "/api/v1/health";

export function isHealthy(answer: HttpAnswer): boolean {
  if (answer.status !== 200) return false;
  try {
    const body: unknown = JSON.parse(answer.body);
    return typeof body === "object" && body !== null && Reflect.get(body, "database") === true && Reflect.get(body, "redis") === true;
  } catch {
    return false;
  }
}
