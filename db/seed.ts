import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { hashPassword } from "../lib/auth/password";
import { defaultExpiryDay, expiresAtForDay } from "../lib/api-keys/expiry";
import { displayPrefix, generateApiKey, hashApiKey } from "../lib/api-keys/keys";
import { API_KEY_SCOPES, type Role } from "../lib/auth/permissions";
import { connect, type Db } from "./client";
import { apiKeys, datasets, orgs, users, type OrgLevel } from "./schema";
import { seedDemoData, upgradeBuiltins } from "./seed-data";

interface OrgSeed {
  key: string;
  name: string;
  level: OrgLevel;
  parent?: string;
}

/** One province, two cities, four districts (fictional names). */
export const DEMO_ORGS: OrgSeed[] = [
  { key: "prov", name: "江南省人民检察院", level: "province" },
  { key: "linjiang", name: "临江市人民检察院", level: "city", parent: "prov" },
  { key: "qingshan", name: "青山市人民检察院", level: "city", parent: "prov" },
  { key: "dongcheng", name: "临江市东城区人民检察院", level: "district", parent: "linjiang" },
  { key: "xicheng", name: "临江市西城区人民检察院", level: "district", parent: "linjiang" },
  { key: "nanhu", name: "青山市南湖区人民检察院", level: "district", parent: "qingshan" },
  { key: "beiling", name: "青山市北岭县人民检察院", level: "district", parent: "qingshan" },
];

export interface DemoAccount {
  username: string;
  password: string;
  name: string;
  roles: Role[];
  org: string;
}

const DEMO_PASSWORD = "demo1234";
const orgName = (key: string): string => DEMO_ORGS.find((o) => o.key === key)!.name;

const ACCOUNT_SEEDS: (Omit<DemoAccount, "password" | "org"> & { orgKey: string })[] = [
  { username: "admin", name: "王建国", roles: ["admin"], orgKey: "prov" },
  { username: "leader", name: "李振华", roles: ["leader"], orgKey: "prov" },
  { username: "prosecutor", name: "陈静", roles: ["prosecutor"], orgKey: "dongcheng" },
  { username: "builder", name: "赵明", roles: ["model_builder"], orgKey: "linjiang" },
  // The province builds (and edits) the built-in models every org runs.
  { username: "province_builder", name: "何志远", roles: ["model_builder"], orgKey: "prov" },
  // A builder where the demo data is (东城区院): builds a model and previews it on real hits.
  { username: "district_builder", name: "林晓", roles: ["model_builder"], orgKey: "dongcheng" },
  { username: "reviewer", name: "孙丽", roles: ["reviewer"], orgKey: "prov" },
  { username: "data_admin", name: "周强", roles: ["data_admin"], orgKey: "dongcheng" },
  // The province's data admin decides the applications of orgs without their own (临江市院 has none).
  { username: "province_data_admin", name: "钱卫东", roles: ["data_admin"], orgKey: "prov" },
  { username: "city_leader", name: "吴海", roles: ["leader"], orgKey: "linjiang" },
  { username: "city_admin", name: "郑凯", roles: ["admin"], orgKey: "linjiang" },
  { username: "prosecutor_nanhu", name: "刘洋", roles: ["prosecutor"], orgKey: "nanhu" },
  { username: "multi", name: "黄晓", roles: ["prosecutor", "model_builder"], orgKey: "xicheng" },
  { username: "admin_qingshan", name: "冯涛", roles: ["admin", "leader"], orgKey: "qingshan" },
];

export const DEMO_ACCOUNTS: DemoAccount[] = ACCOUNT_SEEDS.map(({ orgKey, ...a }) => ({
  ...a,
  password: DEMO_PASSWORD,
  org: orgName(orgKey),
}));

/** The district whose API key the demo creates. */
export const DEMO_API_KEY_ORG = "dongcheng";

async function insertOrgs(db: Db): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const paths = new Map<string, string>();
  for (const seed of DEMO_ORGS) {
    const id = randomUUID();
    const path = `${seed.parent ? paths.get(seed.parent)! : "/"}${id}/`;
    await db.insert(orgs).values({ id, name: seed.name, level: seed.level, parentId: seed.parent ? ids.get(seed.parent)! : null, path });
    ids.set(seed.key, id);
    paths.set(seed.key, path);
  }
  return ids;
}

/**
 * Seeds the demo org tree, one account per role (and a few more) and an API key — only on an
 * empty database — then the built-in datasets with demo rows (only while there are no datasets,
 * so an interrupted first start completes on the next). Returns the plaintext key when it
 * created one. `withData: false` skips the rows (fast integration-test databases).
 */
export async function seedDemo(
  databaseUrl: string,
  opts: { apiKey?: string; withData?: boolean; clues?: boolean } = {},
): Promise<{ seeded: boolean; apiKey: string | null }> {
  const { sql: client, db } = connect(databaseUrl, 1);
  let apiKey: string | null = null;
  let hasDatasets = false;
  try {
    const [{ count }] = await db.select({ count: sql<number>`count(*)::int` }).from(orgs);
    hasDatasets = (await db.select({ id: datasets.id }).from(datasets).limit(1)).length > 0;
    if (count === 0) apiKey = await seedAccounts(db, opts.apiKey ?? generateApiKey());
  } finally {
    await client.end();
  }
  if (!hasDatasets && opts.withData !== false) await seedDemoData(databaseUrl, { clues: opts.clues });
  else if (hasDatasets) await upgradeBuiltins(databaseUrl);
  return { seeded: apiKey !== null, apiKey };
}

async function seedAccounts(db: Db, apiKey: string): Promise<string> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    const orgIds = await insertOrgs(tx);
    for (const { orgKey, ...account } of ACCOUNT_SEEDS) {
      await tx.insert(users).values({ ...account, orgId: orgIds.get(orgKey)!, passwordHash });
    }
    await tx.insert(apiKeys).values({
      orgId: orgIds.get(DEMO_API_KEY_ORG)!,
      name: "演示数据接口",
      prefix: displayPrefix(apiKey),
      keyHash: hashApiKey(apiKey),
      // Every role a key may act as, so a script can drive every flow of its org; a year from the seed.
      scopes: [...API_KEY_SCOPES],
      expiresAt: expiresAtForDay(defaultExpiryDay()),
    });
  });
  return apiKey;
}
