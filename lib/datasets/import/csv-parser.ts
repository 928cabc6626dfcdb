/**
 * A streaming RFC 4180 CSV parser: feed it decoded text chunks, get back complete records with
 * the row number the user sees in a spreadsheet (the header is row 1). Quoted fields may hold
 * commas, doubled quotes and line breaks; a record spans lines only inside quotes.
 */
export interface CsvRecord {
  row: number;
  fields: string[];
}

export class CsvParser {
  private field = "";
  private fields: string[] = [];
  private inQuotes = false;
  private quoteSeen = false; // the previous char closed a quoted section (or was an escaped quote)
  private row = 1;
  private recordRow = 1;
  private pendingCR = false;
  private fieldStarted = false;

  /** Parses a chunk; returns the records completed by it. */
  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let start = 0;
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const c = chunk.charCodeAt(i);
      if (this.pendingCR) {
        this.pendingCR = false;
        if (c === 10) {
          start = i + 1;
          continue;
        }
      }
      if (this.inQuotes) {
        if (c === 34) {
          this.field += chunk.slice(start, i);
          start = i + 1;
          this.inQuotes = false;
          this.quoteSeen = true;
        } else if (c === 10) {
          this.row++;
        }
        continue;
      }
      if (c === 34) {
        // An opening quote, or the second quote of an escaped "" inside a quoted field.
        if (this.quoteSeen) this.field += '"';
        else this.field += chunk.slice(start, i);
        start = i + 1;
        this.inQuotes = true;
        this.quoteSeen = false;
        this.fieldStarted = true;
        continue;
      }
      this.quoteSeen = false;
      if (c === 44) {
        this.fields.push(this.field + chunk.slice(start, i));
        this.field = "";
        start = i + 1;
        this.fieldStarted = true;
      } else if (c === 10 || c === 13) {
        this.endRecord(this.field + chunk.slice(start, i), out);
        start = i + 1;
        if (c === 13) this.pendingCR = true;
      } else {
        this.fieldStarted = true;
      }
    }
    if (this.inQuotes) this.field += chunk.slice(start);
    else this.field += chunk.slice(start);
    return out;
  }

  /** Flushes the last record when the file does not end with a line break. */
  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (this.fieldStarted || this.field.length > 0 || this.fields.length > 0) this.endRecord(this.field, out);
    return out;
  }

  /** True when the input ended inside a quoted field (an unterminated quote). */
  get unterminated(): boolean {
    return this.inQuotes;
  }

  private endRecord(last: string, out: CsvRecord[]): void {
    this.fields.push(last);
    const blank = this.fields.length === 1 && this.fields[0] === "";
    if (!blank) out.push({ row: this.recordRow, fields: this.fields });
    this.fields = [];
    this.field = "";
    this.fieldStarted = false;
    this.quoteSeen = false;
    this.row++;
    this.recordRow = this.row;
  }
}
