import 'next-auth';
import 'next-auth/jwt';

declare module 'next-auth' {
  interface Session {
    uid?: string;
    sv?: number;
    sid?: string;
  }
  interface User {
    sessionVersion?: number;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    uid?: string;
    sv?: number;
    /** The console session's row (lib/auth/console-sessions.ts). */
    sid?: string;
  }
}
