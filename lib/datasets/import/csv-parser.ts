/**
 * RFC 4180 pieces for the importer: a record with the row number the user sees in a spreadsheet
 * (the header is row 1), and the splitter for records that contain quotes (quoted fields may hold
 * commas, doubled quotes and line breaks). Lines without quotes never come here: CopyEncoder
 * splits them on byte offsets.
 */
export interface CsvRecord {
  row: number;
  fields: string[];
}

/** Splits one complete record that contains quotes. */
export function splitQuoted(record: string): string[] {
  const fields: string[] = [];
  let field = "";
  let i = 0;
  const n = record.length;
  while (i <= n) {
    if (record.charCodeAt(i) === 34) {
      // Quoted field: read to the closing quote, "" is a literal quote.
      i++;
      for (;;) {
        const q = record.indexOf('"', i);
        if (q < 0) {
          field += record.slice(i);
          i = n;
          break;
        }
        field += record.slice(i, q);
        if (record.charCodeAt(q + 1) === 34) {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      // Anything between the closing quote and the comma is kept as written.
      const comma = record.indexOf(",", i);
      const end = comma < 0 ? n : comma;
      field += record.slice(i, end);
      fields.push(field);
      field = "";
      i = end + 1;
    } else {
      const comma = record.indexOf(",", i);
      const end = comma < 0 ? n : comma;
      fields.push(record.slice(i, end));
      i = end + 1;
    }
  }
  return fields;
}

