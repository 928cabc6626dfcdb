import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { getMessages } from "@/lib/i18n/locale";

export default async function NotFound() {
  const { t } = await getMessages();
  return (
    <div className="mx-auto mt-20 max-w-lg card">
      <EmptyState title={t.common.notFoundTitle}>
        <p>{t.common.notFoundBody}</p>
        <Link href="/" className="btn-link mt-3 inline-block">
          {t.common.backHome}
        </Link>
      </EmptyState>
    </div>
  );
}
