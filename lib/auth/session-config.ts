/** Sessions expire after this much inactivity (each request renews the cookie). */
export const SESSION_IDLE_SECONDS = Number(process.env.SESSION_IDLE_HOURS ?? 8) * 3600;
