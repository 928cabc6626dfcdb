import Link from "next/link";
import type { Messages } from "@/lib/i18n/messages";
import { EmptyState } from "./empty-state";

export function Forbidden({ t }: { t: Messages }) {
  return (
    <div className="card" data-testid="forbidden">
      <EmptyState title={t.common.forbiddenTitle} icon="lock">
        <p>{t.common.forbiddenBody}</p>
        <Link href="/" className="btn-link mt-3 inline-block">
          {t.common.backHome}
        </Link>
      </EmptyState>
    </div>
  );
}
