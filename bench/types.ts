// A bench group measures one area and returns figures named `<figure>_<unit>` (e.g. start_to_healthy_s).
export interface BenchGroup {
  name: string;
  description: string;
  /** `scale` multiplies data sizes (1 = default); groups without data may ignore it. */
  run(scale: number): Promise<Record<string, number>>;
}
