import type { Metadata } from "next";
import Link from "next/link";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/policy";
import { requireActor } from "@/lib/auth/session";
import { getMessages } from "@/lib/i18n/locale";
import { listOrgs } from "@/lib/orgs/queries";
import { orgOptions, roleOptions } from "@/lib/users/options";
import { UserForm } from "../user-form-client";

export const metadata: Metadata = { title: "新建用户" };

export default async function NewUserPage() {
  const actor = await requireActor();
  const { t, locale } = await getMessages();
  if (!can(actor, "admin.users")) return <Forbidden t={t} />;
  const orgList = await listOrgs(actor, "admin.users");
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title="新建用户" actions={<Link href="/admin/users" className="btn-secondary">返回列表</Link>} />
      <div className="card p-6">
        <UserForm mode="create" orgs={orgOptions(orgList, locale)} roles={roleOptions(locale)} />
      </div>
    </div>
  );
}
