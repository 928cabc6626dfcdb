"use client";

import { useEffect, useState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { useKeptFormAction } from "@/components/forms/use-kept-form-action";
import { Badge } from "@/components/ui/badge";
import type { OrgLevel } from "@/db/schema";
import { createOrgAction, renameOrgAction } from "./actions";

export interface OrgTreeNode {
  id: string;
  name: string;
  level: OrgLevel;
  levelLabel: string;
  childLevelLabel: string | null;
  userCount: number;
  children: OrgTreeNode[];
}

function RenameForm({ node, onDone }: { node: OrgTreeNode; onDone: () => void }) {
  const [state, onSubmit, pending, action] = useKeptFormAction(renameOrgAction, null);
  useEffect(() => {
    if (state?.ok) onDone();
  }, [state, onDone]);
  return (
    <form action={action} onSubmit={onSubmit} className="flex flex-wrap items-center gap-2" noValidate>
      <input type="hidden" name="id" value={node.id} />
      <input name="name" defaultValue={node.name} className="input w-72" aria-label="院名称" autoFocus />
      <button className="btn-primary" disabled={pending}>保存</button>
      <button type="button" className="btn-secondary" onClick={onDone}>取消</button>
      <FormMessage state={state} />
    </form>
  );
}

function AddChildForm({ node, onDone }: { node: OrgTreeNode; onDone: () => void }) {
  // A refused name stays for correction; a created org clears the field for the next one.
  const [state, onSubmit, pending, action] = useKeptFormAction(createOrgAction, null, { resetOnSuccess: true });
  return (
    <form action={action} onSubmit={onSubmit} className="mt-2 ml-8 flex flex-wrap items-center gap-2" noValidate data-testid="add-org-form">
      <input type="hidden" name="parentId" value={node.id} />
      <input name="name" placeholder={`新${node.childLevelLabel}名称，如“某某区人民检察院”`} className="input w-80" aria-label="下级院名称" autoFocus />
      <button className="btn-primary" disabled={pending}>创建{node.childLevelLabel}</button>
      <button type="button" className="btn-secondary" onClick={onDone}>关闭</button>
      <FormMessage state={state} />
    </form>
  );
}

const LEVEL_TONE: Record<OrgLevel, "red" | "blue" | "gray"> = { province: "red", city: "blue", district: "gray" };

function OrgRow({ node, depth }: { node: OrgTreeNode; depth: number }) {
  const [mode, setMode] = useState<"view" | "rename" | "add">("view");
  return (
    <li data-testid="org-node" data-org-name={node.name}>
      <div className="flex items-center gap-3 border-b border-slate-100 py-2.5 hover:bg-slate-50" style={{ paddingLeft: `${depth * 28 + 12}px` }}>
        <span className="text-slate-300">{node.children.length > 0 ? "▾" : "•"}</span>
        {mode === "rename" ? (
          <RenameForm node={node} onDone={() => setMode("view")} />
        ) : (
          <>
            <span className="font-medium text-slate-800">{node.name}</span>
            <Badge tone={LEVEL_TONE[node.level]}>{node.levelLabel}</Badge>
            <span className="text-xs text-slate-400">{node.userCount} 名用户</span>
            <span className="ml-auto flex gap-3 pr-3">
              <button type="button" className="btn-link" onClick={() => setMode("rename")}>重命名</button>
              {node.childLevelLabel ? (
                <button type="button" className="btn-link" onClick={() => setMode("add")}>新建{node.childLevelLabel}</button>
              ) : null}
            </span>
          </>
        )}
      </div>
      {mode === "add" ? <AddChildForm node={node} onDone={() => setMode("view")} /> : null}
      {node.children.length > 0 ? (
        <ul>
          {node.children.map((child) => (
            <OrgRow key={child.id} node={child} depth={depth + 1} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

export function OrgTree({ roots }: { roots: OrgTreeNode[] }) {
  return (
    <ul className="text-sm" data-testid="org-tree">
      {roots.map((root) => (
        <OrgRow key={root.id} node={root} depth={0} />
      ))}
    </ul>
  );
}
