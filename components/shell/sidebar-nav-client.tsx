"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { NavItem } from "@/lib/navigation";
import { Icon } from "../ui/icons";

function isActive(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

export function SidebarNav({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  return (
    <nav className="flex-1 space-y-0.5 px-2 py-3" aria-label="主导航" data-testid="sidebar">
      {items.map((item) => {
        const open = item.children ? item.children.some((c) => isActive(pathname, c.href)) : false;
        const active = !item.children && isActive(pathname, item.href);
        return (
          <div key={item.href + item.label}>
            <Link
              href={item.href}
              className={`flex items-center gap-3 rounded px-3 py-2 text-[15px] transition ${
                active || open ? "bg-white/12 font-medium text-white" : "text-brand-100 hover:bg-white/8 hover:text-white"
              }`}
              aria-current={active ? "page" : undefined}
            >
              <Icon name={item.icon} className="h-[18px] w-[18px] shrink-0" />
              {item.label}
            </Link>
            {item.children ? (
              <div className="mt-0.5 mb-1 ml-9 space-y-0.5 border-l border-white/15 pl-2">
                {item.children.map((child) => (
                  <Link
                    key={child.href}
                    href={child.href}
                    className={`block rounded px-2 py-1.5 text-sm ${
                      isActive(pathname, child.href) ? "bg-white/12 text-white" : "text-brand-100 hover:text-white"
                    }`}
                    aria-current={isActive(pathname, child.href) ? "page" : undefined}
                  >
                    {child.label}
                  </Link>
                ))}
              </div>
            ) : null}
          </div>
        );
      })}
    </nav>
  );
}
