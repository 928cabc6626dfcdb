// A migrated, demo-seeded database per test file, and actors loaded the way a request loads them.
import { eq, sql } from "drizzle-orm";
import { seedDemo } from "@/db/seed";
import { getDb } from "@/db/client";
import { orgs, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { loadUserActor } from "@/lib/auth/load-actor";
import { createTestDatabase, type TestDatabase } from "./db";

/**
 * Points this test file at a Redis database of its own (index 1–15), so queued jobs of one file
 * never reach another file's workers. Answers the URL (for spawned workers).
 */
export function usePrivateRedis(index: number): string {
  const url = new URL(process.env.REDIS_URL!);
  url.pathname = `/${index}`;
  process.env.REDIS_URL = url.toString();
  return process.env.REDIS_URL;
}

/** Creates the database, points this test process's lib/ at it, seeds the demo (orgs and users; rows on request). */
export async function setupDemoDatabase(opts: { withData?: boolean; clues?: boolean } = {}): Promise<TestDatabase> {
  const database = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
  await seedDemo(database.url, { apiKey: "dj_test_fixture_key_abcdefghijklmnopqrstuvwxyz", withData: opts.withData ?? false, clues: opts.clues });
  return database;
}

/** The actor for a demo username, as its session would load it now. */
export async function actorFor(username: string, ip = "10.0.0.1"): Promise<Actor> {
  const [user] = await getDb().select().from(users).where(eq(sql`lower(${users.username})`, username.toLowerCase()));
  if (!user) throw new Error(`no user ${username}`);
  const actor = await loadUserActor(user.id, user.sessionVersion, ip);
  if (!actor) throw new Error(`user ${username} cannot act (disabled?)`);
  return actor;
}

export async function orgIdByName(name: string): Promise<string> {
  const [org] = await getDb().select({ id: orgs.id }).from(orgs).where(eq(orgs.name, name));
  if (!org) throw new Error(`no org ${name}`);
  return org.id;
}

export async function userIdByUsername(username: string): Promise<string> {
  const [user] = await getDb().select({ id: users.id }).from(users).where(eq(users.username, username));
  if (!user) throw new Error(`no user ${username}`);
  return user.id;
}

export const ORGS = {
  province: "江南省人民检察院",
  linjiang: "临江市人民检察院",
  qingshan: "青山市人民检察院",
  dongcheng: "临江市东城区人民检察院",
  xicheng: "临江市西城区人民检察院",
  nanhu: "青山市南湖区人民检察院",
  beiling: "青山市北岭县人民检察院",
} as const;
