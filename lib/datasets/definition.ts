import { z } from "zod";

/**
 * 来源单位 (`agency`) and 业务条线 (`businessLine`) name codes of lists an admin extends (tables
 * `agencies` and `business_lines`, lib/code-lists). The schema checks only that a code is text;
 * whether it names an active code is checked against the database when a dataset is registered
 * (lib/datasets/definition-check.ts), with the codes that may stand there.
 */
const code = (what: string) => z.string(`${what}应为代码文本`);

/** How the definition's fields are named in an error summary ("来源单位：…", never "接收单位"). */
export const DATASET_FIELD_LABELS = {
  key: "标识",
  name: "名称",
  agency: "来源单位",
  businessLine: "业务条线",
  description: "说明",
  fields: "字段",
  indexes: "索引",
  businessKey: "业务主键",
  recordDateField: "记录日期字段",
  lateAfterDays: "迟填天数",
} as const;

export const FIELD_TYPES = ["text", "integer", "numeric", "boolean", "date", "timestamp"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const PII_KINDS = ["id_number", "name", "phone", "address", "none"] as const;
export type PiiKind = (typeof PII_KINDS)[number];

export const FIELD_TYPE_LABELS: Record<FieldType, string> = {
  text: "文本",
  integer: "整数",
  numeric: "数值",
  boolean: "是/否",
  date: "日期",
  timestamp: "日期时间",
};

export const PII_LABELS: Record<PiiKind, string> = {
  id_number: "身份证号",
  name: "姓名",
  phone: "电话",
  address: "地址",
  none: "非个人信息",
};

const identifier = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}$/, "只能由小写字母、数字和下划线组成，以字母开头，最长 63 位");

// Column names the platform adds to every dataset table.
export const RESERVED_COLUMNS = ["org_id", "import_id", "row_no", "id"] as const;

export const ZDatasetField = z.object({
  name: identifier.refine((n) => !(RESERVED_COLUMNS as readonly string[]).includes(n), "是平台保留字段名"),
  label: z.string().trim().min(1, "请填写中文名称").max(40),
  type: z.enum(FIELD_TYPES, "类型须为 text/integer/numeric/boolean/date/timestamp 之一"),
  pii: z.enum(PII_KINDS, "个人信息类别无效").default("none"),
  required: z.boolean().default(false),
  /** Amounts and counts that can never be negative (a negative value is 错填). */
  nonNegative: z.boolean().default(false),
  description: z.string().max(200).optional(),
});
export type DatasetField = z.infer<typeof ZDatasetField>;

export const ZDatasetDefinition = z
  .object({
    key: identifier,
    name: z.string().trim().min(2, "请填写数据资源名称").max(40),
    agency: code("来源单位"),
    businessLine: code("业务条线"),
    description: z.string().max(500).default(""),
    fields: z.array(ZDatasetField).min(1, "至少需要一个字段").max(200),
    /** Extra indexes (each a list of field names) that rules and quality checks need. */
    indexes: z.array(z.array(z.string()).min(1)).default([]),
    /** Fields that identify one business record: two rows with the same values are duplicates (重复). */
    businessKey: z.array(z.string()).min(1, "请指定业务主键字段"),
    /** The field that dates the record, for freshness (迟填). */
    recordDateField: z.string().optional(),
    /** A record imported more than this many days after its record date is late (迟填). */
    lateAfterDays: z.number().int().positive().default(30),
  })
  .superRefine((def, ctx) => {
    const names = new Map(def.fields.map((f) => [f.name, f]));
    const seen = new Set<string>();
    def.fields.forEach((f, i) => {
      if (seen.has(f.name)) ctx.addIssue({ code: "custom", path: ["fields", i, "name"], message: `字段名 ${f.name} 重复` });
      seen.add(f.name);
    });
    const known = (path: (string | number)[], name: string): void => {
      if (!names.has(name)) ctx.addIssue({ code: "custom", path, message: `未定义的字段 ${name}` });
    };
    def.indexes.forEach((idx, i) => idx.forEach((n, j) => known(["indexes", i, j], n)));
    def.businessKey.forEach((n, i) => known(["businessKey", i], n));
    if (def.recordDateField) {
      known(["recordDateField"], def.recordDateField);
      const type = names.get(def.recordDateField)?.type;
      if (type && type !== "date" && type !== "timestamp") {
        ctx.addIssue({ code: "custom", path: ["recordDateField"], message: "记录日期字段必须是日期或日期时间类型" });
      }
    }
  });
export type DatasetDefinition = z.infer<typeof ZDatasetDefinition>;
export type DatasetDefinitionInput = z.input<typeof ZDatasetDefinition>;
