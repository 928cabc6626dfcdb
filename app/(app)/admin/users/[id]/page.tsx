import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/policy";
import { requireActor } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { getMessages } from "@/lib/i18n/locale";
import { listOrgs } from "@/lib/orgs/queries";
import { orgOptions, roleOptions } from "@/lib/users/options";
import { getUser, type UserView } from "@/lib/users/queries";
import { ResetPasswordForm, StatusForm } from "../account-actions-client";
import { UserForm } from "../user-form-client";

export const metadata: Metadata = { title: "编辑用户" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function EditUserPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const { t, locale } = await getMessages();
  if (!can(actor, "admin.users")) return <Forbidden t={t} />;
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  let user: UserView;
  try {
    user = await getUser(actor, id);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  const orgList = await listOrgs(actor, "admin.users");
  return (
    <div className="mx-auto max-w-4xl space-y-5">
      <PageHeader
        title={`${user.name}（${user.username}）`}
        description={`创建于 ${formatDateTime(user.createdAt)} · 最近登录 ${user.lastLoginAt ? formatDateTime(user.lastLoginAt) : "从未登录"}`}
        actions={<Link href="/admin/users" className="btn-secondary">返回列表</Link>}
      />
      <section className="card p-6">
        <h2 className="mb-4 font-medium">基本信息与角色</h2>
        <UserForm mode="edit" orgs={orgOptions(orgList, locale)} roles={roleOptions(locale)} user={user} />
      </section>
      <div className="grid gap-5 md:grid-cols-2">
        <section className="card p-6">
          <h2 className="mb-3 font-medium">账号状态</h2>
          <StatusForm id={user.id} disabled={user.disabled} />
        </section>
        <section className="card p-6">
          <h2 className="mb-3 font-medium">重置密码</h2>
          <ResetPasswordForm id={user.id} />
        </section>
      </div>
    </div>
  );
}
