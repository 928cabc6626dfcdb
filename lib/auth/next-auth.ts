import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { randomUUID } from "node:crypto";
import { clientIp } from "./actor";
import { SESSION_IDLE_SECONDS } from "./session-config";
import { authenticate, ZLoginInput, type LoginFailure } from "./login";
import { decodeSessionToken, encodeSessionToken } from "./token-cache";

declare module "next-auth" {
  interface User {
    sessionVersion?: number;
  }
  interface Session {
    uid?: string;
    sessionVersion?: number;
    sid?: string;
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    uid?: string;
    sv?: number;
    /** Identifies this sign-in across cookie refreshes, so sign-out can revoke it. */
    sid?: string;
  }
}


/** Carries why a sign-in failed to the login form (the code is not sensitive). */
export class LoginRefused extends CredentialsSignin {
  constructor(reason: LoginFailure) {
    super(reason);
    this.code = reason;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  // The idle clock moves on at most once a minute (token-cache.ts): Auth.js ignores updateAge for
  // JWT sessions and would re-seal the cookie on every read.
  session: { strategy: "jwt", maxAge: SESSION_IDLE_SECONDS },
  jwt: { decode: decodeSessionToken, encode: encodeSessionToken },
  pages: { signIn: "/login" },
  providers: [
    Credentials({
      credentials: { username: {}, password: {} },
      async authorize(raw, request) {
        const parsed = ZLoginInput.safeParse(raw);
        if (!parsed.success) throw new LoginRefused("invalid");
        const result = await authenticate(parsed.data, clientIp(request.headers));
        if (!result.ok) throw new LoginRefused(result.reason);
        return { id: result.userId, name: result.name, sessionVersion: result.sessionVersion };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) {
        token.uid = user.id;
        token.sv = user.sessionVersion;
        token.sid = randomUUID();
      }
      return token;
    },
    session({ session, token }) {
      session.uid = token.uid;
      session.sessionVersion = token.sv;
      session.sid = token.sid;
      return session;
    },
  },
  logger: {
    // A refused sign-in is expected; keep the server log for real failures.
    error(error) {
      if (error instanceof CredentialsSignin || (error as { type?: string }).type === "CredentialsSignin") return;
      console.error("[auth]", error);
    },
  },
});
