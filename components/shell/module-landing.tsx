import { EmptyState } from "@/components/ui/empty-state";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/policy";
import type { Permission } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { getMessages } from "@/lib/i18n/locale";

interface Props {
  permission: Permission;
  title: string;
  description: string;
  emptyTitle: string;
  emptyBody: string;
}

/** A module's page before it holds any records: the permission check and a clear empty state. */
export async function ModuleLanding({ permission, title, description, emptyTitle, emptyBody }: Props) {
  const actor = await requireActor();
  const { t } = await getMessages();
  if (!can(actor, permission)) return <Forbidden t={t} />;
  return (
    <div className="mx-auto max-w-6xl">
      <PageHeader title={title} description={description} />
      <div className="card">
        <EmptyState title={emptyTitle}>{emptyBody}</EmptyState>
      </div>
    </div>
  );
}
