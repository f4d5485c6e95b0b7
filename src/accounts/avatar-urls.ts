import { createHash } from 'node:crypto';
import type { AvatarView } from '../visibility/visibility.ts';

export const avatarSizes = [16, 24, 32, 48] as const;

const avatarPaths = { masked: '/veil/v1/avatars/masked', anonymous: '/veil/v1/avatars/anonymous' } as const;

/** Where the avatar a viewer may see is served: the real one by its key, the masked or the anonymous one. */
export function avatarUrl(baseUrl: string, avatar: AvatarView, size = 48): string {
  const path = avatar.kind === 'real' ? `/veil/v1/avatars/${avatar.key}` : avatarPaths[avatar.kind];
  return `${baseUrl}${path}?s=${size}`;
}

/** The four sizes the tracker's `avatarUrls` carry. */
export function avatarUrlSet(
  baseUrl: string,
  avatar: AvatarView,
): Record<'16x16' | '24x24' | '32x32' | '48x48', string> {
  return {
    '48x48': avatarUrl(baseUrl, avatar, 48),
    '24x24': avatarUrl(baseUrl, avatar, 24),
    '16x16': avatarUrl(baseUrl, avatar, 16),
    '32x32': avatarUrl(baseUrl, avatar, 32),
  };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Initials from the public name (always public), on a colour drawn from the avatar key. */
export function renderRealAvatar(key: string, publicName: string, size: number): string {
  const hue = createHash('sha256').update(key).digest()[0]! * (360 / 256);
  const initials = publicName
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => [...word][0]?.toUpperCase() ?? '')
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 48 48" role="img"><rect width="48" height="48" rx="24" fill="hsl(${Math.round(hue)},45%,40%)"/><text x="24" y="30" font-family="sans-serif" font-size="18" text-anchor="middle" fill="#fff">${escapeXml(initials)}</text></svg>`;
}

/** The default avatar of a deleted account: nobody's, the same for every former user. */
export function renderAnonymousAvatar(size: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 48 48" role="img"><rect width="48" height="48" rx="24" fill="#dfe1e6"/><circle cx="24" cy="19" r="8" fill="#a5adba"/><path d="M10 40c2-8 8-12 14-12s12 4 14 12" fill="#a5adba"/></svg>`;
}

/** The silhouette shown wherever an avatar is hidden. */
export function renderMaskedAvatar(size: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 48 48" role="img"><rect width="48" height="48" rx="24" fill="#c1c7d0"/><circle cx="24" cy="19" r="8" fill="#fff"/><path d="M10 40c2-8 8-12 14-12s12 4 14 12" fill="#fff"/></svg>`;
}
