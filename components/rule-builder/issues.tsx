"use client";

import { useBuilder } from "./context";
import { pathText, type Path } from "./json";
import type { Issue } from "./types";

// Past these a path has entered a nested block, which shows its own issues.
const NESTED = /(?:^|\.)(?:all|any)\[\d+\]|(?:^|\.)not\.|(?:^|\.)where\.|(?:^|\.)on\./;

/** The checker's issues that concern the block at `path` itself (not a block nested in it). */
export function issuesOf(issues: readonly Issue[], path: Path): Issue[] {
  const at = pathText(path);
  return issues.filter((i) => {
    if (i.path === at) return true;
    if (!i.path.startsWith(at + ".") && !i.path.startsWith(at + "[")) return false;
    return !NESTED.test(i.path.slice(at.length));
  });
}

/** The block's problems, in Chinese, under the block (the checker's path in small print). */
export function BlockIssues({ path, exact }: { path: Path; exact?: boolean }) {
  const { issues } = useBuilder();
  const mine = exact ? issues.filter((i) => i.path === pathText(path)) : issuesOf(issues, path);
  if (mine.length === 0) return null;
  return (
    <ul className="mt-1 space-y-0.5 text-xs text-red-700" data-testid="block-issues">
      {mine.map((i, k) => (
        <li key={k}>
          {i.message} <code className="text-[10px] text-red-400">{i.path}</code>
        </li>
      ))}
    </ul>
  );
}
