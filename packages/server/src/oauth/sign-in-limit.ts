// Slows password guessing on the sign-in page: after 5 wrong passwords for one user of an environment within
// 15 minutes, that user's sign-ins are refused (without a password check) until 15 minutes after the last one.
// Kept per process: each replica counts its own, so a balancer spreads at most 5 tries per replica per window.

export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60_000;

export class SignInLimit {
  private readonly failures = new Map<string, number[]>();

  /** Whether the user may try now; when not, the moment (ms) they may again. */
  blockedUntil(environment: string, user: string, now: number): number | undefined {
    const recent = this.recent(environment, user, now);
    return recent.length >= MAX_FAILURES ? recent[recent.length - 1]! + WINDOW_MS : undefined;
  }

  failed(environment: string, user: string, now: number): void {
    const key = `${environment}\n${user.trim().toLowerCase()}`;
    if (this.failures.size >= 10_000 && !this.failures.has(key)) this.failures.clear();
    this.failures.set(key, [...this.recent(environment, user, now), now].slice(-MAX_FAILURES));
  }

  succeeded(environment: string, user: string): void {
    this.failures.delete(`${environment}\n${user.trim().toLowerCase()}`);
  }

  private recent(environment: string, user: string, now: number): number[] {
    const list = this.failures.get(`${environment}\n${user.trim().toLowerCase()}`) ?? [];
    return list.filter((at) => now - at < WINDOW_MS);
  }
}
