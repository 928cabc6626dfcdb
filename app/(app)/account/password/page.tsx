import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requireActor } from "@/lib/auth/session";
import { ChangePasswordForm } from "./password-form-client";

export const metadata: Metadata = { title: "修改密码" };

export default async function ChangePasswordPage() {
  await requireActor();
  return (
    <div className="mx-auto max-w-md">
      <PageHeader title="修改密码" description="修改后本账号的所有登录会话立即失效，请用新密码重新登录。" />
      <div className="card p-6">
        <ChangePasswordForm />
      </div>
    </div>
  );
}
