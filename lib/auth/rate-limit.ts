import "server-only";
import { getRedis } from "../redis";

/** Failed sign-ins allowed per window before the account / the IP is locked out. */
export const LOGIN_LIMITS = {
  perAccount: Number(process.env.LOGIN_MAX_FAILURES_PER_ACCOUNT ?? 5),
  perIp: Number(process.env.LOGIN_MAX_FAILURES_PER_IP ?? 30),
  windowSeconds: Number(process.env.LOGIN_LOCKOUT_SECONDS ?? 15 * 60),
};

const accountKey = (username: string): string => `login:fail:user:${username.toLowerCase()}`;
const ipKey = (ip: string): string => `login:fail:ip:${ip}`;

export interface LockState {
  locked: boolean;
  retryAfterSeconds: number;
}

/** Whether further attempts for this account or from this IP are refused right now. */
export async function loginLockState(username: string, ip: string): Promise<LockState> {
  const redis = getRedis();
  const [[, userFails], [, ipFails], [, userTtl], [, ipTtl]] = (await redis
    .multi()
    .get(accountKey(username))
    .get(ipKey(ip))
    .ttl(accountKey(username))
    .ttl(ipKey(ip))
    .exec()) as [[null, string | null], [null, string | null], [null, number], [null, number]];
  const userLocked = Number(userFails ?? 0) >= LOGIN_LIMITS.perAccount;
  const ipLocked = Number(ipFails ?? 0) >= LOGIN_LIMITS.perIp;
  const ttl = Math.max(userLocked ? userTtl : 0, ipLocked ? ipTtl : 0);
  return { locked: userLocked || ipLocked, retryAfterSeconds: Math.max(ttl, 1) };
}

/** Counts a failure against both the account and the IP; the window starts at the first failure. */
export async function recordLoginFailure(username: string, ip: string): Promise<void> {
  const redis = getRedis();
  await redis
    .multi()
    .incr(accountKey(username))
    .expire(accountKey(username), LOGIN_LIMITS.windowSeconds, "NX")
    .incr(ipKey(ip))
    .expire(ipKey(ip), LOGIN_LIMITS.windowSeconds, "NX")
    .exec();
}

export async function clearLoginFailures(username: string): Promise<void> {
  await getRedis().del(accountKey(username));
}
