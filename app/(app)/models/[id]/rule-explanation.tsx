import type { RuleExplanation } from "@/lib/rules/describe";

/** A rule in plain Chinese, indented as its conditions nest. */
export function RuleExplanationList({ explanation }: { explanation: RuleExplanation }) {
  return (
    <>
      <p className="mb-1 text-sm text-slate-500">{explanation.source}</p>
      <ul className="space-y-1 text-sm text-slate-800">
        {explanation.lines.map((line, i) => (
          <li key={i} style={{ paddingLeft: `${line.depth * 1.25}rem` }}>
            {line.text}
          </li>
        ))}
      </ul>
    </>
  );
}
