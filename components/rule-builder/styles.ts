// The builder's inline inputs (the app's .input is a full-width block, unlayered, so widths cannot narrow it).
export const INPUT = "inline-block rounded border border-slate-300 bg-white px-2 py-1 text-sm shadow-sm outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-100";
