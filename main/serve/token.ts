import { randomBytes, timingSafeEqual } from 'node:crypto'

/** A fresh per-run secret: 24 random bytes, URL-safe base64 (32 characters). */
export function newToken(): string {
  return randomBytes(24).toString('base64url')
}

/** Constant-time comparison, so response timing does not leak how much of a guess was right. */
export function tokensEqual(candidate: string, token: string): boolean {
  const a = Buffer.from(candidate)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}
