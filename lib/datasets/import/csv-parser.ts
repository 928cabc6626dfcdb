/**
 * A streaming RFC 4180 CSV parser: feed it decoded text chunks, get back complete records with
 * the row number the user sees in a spreadsheet (the header is row 1). Quoted fields may hold
 * commas, doubled quotes and line breaks; a record spans lines only inside quotes.
 *
 * Speed matters (millions of rows per import): a line without quotes is split natively; only
 * lines with quotes go through the character scanner.
 */
export interface CsvRecord {
  row: number;
  fields: string[];
}

/** Splits one complete record that contains quotes. */
function splitQuoted(record: string): string[] {
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

function countQuotes(text: string): number {
  let count = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) count++;
  return count;
}

export class CsvParser {
  private rest = "";
  /** A quoted record still open across lines. */
  private partial: string | null = null;
  private partialQuotes = 0;
  private partialRow = 0;
  private row = 0;
  private open = false;

  /** Parses a chunk; returns the records completed by it. */
  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    const text = this.rest + chunk;
    let pos = 0;
    for (;;) {
      const nl = text.indexOf("\n", pos);
      if (nl < 0) break;
      const end = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      this.line(text.slice(pos, end), text.slice(end, nl + 1), out);
      pos = nl + 1;
    }
    this.rest = text.slice(pos);
    return out;
  }

  /** Flushes the last record when the file does not end with a line break. */
  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (this.rest.length > 0) this.line(this.rest, "", out);
    this.rest = "";
    if (this.partial !== null) {
      this.open = true;
      out.push({ row: this.partialRow, fields: splitQuoted(this.partial) });
      this.partial = null;
    }
    return out;
  }

  /** True when the input ended inside a quoted field (an unterminated quote). */
  get unterminated(): boolean {
    return this.open || this.partial !== null;
  }

  private line(line: string, ending: string, out: CsvRecord[]): void {
    this.row++;
    if (this.partial !== null) {
      this.partial += line;
      this.partialQuotes += countQuotes(line);
      if (this.partialQuotes % 2 === 0) {
        out.push({ row: this.partialRow, fields: splitQuoted(this.partial) });
        this.partial = null;
      } else this.partial += ending;
      return;
    }
    if (line.length === 0) return; // blank line: counted, not a record
    if (line.indexOf('"') < 0) {
      out.push({ row: this.row, fields: line.split(",") });
      return;
    }
    const quotes = countQuotes(line);
    if (quotes % 2 === 0) {
      out.push({ row: this.row, fields: splitQuoted(line) });
      return;
    }
    this.partial = line + ending;
    this.partialQuotes = quotes;
    this.partialRow = this.row;
  }
}
