import type { NavIcon } from "@/lib/navigation";

const PATHS: Record<NavIcon | "emblem" | "inbox" | "lock", string> = {
  home: "M3 11l9-7 9 7v9a1 1 0 01-1 1h-5v-6H9v6H4a1 1 0 01-1-1z",
  clues: "M11 4a7 7 0 105.2 11.7L21 20.5M11 8v3l2 2",
  models: "M4 6h16M4 12h10M4 18h6M17 14l3 3-3 3",
  market: "M4 7h16l-1.5 11a2 2 0 01-2 1.7H7.5a2 2 0 01-2-1.7zM9 7a3 3 0 016 0",
  datasets: "M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3zm0 0v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3",
  stats: "M4 20V10M10 20V4M16 20v-7M22 20H2",
  admin: "M12 15a3 3 0 100-6 3 3 0 000 6zm7.4-3a7.4 7.4 0 00-.1-1.3l2-1.6-2-3.4-2.4 1a7.3 7.3 0 00-2.2-1.3L14.3 3h-4l-.4 2.4a7.3 7.3 0 00-2.2 1.3l-2.4-1-2 3.4 2 1.6a7.4 7.4 0 000 2.6l-2 1.6 2 3.4 2.4-1a7.3 7.3 0 002.2 1.3l.4 2.4h4l.4-2.4a7.3 7.3 0 002.2-1.3l2.4 1 2-3.4-2-1.6c.1-.4.1-.9.1-1.3z",
  emblem: "M12 2l8 3v6c0 5-3.4 9.4-8 11-4.6-1.6-8-6-8-11V5zm0 5l1.2 2.6 2.8.3-2.1 1.9.6 2.8L12 13.2 9.5 14.6l.6-2.8L8 9.9l2.8-.3z",
  inbox: "M3 13l3-8h12l3 8v6a1 1 0 01-1 1H4a1 1 0 01-1-1zm0 0h5l1 3h6l1-3h5",
  lock: "M6 11h12v10H6zM8 11V7a4 4 0 018 0v4",
};

export function Icon({ name, className = "h-5 w-5" }: { name: keyof typeof PATHS; className?: string }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.7} strokeLinecap="round" strokeLinejoin="round" className={className} aria-hidden="true">
      <path d={PATHS[name]} />
    </svg>
  );
}
