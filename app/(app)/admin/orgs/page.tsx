import type { Metadata } from "next";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/policy";
import { requireActor } from "@/lib/auth/session";
import { getMessages } from "@/lib/i18n/locale";
import { childLevel, ORG_LEVEL_LABELS } from "@/lib/orgs/levels";
import { buildOrgTree, listOrgSummaries, type OrgNode } from "@/lib/orgs/queries";
import { OrgTree, type OrgTreeNode } from "./org-tree-client";

export const metadata: Metadata = { title: "院管理" };

export default async function OrgsPage() {
  const actor = await requireActor();
  const { t, locale } = await getMessages();
  if (!can(actor, "admin.orgs")) return <Forbidden t={t} />;
  const summaries = await listOrgSummaries(actor);
  const counts = new Map(summaries.map((o) => [o.id, o.userCount]));
  const toNode = (node: OrgNode): OrgTreeNode => {
    const child = childLevel(node.level);
    return {
      id: node.id,
      name: node.name,
      level: node.level,
      levelLabel: ORG_LEVEL_LABELS[node.level][locale],
      childLevelLabel: child ? ORG_LEVEL_LABELS[child][locale] : null,
      userCount: counts.get(node.id) ?? 0,
      children: node.children.map(toNode),
    };
  };
  return (
    <div className="mx-auto max-w-5xl">
      <PageHeader title={t.nav.orgs} description={`${actor.orgName}及其下级院，共 ${summaries.length} 个院。省院 → 市院 → 基层院三级。`} />
      <div className="card overflow-hidden">
        <OrgTree roots={buildOrgTree(summaries).map(toNode)} />
      </div>
    </div>
  );
}
