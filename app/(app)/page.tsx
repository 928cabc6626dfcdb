import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireActor } from "@/lib/auth/session";
import { waitingFor } from "@/lib/home/waiting";
import { getMessages } from "@/lib/i18n/locale";
import { format } from "@/lib/i18n/messages";
import { ClueStatusBadge } from "./clues/status-badge";

function daysSince(date: Date): number {
  return Math.max(0, Math.floor((Date.now() - date.getTime()) / 86_400_000));
}

export default async function HomePage() {
  const actor = await requireActor();
  const { t } = await getMessages();
  const sections = await waitingFor(actor);
  return (
    <div className="mx-auto max-w-6xl">
      <PageHeader title={format(t.home.greeting, { name: actor.name })} description={`${actor.orgName} · ${t.home.subtitle}`} />
      <div className="grid gap-5 lg:grid-cols-2">
        {sections.map((section) => (
          <section key={section.key} className="card" data-testid={`home-${section.key}`}>
            <h2 className="border-b border-slate-100 px-5 py-3 font-medium text-slate-800">{t.home.sections[section.key].title}</h2>
            {section.items.length === 0 ? (
              <EmptyState title={t.home.nothingWaiting}>{t.home.sections[section.key].empty}</EmptyState>
            ) : (
              <>
                <div className={`grid grid-cols-2 gap-px bg-slate-100 ${section.items.length > 2 ? "sm:grid-cols-4" : ""}`}>
                  {section.items.map((item) => (
                    <Link key={item.key} href={item.href ?? "#"} className="bg-white px-5 py-4 hover:bg-brand-50">
                      <div className={`text-2xl font-semibold ${item.tone === "warn" ? "text-amber-600" : "text-brand-700"}`}>{item.display ?? item.value}</div>
                      <div className="mt-1 text-xs text-slate-500">{t.home.items[item.key]}</div>
                    </Link>
                  ))}
                </div>
                {section.clues && section.clues.length > 0 ? (
                  <ul className="divide-y divide-slate-100 border-t border-slate-100" data-testid="my-clues">
                    {section.clues.map((clue) => (
                      <li key={clue.id}>
                        <Link href={`/clues/${clue.id}`} className="flex items-center gap-3 px-5 py-2.5 text-sm hover:bg-brand-50" prefetch={false}>
                          <ClueStatusBadge status={clue.status} />
                          <span className="min-w-0 flex-1 truncate text-slate-800">{clue.title}</span>
                          <span className="text-xs whitespace-nowrap text-slate-400">
                            {daysSince(clue.firstSeenAt) === 0 ? t.home.today : `${t.home.waitingSince} ${daysSince(clue.firstSeenAt)} ${t.home.days}`}
                          </span>
                        </Link>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </>
            )}
          </section>
        ))}
      </div>
    </div>
  );
}
