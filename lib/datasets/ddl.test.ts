import { describe, expect, it } from "vitest";
import { ZDatasetDefinition } from "./definition";
import { addColumnStatement, createTableStatements, quoteIdent } from "./ddl";

const def = ZDatasetDefinition.parse({
  key: "prison_admission",
  name: "监狱收押",
  agency: "prison",
  businessLine: "criminal",
  fields: [
    { name: "id_number", label: "身份证号", type: "text", pii: "id_number", required: true },
    { name: "admission_date", label: "收押日期", type: "date", required: true },
    { name: "term_months", label: "刑期（月）", type: "integer", nonNegative: true },
  ],
  businessKey: ["id_number", "admission_date"],
  indexes: [["id_number"]],
  recordDateField: "admission_date",
});

describe("dataset DDL", () => {
  it("creates the typed table partitioned by org, with the row id and declared indexes", () => {
    const [, sequence, table, ...indexes] = createTableStatements(def);
    expect(sequence).toBe('create sequence "ds"."prison_admission_id_seq" cache 1000');
    expect(table).toContain('create table "ds"."prison_admission"');
    expect(table).toContain("partition by list (org_id)");
    expect(table).toContain('"admission_date" date');
    expect(table).toContain('"term_months" bigint');
    expect(table).toContain("org_id uuid not null");
    expect(indexes).toEqual([
      'create index if not exists "prison_admission_id_idx" on "ds"."prison_admission" ("id")',
      'create index if not exists "prison_admission_id_number_idx" on "ds"."prison_admission" ("id_number")',
    ]);
  });

  it("adds a field as a nullable column", () => {
    expect(addColumnStatement("prison_admission", { name: "prison", label: "监狱", type: "text", pii: "none", required: false, nonNegative: false })).toBe(
      'alter table "ds"."prison_admission" add column "prison" text collate "C"',
    );
  });

  it("quotes identifiers", () => {
    expect(quoteIdent('a"b')).toBe('"a""b"');
  });

  it("rejects definitions that name unknown or reserved fields, with the path", () => {
    const bad = ZDatasetDefinition.safeParse({ ...def, businessKey: ["nope"], fields: [...def.fields, { name: "org_id", label: "x", type: "text" }] });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join("."));
    expect(paths).toContain("businessKey.0");
    expect(paths).toContain("fields.3.name");
  });
});
